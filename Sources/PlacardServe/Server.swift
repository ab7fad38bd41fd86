import Foundation
internal import Hummingbird
internal import HummingbirdCore
internal import NIOCore
internal import Logging
import PlacardCore
import PlacardSystem

/// `placard serve`: builds once, serves `dist/` with the messenger emulator, and rebuilds
/// on every change until interrupted.
///
/// Exists to tie the parts together — the first build, the watcher thread that owns the
/// `Rebuilder`, the Hummingbird application around `PreviewResponder`, the SSE heartbeat,
/// and a shutdown that ends open event streams so Ctrl-C never waits for a browser tab.
public struct PreviewServer: Sendable {
    public let options: ServeOptions

    public init(options: ServeOptions) { self.options = options }

    /// Runs until SIGINT or SIGTERM. `print` receives one line per event worth telling.
    public func run(print: @escaping @Sendable (String) -> Void) async throws {
        let project = options.project
        let live = LiveState(site: SiteInfo(bx24Script: Config.defaultBX24Script, defaultLanguage: "en", title: "Placard widgets"))
        var rebuilder = Rebuilder(project: project, live: live, overrides: options.overrides, print: print)
        rebuilder.initialBuild()

        let portal = FakePortal(projectRoot: project.root) { dialog, id, text in
            live.broadcast("message", ["dialogId": JSONValue.string(dialog), "id": .int(id), "text": .string(text)])
        }
        let watcher = Watcher(project: project, quiet: options.debounce)
        if let watcher {
            let first = rebuilder
            Thread.detachNewThread {
                var rebuilder = first
                watcher.run { _, plan in rebuilder.apply(plan) }
            }
        } else {
            print("File watching is not available on this system; restart 'placard serve' after changes.")
        }

        let signals = [SIGINT, SIGTERM].map { signal in
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler {
                live.closeAll()
                watcher?.stop()
            }
            source.resume()
            return source
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                live.heartbeat()
            }
        }
        defer {
            heartbeat.cancel()
            signals.forEach { $0.cancel() }
            watcher?.stop()
        }

        let host = options.host, mode = options.bx24, exposed = options.isExposed, opens = options.opensBrowser
        let app = Self.application(options: options, live: live, portal: portal) { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            if exposed { warn(Self.exposureWarning(options, port: port)) }
            let url = "http://\(shown == "0.0.0.0" || shown == "[::]" ? "127.0.0.1" : shown):\(port)/"
            print("Serving \(live.site.title) at http://\(shown):\(port)/ (BX24: \(mode.rawValue)); press Ctrl-C to stop.")
            if opens, let problem = BrowserOpener.open(url) { print(problem) }
        }
        try await app.runService()
    }

    /// What `--host` with a non-loopback address exposes, in plain words, for stderr.
    public static func exposureWarning(_ options: ServeOptions, port: Int) -> String {
        let place = options.bindsAllInterfaces ? "on every network interface (\(options.host))" : "on \(options.host)"
        return "warning: 'placard serve' is listening \(place), not only on this computer. "
            + "Anyone who can reach this machine on port \(port) can read every file in \(Path.name(of: options.project.output))/, "
            + "open the messenger emulator and call its REST API (fixture replies, chat messages, placement bindings). "
            + "Requests must still name this machine (its addresses or host name). "
            + "Use the default --host 127.0.0.1 unless another device really needs the preview."
    }

    /// The Hummingbird application of the preview: the responder, the bound address, the
    /// connection limits (idle timeout, maximum connections) and a callback with the port.
    static func application(options: ServeOptions, live: LiveState, portal: FakePortal,
                            running: @escaping @Sendable (Int) -> Void) -> Application<PreviewResponder> {
        var logger = Logger(label: "placard.serve")
        logger.logLevel = .warning
        let responder = PreviewResponder(options: options, live: live, portal: portal)
        let hosts = responder.hosts
        let idle = options.connections.idleTimeout.components
        let idleTimeout = TimeAmount.nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000)
        return Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: idleTimeout)),
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port), serverName: "placard",
                availableConnectionsDelegate: MaximumAvailableConnections(options.connections.maxConnections)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                hosts.listening(on: port)
                running(port)
            },
            logger: logger)
    }
}

/// One line to stderr (warnings the developer must see even when stdout is piped away).
func warn(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
