import PlacardCore

/// How `placard serve` runs: where it listens, which BX24 library pages get, which project.
public struct ServeOptions: Sendable {
    /// Which BX24 library served pages load.
    public enum BX24Mode: String, Sendable, CaseIterable {
        /// Placard's offline, protocol-faithful BX24 frame library (`/_placard/bx24.js`).
        case local
        /// The official script as the page names it (needs the internet).
        case official
    }

    public static let defaultPort = 4224

    public var project: Project
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    public var bx24: BX24Mode
    /// Quiet period of the file watcher, in seconds.
    public var debounce: Double

    public init(project: Project, host: String = "127.0.0.1", port: Int = ServeOptions.defaultPort,
                bx24: BX24Mode = .local, debounce: Double = 0.05) {
        self.project = project
        self.host = host
        self.port = port
        self.bx24 = bx24
        self.debounce = debounce
    }
}
