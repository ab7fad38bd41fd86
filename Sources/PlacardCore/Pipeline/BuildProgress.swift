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
    private let stageObserver = Locked<(@Sendable (Snapshot) -> Void)?>(nil)

    public init() {}

    /// Calls `observer` on the pipeline's thread each time a stage starts, with the new
    /// reading: a watcher sees every stage change as it happens, however fast the build is,
    /// instead of only what its own timer happens to sample.
    public func observeStages(_ observer: @escaping @Sendable (Snapshot) -> Void) {
        stageObserver.withLock { $0 = observer }
    }

    /// The stage now running, with the number of steps it has (0: not counted).
    func start(_ stage: String, total: Int) {
        let snapshot = Snapshot(stage: stage, done: 0, total: total)
        state.withLock { $0 = snapshot }
        stageObserver.current?(snapshot)
    }

    /// One more step of the current stage done (a page rendered).
    func advance() {
        state.withLock { $0.done += 1 }
    }

    public var snapshot: Snapshot { state.current }
}
