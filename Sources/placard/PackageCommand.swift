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
            The archive is exactly what the sources build now: package builds the project in \
            memory, as 'placard check' does, and refuses a dist/ that differs from it (built \
            before a source changed, or with --base-url) or that was built with --drafts. Run \
            'placard build' first.

            The archive has index.html and install.html at its root, entries sorted, fixed \
            timestamps and permissions: the same dist/ always gives the same bytes. Nothing is \
            written when verify finds an error; verify judges dist/ with placard.yml's hosting, \
            sizeBudget and bx24Script, as 'placard verify' does.
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
            FileHandle.standardError.write(Data("error: \(DisplayText.escaped(refusal))\n".utf8))
            throw ExitCode(2)
        }
        let settings = frontEnd.verifyProject(label: VerifyInput.label(for: project.output), directory: project.output)
        let shown = { (found: [Finding]) in (settings.findings + settings.trace(found)).sortedForDisplay() }
        if settings.findings.hasErrors {
            DiagnosticPrinter().print(settings.findings)
            FileHandle.standardError.write(Data("error: \(Config.fileName) has errors; fix them, then build and package again\n".utf8))
            throw ExitCode(1)
        }
        // What the sources build now, in memory as `placard check` builds it: the archive
        // must be exactly that.
        let build = Pipeline.build(project, writes: false)
        if build.findings.hasErrors {
            DiagnosticPrinter().print(build.findings)
            let errors = build.findings.errorCount
            FileHandle.standardError.write(Data("error: the sources do not build (\(errors) error\(errors == 1 ? "" : "s")); fix them, run 'placard build', then package again; nothing was packaged\n".utf8))
            throw ExitCode(1)
        }
        var packager = Packager(dist: project.output, options: VerifyOptions(staticApp: settings.staticApp, budget: settings.budget, bx24Script: settings.bx24Script))
        packager.expected = build.output
        do throws(PackageError) {
            let report = try packager.package(to: target)
            DiagnosticPrinter().print(shown(report.findings))
            var lines = ["Packaged \(report.entries.count) files (\(report.bytes) bytes) into \(DisplayText.escaped(report.output))."]
            if !report.skipped.isEmpty {
                lines.append("Left out hidden files: \(DisplayText.escaped(report.skipped.joined(separator: ", "))).")
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        } catch {
            if case .verifyFailed(let findings) = error { DiagnosticPrinter().print(shown(findings)) }
            FileHandle.standardError.write(Data("error: \(DisplayText.escaped(error.description))\n".utf8))
            if case .outputRefused = error { throw ExitCode(2) }
            throw ExitCode(1)
        }
    }
}
