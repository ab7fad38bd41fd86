import Dispatch
import PlacardRules
import PlacardSystem

/// What a build did: findings, per-stage timings and counts.
///
/// Exists as the one result every driver of the pipeline reads: `placard build` prints it,
/// `serve` turns it into a log line and the error overlay, the tests assert on it.
public struct BuildReport: Sendable {
    /// One named, timed stage (load, parse, render, bundle, write).
    public struct Stage: Sendable {
        public var name: String
        public var seconds: Double
    }

    public var findings: [Finding] = []
    public var stages: [Stage] = []
    public var widgets = 0
    public var pages = 0
    public var files = 0
    /// Widget ids built with `unsafeHTML: true`.
    public var unsafeWidgets: [String] = []
    /// True once the new output has been swapped in.
    public var wrote = false
    /// Set when the output folder may not be replaced (nothing was read or written); the
    /// same sentence is also the `output.refused` finding.
    public var refusal: OutputFolder.Refusal?
    public var seconds: Double { stages.reduce(0) { $0 + $1.seconds } }
    public var succeeded: Bool { !findings.hasErrors }

    public init() {}

    /// Runs `body` as stage `name` and records how long it took; a stage of the same name
    /// right after another adds to it (serve's partial rebuilds render in two steps).
    @discardableResult
    mutating func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if stages.last?.name == name {
                stages[stages.count - 1].seconds += seconds
            } else {
                stages.append(Stage(name: name, seconds: seconds))
            }
        }
        return try body()
    }
}
