import ArgumentParser
import Foundation
import PlacardCore
import PlacardRules
import PlacardReport

/// `placard build`: every widget of the project into the output folder, findings on standard error.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build every widget in content/ into dist/ (one bundle per widget).",
        discussion: """
            The build checks its own output with verify's page and reference rules before \
            anything is written, so a build that succeeds verifies clean. Exit status: 0 built, \
            1 errors in the project (the previous output is left as it was), 2 invalid command \
            line or an output folder Placard may not replace.
            """)

    @OptionGroup var project: ProjectOptions
    @OptionGroup var flags: BuildFlags

    @Flag(help: "Print every rule id the build reports with what it checks, and exit.")
    var listRules = false

    func validate() throws { try flags.check() }

    func run() throws {
        if listRules {
            print(Rule.listing(Rule.reported(by: .build)), terminator: "")
            return
        }
        let report = BuildRun(flags: flags, project: project.frontEnd.project, command: "build").run()
        if report.refusal != nil { throw ExitCode(2) }
        if !report.succeeded { throw ExitCode(1) }
    }
}

/// `placard check`: the whole build in memory, then verify over its output; nothing is written.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build in memory and verify the result, writing nothing (a CI gate, like 'zola check').",
        discussion: """
            Runs every stage of 'placard build' and then every rule of 'placard verify' over the \
            output held in memory, with the project's hosting, sizeBudget and bx24Script. Nothing \
            on disk is touched. Exit status: 0 no errors and no warnings, 1 any error or warning, \
            2 invalid command line.
            """)

    @Option(name: [.short, .long], help: "Project folder (with placard.yml, content/, templates/).")
    var root: String = "."

    /// Not an option of check (it writes nothing); parsed only to say so.
    @Option(name: [.short, .long], help: .hidden)
    var output: String?

    @OptionGroup var flags: BuildFlags

    func validate() throws {
        if output != nil {
            throw ValidationError("check writes nothing, so it takes no --output; to write the output, run 'placard build --output <dir>'")
        }
        try flags.check()
    }

    func run() throws {
        let frontEnd = ProjectFrontEnd(root: root, output: nil)
        let report = BuildRun(flags: flags, project: frontEnd.project, command: "check") { report in
            guard let output = report.output else { return [] }
            return frontEnd.verifyInMemory(output, overrides: flags.overrides)
        }.run()
        if report.findings.hasErrors || report.findings.warningCount > 0 { throw ExitCode(1) }
    }
}

/// The flags `build` and `check` share.
struct BuildFlags: ParsableArguments {
    @Option(name: .customLong("base-url"), help: ArgumentHelp("Build for this public URL of dist/ instead of placard.yml's baseURL (a staging or production host); makes the build self-hosted.", valueName: "url"))
    var baseURL: String?

    @Flag(help: "Build pages and widgets marked 'draft: true' too.")
    var drafts = false

    @Option(help: ArgumentHelp("Output format: text, json (a report on standard output) or github (workflow annotations).", valueName: "format"))
    var format: String = ReportFormat.text.rawValue

    @Flag(name: [.short, .long], help: "Print only errors (no warnings, notes or summary).")
    var quiet = false

    @Flag(name: [.short, .long], help: "Print each widget built and the time of each stage, too.")
    var verbose = false

    @Flag(help: "Print the time each stage took.")
    var timings = false

    var reportFormat: ReportFormat { ReportFormat(rawValue: format) ?? .text }

    var overrides: Config.Overrides { Config.Overrides(baseURL: baseURL, drafts: drafts) }

    func check() throws {
        guard ReportFormat(rawValue: format) != nil else { throw ValidationError("--format must be text, json or github, not '\(format)'") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
        if let baseURL, baseURL.isEmpty { throw ValidationError("--base-url must be the public https URL of dist/, such as https://widgets.example.com/") }
        if let baseURL, let problem = HandlerRules.check(baseURL.hasSuffix("/") ? baseURL : baseURL + "/", relativeAllowed: false)
            .first(where: { $0.severity == .error }) {
            throw ValidationError("--base-url: \(problem.message)")
        }
    }
}
