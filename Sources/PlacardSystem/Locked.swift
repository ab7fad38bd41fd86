import Foundation

/// A value shared between threads, guarded by a lock: the package's one lock wrapper.
///
/// Exists because the preview server's state, the verifier's digest cache and the parallel
/// map's work counter are touched from several threads at once, and
/// `Synchronization.Mutex` is not available on every platform the package declares.
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    package func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    package var current: Value { withLock { $0 } }
}
