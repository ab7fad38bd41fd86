import Foundation

/// A value shared between the watcher thread and request handlers, guarded by a lock.
///
/// Exists because the preview server's state (build status, SSE subscribers, the fake
/// REST store) is touched both from a plain thread and from async handlers, and
/// `Synchronization.Mutex` is not available on every platform the package declares.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}
