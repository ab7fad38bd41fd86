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

        public init(name: String, seconds: Double) {
            self.name = name
            self.seconds = seconds
        }
    }

    public var findings: [Finding] = []
    public var stages: [Stage] = []
    public var widgets = 0
    public var pages = 0
    public var files = 0
    /// Widget ids built with `unsafeHTML: true`.
    public var unsafeWidgets: [String] = []
    /// Each widget rendered, with its page count, in build order.
    public var widgetPages: [(id: String, pages: Int)] = []
    /// True once the new output has been swapped in.
    public var wrote = false
    /// Set when the output folder may not be replaced (nothing was read or written); the
    /// same sentence is also the `output.refused` finding.
    public var refusal: OutputFolder.Refusal?
    /// The run's wall time, from its start to its return (set by `Pipeline.run`).
    public var wallSeconds: Double = 0
    /// Every output file with its bytes, kept only by a run that does not write
    /// (`placard check` verifies them in memory) and only when it found no error.
    public var output: [String: [UInt8]]?
    /// The wall time (the stages' total if the run was not timed as a whole).
    public var seconds: Double { max(wallSeconds, stagesSeconds) }
    public var stagesSeconds: Double { stages.reduce(0) { $0 + $1.seconds } }
    /// The stages, plus "other" for the time between them (deciding what to replace,
    /// freeing memory), so the list adds up to `seconds`.
    public var stagesWithRest: [Stage] {
        let rest = wallSeconds - stagesSeconds
        return rest > 0 ? stages + [Stage(name: "other", seconds: rest)] : stages
    }
    public var succeeded: Bool { !findings.hasErrors }

    public init() {}

    /// Records stage `name` as lasting from `start` (a `DispatchTime` uptime) until now.
    mutating func record(_ name: String, since start: UInt64) {
        stages.append(Stage(name: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    }

    /// Runs `body` as stage `name` and records how long it took; a stage of the same name
    /// right after another adds to it (serve's partial rebuilds render in two steps).
    @discardableResult
    mutating func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(name, nanoseconds: DispatchTime.now().uptimeNanoseconds - start) }
        return try body()
    }

    /// Adds `nanoseconds` to stage `name` (to the last stage if it has that name).
    mutating func add(_ name: String, nanoseconds: UInt64) {
        let seconds = Double(nanoseconds) / 1e9
        if stages.last?.name == name {
            stages[stages.count - 1].seconds += seconds
        } else {
            stages.append(Stage(name: name, seconds: seconds))
        }
    }
}
