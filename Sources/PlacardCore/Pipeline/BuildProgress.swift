import PlacardSystem

/// Where a running build is: its current stage and, while rendering, pages done of the
/// total.
///
/// Exists so that a long build on a terminal can show that it is moving (`placard build`
/// draws a progress line from it) without the pipeline knowing about terminals: the
/// pipeline only counts, from the rendering threads, and whoever watches reads.
public final class BuildProgress: Sendable {
    /// One reading of the progress.
    public struct Snapshot: Sendable, Equatable {
        public var stage: String
        public var done: Int
        public var total: Int
    }

    private let state = Locked(Snapshot(stage: "load", done: 0, total: 0))

    public init() {}

    /// The stage now running, with the number of steps it has (0: not counted).
    func start(_ stage: String, total: Int) {
        state.withLock { $0 = Snapshot(stage: stage, done: 0, total: total) }
    }

    /// One more step of the current stage done (a page rendered).
    func advance() {
        state.withLock { $0.done += 1 }
    }

    public var snapshot: Snapshot { state.current }
}
