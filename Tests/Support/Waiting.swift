import Foundation

extension TestSupport {
    /// Waits until `condition` holds, checking it every few milliseconds; true when it did.
    ///
    /// Exists so that a test waits on a state (a file written, a batch seen, a subscriber
    /// connected) and never on how fast the machine is. `safetyNet` only keeps a broken test
    /// from hanging the suite: it is generous (a minute) because reaching it means failure,
    /// never the expected way out, whatever else the machine is doing.
    @discardableResult
    public static func waitUntil(safetyNet seconds: Double = 60, _ condition: () -> Bool) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while !condition() {
            if DispatchTime.now().uptimeNanoseconds > deadline { return condition() }
            usleep(5_000)
        }
        return true
    }

    /// The same from async code, without blocking a cooperative thread.
    @discardableResult
    public static func waitUntilAsync(safetyNet seconds: Double = 60, _ condition: () async -> Bool) async -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while await !condition() {
            if DispatchTime.now().uptimeNanoseconds > deadline { return await condition() }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return true
    }
}
