import Foundation
import PlacardCore
import PlacardSystem

/// The line a long build redraws on a terminal: stage, pages rendered of the total, rate.
///
/// Exists because a build of thousands of pages would otherwise print nothing for minutes.
/// It appears only when standard error is a terminal and the build has run for a while
/// (1 s; `PLACARD_PROGRESS_DELAY_MS` changes it, for tests), is drawn at once when a stage
/// starts after that and redrawn ten times a second from its own thread, and is erased before the findings and the summary are printed, so
/// piped output and logs never contain it.
final class ProgressLine: @unchecked Sendable {
    private let progress: BuildProgress
    private let delay: Double
    private let started = DispatchTime.now().uptimeNanoseconds
    /// Whether the line is on screen (guarded by `lock`).
    private var shown = false
    private var stopped = false
    private let lock = NSLock()

    private init(progress: BuildProgress, delay: Double) {
        self.progress = progress
        self.delay = delay
    }

    /// Starts the line's thread when standard error is a terminal; nil otherwise.
    static func start(_ progress: BuildProgress, environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressLine? {
        guard isatty(2) == 1 else { return nil }
        let delay = environment["PLACARD_PROGRESS_DELAY_MS"].flatMap(Double.init).map { $0 / 1000 } ?? 1
        let line = ProgressLine(progress: progress, delay: delay)
        // A stage change is drawn on the pipeline's thread as it happens: what the line shows
        // never depends on whether the timer thread got to run before a short build ended.
        progress.observeStages { [weak line] snapshot in line?.draw(snapshot) }
        Thread.detachNewThread { line.loop() }
        return line
    }

    private func loop() {
        while true {
            Thread.sleep(forTimeInterval: 0.1)
            if !draw(progress.snapshot) { return }
        }
    }

    /// Draws `snapshot` once the delay has passed; false when the line was stopped.
    @discardableResult
    private func draw(_ snapshot: BuildProgress.Snapshot) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if stopped { return false }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard elapsed >= delay else { return true }
        FileDescriptorText.write("\r" + Self.describe(snapshot, elapsed: elapsed) + "\u{1B}[K", to: 2)
        shown = true
        return true
    }

    /// `render 1,204/10,000 pages · 3,910 pages/s · 2.1 s`.
    static func describe(_ snapshot: BuildProgress.Snapshot, elapsed: Double) -> String {
        var text = snapshot.stage
        if snapshot.total > 0 {
            text += " \(snapshot.done)/\(snapshot.total) pages"
            if elapsed > 0 { text += " · \(Int(Double(snapshot.done) / elapsed)) pages/s" }
        }
        return text + " · " + String(format: "%.1f s", elapsed)
    }

    /// Stops the thread and erases the line.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        stopped = true
        if shown { FileDescriptorText.write("\r\u{1B}[K", to: 2) }
    }
}
