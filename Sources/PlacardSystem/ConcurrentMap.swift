import Dispatch

/// Runs a build's per-file work on all cores, and collects results in index order so that
/// the output never depends on timing or on the number of threads.
///
/// The number of threads is the number of online cores, unless the environment variable
/// `PLACARD_THREADS` (read once, at the first parallel step) says otherwise: a positive
/// number of threads, where `1` runs everything on the calling thread. The tests use
/// `ConcurrentMap.$threads` to compare builds made with different counts in one process.
package enum ConcurrentMap {
    /// Threads for the current task: set by the tests with `$threads.withValue(n) { … }`.
    @TaskLocal package static var threads: Int?

    /// `PLACARD_THREADS`, or the number of online cores.
    static let defaultThreads: Int = {
        if let text = getenv("PLACARD_THREADS").map({ String(cString: $0) }), let value = Int(text), value > 0 {
            return value
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// The number of threads the next parallel step will use.
    package static var width: Int { threads ?? defaultThreads }

    /// Calls `body` for every index in `0..<count`, on up to `width` threads; each thread
    /// takes the next index that no other thread took yet, so one slow item never holds
    /// back a whole share of the work.
    package static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        let threads = min(width, count)
        guard threads > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let i = counter.withLock { next in
                    defer { next += 1 }
                    return next
                }
                if i >= count { return }
                body(i)
            }
        }
    }

    /// `forEach` that returns the results in index order.
    package static func run<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let slots = SendableBuffer(buffer: results)
        forEach(count) { i in slots.buffer[i] = body(i) }
        return results.map { $0! }
    }
}

/// Each iteration writes only its own slot, so sharing the buffer across threads is safe.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
}
