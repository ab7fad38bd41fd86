import ArgumentParser
import Foundation
import PlacardCore
import PlacardRules
import PlacardServe
import PlacardSystem

/// `placard serve`: builds, then serves the preview until interrupted.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the widgets in an offline Bitrix24 messenger emulator, rebuilding on every change.",
        discussion: """
        Builds once, then watches content/, templates/ and placard.yml: a page of one widget rebuilds \
        that widget, a template or the config rebuilds everything, and open pages reload. Open \
        http://HOST:PORT/ for the list of widgets, or /_placard/preview/<widget-id>?dialogId=chat1489&messageId=84889&lang=de.
        """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port: Int = ServeOptions.defaultPort

    @Option(help: "Address to listen on. Keep 127.0.0.1 unless another device must reach the preview.")
    var host: String = "127.0.0.1"

    @Option(help: "BX24 library for served pages: 'local' (offline, Placard's emulation) or 'official' (needs the internet).")
    var bx24: ServeOptions.BX24Mode = .local

    @Flag(help: "Open the preview in the browser once it is ready (BROWSER, or xdg-open / open; without a display, the address is printed).")
    var open = false

    @Flag(help: "Build pages and widgets marked 'draft: true' too, into a temporary folder (never into dist/, which 'placard package' ships); it is removed when serve stops.")
    var drafts = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard FileSystem.isDirectory(Path.absolute(project.root)) else {
            throw ValidationError("project folder '\(DisplayText.escaped(project.root))' does not exist; pass --root or run 'placard init'")
        }
        if drafts, project.output != nil {
            throw ValidationError("--drafts builds into a temporary folder of its own (a drafts build must never be left where 'placard package' reads it), so it takes no --output")
        }
    }

    func run() async throws {
        // Drafts are built outside the project: dist/ keeps what 'placard build' made, so a
        // drafts build is never packaged, and nothing is left behind when serve stops.
        var draftsFolder: String?
        if drafts {
            do throws(FileSystem.Error) {
                draftsFolder = try FileSystem.makeTemporaryFolder(prefix: "placard-drafts-")
            } catch {
                FileHandle.standardError.write(Data("error: \(DisplayText.escaped(error.description))\n".utf8))
                throw ExitCode(1)
            }
        }
        defer { if let draftsFolder { try? FileSystem.remove(draftsFolder) } }
        let frontEnd = ProjectFrontEnd(root: project.root, output: draftsFolder.map { Path.join($0, "dist") } ?? project.output)
        var options = frontEnd.serveOptions(host: host, port: port, bx24: bx24)
        options.overrides = Config.Overrides(drafts: drafts)
        if let draftsFolder {
            FileHandle.standardOutput.write(Data("Drafts included: the preview is built into \(DisplayText.escaped(draftsFolder))/dist, not into dist/ (removed when serve stops).\n".utf8))
        }
        options.opensBrowser = open
        // serve replaces the output like build does: the same rule, before anything starts.
        if let refusal = OutputFolder.check(options.project) {
            FileHandle.standardError.write(Data("error: \(DisplayText.escaped(refusal.description))\n".utf8))
            throw ExitCode(2)
        }
        // A busy port is said before the first build, not after it.
        if let problem = PortCheck.problem(host: options.host, port: options.port) {
            FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
            throw ExitCode(1)
        }
        do {
            try await PreviewServer(options: options).run { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("error: cannot serve on \(options.host):\(options.port): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension ServeOptions.BX24Mode: ExpressibleByArgument {}
