import ArgumentParser
import Foundation
import PlacardCore
import PlacardDeploy
import PlacardRules
import PlacardVerify
import PlacardSystem
import PlacardReport

/// `placard package`: the built `dist/` as a deterministic ZIP for a Bitrix24 static local app.
struct Package: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Package dist/ as a ZIP for a Bitrix24 static local app (verified first).",
        discussion: """
            The archive has index.html and install.html at its root, entries sorted, fixed
            timestamps and permissions: the same dist/ always gives the same bytes. Nothing is
            written when verify finds an error; verify judges dist/ with placard.yml's hosting,
            sizeBudget and bx24Script, as 'placard verify' does. Run 'placard build' first.
            """)

    @Option(name: [.short, .long], help: "Project folder (with placard.yml and dist/).")
    var root: String = "."

    @Option(help: ArgumentHelp("The built folder to package (default: <root>/dist).", valueName: "dir"))
    var dist: String?

    @Option(name: [.short, .long], help: ArgumentHelp("The ZIP file to write (default: <root>/placard-app.zip).", valueName: "file"))
    var output: String?

    func validate() throws {
        if let output, output.isEmpty || output.hasSuffix("/") {
            throw ValidationError("--output must name a file, such as placard-app.zip")
        }
    }

    func run() throws {
        let frontEnd = ProjectFrontEnd(root: root, output: dist)
        let project = frontEnd.project
        let target = output.map(Path.absolute) ?? Path.join(project.root, "placard-app.zip")
        if let refusal = Packager.checkOutput(target, project: project) {
            FileHandle.standardError.write(Data("error: \(refusal)\n".utf8))
            throw ExitCode(2)
        }
        let settings = frontEnd.verifyProject(label: VerifyInput.label(for: project.output), directory: project.output)
        let shown = { (found: [Finding]) in (settings.findings + settings.trace(found)).sortedForDisplay() }
        if settings.findings.hasErrors {
            DiagnosticPrinter().print(settings.findings)
            FileHandle.standardError.write(Data("error: \(Config.fileName) has errors; fix them, then build and package again\n".utf8))
            throw ExitCode(1)
        }
        let packager = Packager(dist: project.output, options: VerifyOptions(staticApp: settings.staticApp, budget: settings.budget, bx24Script: settings.bx24Script))
        do throws(PackageError) {
            let report = try packager.package(to: target)
            DiagnosticPrinter().print(shown(report.findings))
            var lines = ["Packaged \(report.entries.count) files (\(report.bytes) bytes) into \(report.output)."]
            if !report.skipped.isEmpty {
                lines.append("Left out hidden files: \(report.skipped.joined(separator: ", ")).")
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        } catch {
            if case .verifyFailed(let findings) = error { DiagnosticPrinter().print(shown(findings)) }
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            if case .outputRefused = error { throw ExitCode(2) }
            throw ExitCode(1)
        }
    }
}
