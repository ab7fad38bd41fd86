import ArgumentParser
import Foundation
import PlacardDeploy
import PlacardRules

/// `placard init <dir>`: a new project with one widget per messenger placement.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new project: one widget per placement, templates, placard.yml, README and CI.",
        discussion: """
            The folder may exist, but no file of the new project may: 'placard init' never
            overwrites anything, and writes nothing when one of its files is already there.
            """)

    @Argument(help: "The folder for the new project (created when missing).")
    var directory: String

    @Option(help: "The application's name, shown on index.html and install.html.")
    var title: String = "My chat widgets"

    @Option(name: .customLong("base-url"), help: ArgumentHelp("A self-hosted project: the public https URL of dist/ (default: a Bitrix24 static app, 'hosting: static-app').", valueName: "url"))
    var baseURL: String?

    func validate() throws {
        if directory.isEmpty { throw ValidationError("the project folder must not be empty") }
        if title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--title must not be empty") }
        if let baseURL {
            let url = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
            if let problem = HandlerRules.check(url, relativeAllowed: false).first(where: { $0.severity == .error }) {
                throw ValidationError("--base-url: \(problem.message)")
            }
        }
    }

    func run() throws {
        do throws(ScaffoldError) {
            let url = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
            let written = try Scaffold(title: title, baseURL: url).write(into: directory)
            let widgets = written.filter { $0.hasSuffix("/index.md") }.count
            FileHandle.standardError.write(Data("""
                Created \(written.count) files in \(directory): \(widgets) widgets (one per placement), templates, placard.yml, README.md and a CI workflow.
                Next: cd \(directory) && placard build && placard serve

                """.utf8))
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
