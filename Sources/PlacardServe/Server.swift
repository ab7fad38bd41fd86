import Foundation
import Hummingbird
import Logging
import PlacardCore

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
        var rebuilder = Rebuilder(project: project, live: live, print: print)
        rebuilder.initialBuild()

        let portal = FakePortal(projectRoot: project.root) { dialog, id, text in
            live.broadcast("message", ["dialogId": JSONValue.string(dialog), "id": .int(id), "text": .string(text)])
        }
        let watcher = Watcher(project: project, quiet: options.debounce)
        if let watcher {
            let first = rebuilder
            let classifier = ChangeClassifier(project: project)
            Thread.detachNewThread {
                var rebuilder = first
                watcher.run { batch in rebuilder.apply(classifier.plan(for: batch)) }
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

        var logger = Logger(label: "placard.serve")
        logger.logLevel = .warning
        let host = options.host, mode = options.bx24
        let app = Application(
            responder: PreviewResponder(options: options, live: live, portal: portal),
            configuration: ApplicationConfiguration(address: .hostname(host, port: options.port), serverName: "placard"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") ? "[\(host)]" : host
                print("Serving \(live.site.title) at http://\(shown):\(port)/ (BX24: \(mode.rawValue)); press Ctrl-C to stop.")
            },
            logger: logger)
        try await app.runService()
    }
}
