import PlacardCore
import PlacardRules

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
    /// Timeouts and the connection limit (tests shorten them).
    public var connections: ConnectionLimits
    /// What the command line changes in placard.yml for every rebuild (`--drafts`).
    public var overrides: Config.Overrides
    /// `--open`: open the preview in the browser once the server listens.
    public var opensBrowser: Bool

    public init(project: Project, host: String = "127.0.0.1", port: Int = ServeOptions.defaultPort,
                bx24: BX24Mode = .local, debounce: Double = 0.05, connections: ConnectionLimits = ConnectionLimits(),
                overrides: Config.Overrides = Config.Overrides(), opensBrowser: Bool = false) {
        self.overrides = overrides
        self.opensBrowser = opensBrowser
        self.project = project
        self.host = host
        self.port = port
        self.bx24 = bx24
        self.debounce = debounce
        self.connections = connections
    }

    /// Whether the server listens on every interface (`0.0.0.0`, `::`), not one address.
    public var bindsAllInterfaces: Bool {
        ["0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"].contains(host.lowercased())
    }

    /// Whether other machines can reach the server: it is bound to something else than loopback.
    public var isExposed: Bool {
        let name = host.lowercased()
        return bindsAllInterfaces || !HandlerRules.isLoopback(host: name.hasPrefix("[") || !name.contains(":") ? name : "[" + name + "]")
    }
}

/// How long a connection may sit idle or take to send a body, and how many may be open.
///
/// Exists because any page open in the developer's browser, and with `--host` anyone on the
/// network, can open connections to the preview: a client that sends headers one byte at a
/// time, announces a longer body than it sends, or never sends anything must not hold a
/// connection (and a file descriptor) forever.
public struct ConnectionLimits: Sendable {
    /// A connection that sends or receives nothing for this long is closed (Hummingbird's
    /// HTTP/1 `idleTimeout`; it also ends a request whose headers never complete).
    public var idleTimeout: Duration
    /// A request body must arrive completely within this time, or the answer is 408.
    public var bodyTimeout: Duration
    /// Connections open at once; more wait in the listen backlog.
    public var maxConnections: Int
    /// Live-reload streams (`/_placard/events`) open at once; more are answered 503. They
    /// never idle out, so they get a share of `maxConnections` and ordinary requests keep the rest.
    public var maxStreams: Int

    public init(idleTimeout: Duration = .seconds(30), bodyTimeout: Duration = .seconds(20), maxConnections: Int = 256,
                maxStreams: Int = 64) {
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
        self.maxStreams = maxStreams
    }

    /// `maxStreams`, but never more than half the connections: ordinary requests always have room.
    var streamLimit: Int { max(1, min(maxStreams, maxConnections / 2)) }

    var bodyTimeoutText: String {
        let seconds = Double(bodyTimeout.components.seconds) + Double(bodyTimeout.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
