import Dispatch

/// `DispatchQueue.concurrentPerform` that returns results in index order, so the output
/// never depends on thread timing.
enum Concurrent {
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { slots.buffer[$0] = body($0) }
        return slots.buffer.map { $0! }
    }

    /// Each iteration writes only its own slot, so sharing the buffer across threads is safe.
    private final class Slots<T>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<T?>
        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }
        deinit {
            buffer.deinitialize()
            buffer.deallocate()
        }
    }
}
