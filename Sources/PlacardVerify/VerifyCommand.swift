import ArgumentParser
import PlacardRules
import PlacardReport
import PlacardSystem

/// `placard verify [DIR]` and `placard-verify [DIR]`: one command, parsed by ArgumentParser.
///
/// Exists so that both executables take the same flags, print the same output and end with
/// the same exit statuses (0 clean, 1 errors, 2 unreadable folder or invalid command line):
/// `placard` lists it as a subcommand, `placard-verify`'s main runs `standaloneMain()`.
public struct VerifyCommand: ParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: name,
            abstract: "Check a built output folder against the Bitrix24 placement rules.",
            discussion: "Reads only the artifact: placements.json, each <widget>/placement.json and the HTML/JS/CSS files. "
                + "Exit status: 0 no errors, 1 errors found, 2 the folder could not be read or the command line is invalid. "
                + "Run '\(name) --list-rules' for the rule ids.")
    }

    /// The name in usage and help: `verify` under `placard`, `placard-verify` on its own.
    @TaskLocal public static var name = "verify"
    /// The standalone executable's name.
    public static let standaloneName = "placard-verify"

    @Argument(help: "The output folder to verify.")
    public var directory: String = "dist"

    @Flag(help: "Accept relative HANDLERs (install.html resolves them at install time); inside a project, 'hosting: static-app' in placard.yml says the same.")
    var staticApp = false

    // Parsed as text and checked in `validate`, so a mistake says what a budget must be.
    @Option(help: ArgumentHelp("Warn when a bundle is larger than this many bytes (default: sizeBudget of placard.yml inside a project, else \(VerifyOptions.defaultBudget)).", valueName: "bytes"))
    var budget: String?

    @Option(help: ArgumentHelp("Output format: text, json or github (workflow annotations).", valueName: "format"))
    var format: String = ReportFormat.text.rawValue

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .customLong("bx24-script"), help: ArgumentHelp("The exact BX24 library URL pages must load (default: any https URL whose path contains /api/v1/).", valueName: "url"))
    var bx24Script: String?

    @Flag(help: "Print every rule id with what it checks, and exit.")
    public var listRules = false

    public init() {}

    /// The verification the flags ask for.
    public var options: VerifyOptions { options(in: nil) }

    /// The verification the flags ask for, with the project's settings where a flag is
    /// not given.
    func options(in project: VerifyProject?) -> VerifyOptions {
        VerifyOptions(staticApp: staticApp || project?.staticApp == true,
                      budget: budget.flatMap { Int($0) } ?? project?.budget ?? VerifyOptions.defaultBudget,
                      strict: strict, bx24Script: bx24Script ?? project?.bx24Script)
    }

    /// The report format the flags ask for.
    public var reportFormat: ReportFormat { ReportFormat(rawValue: format) ?? .text }

    public func validate() throws {
        if let budget, (Int(budget) ?? 0) <= 0 { throw ValidationError("--budget must be a positive number of bytes, not '\(budget)'") }
        guard ReportFormat(rawValue: format) != nil else { throw ValidationError("--format must be text, json or github, not '\(format)'") }
        if let bx24Script, !(bx24Script.hasPrefix("https://") || bx24Script.hasPrefix("http://")) {
            throw ValidationError("--bx24-script must be an absolute http(s) URL, not '\(bx24Script)'")
        }
    }

    /// Prints the report (colour only for text on a terminal, never with `NO_COLOR`) and
    /// ends with the report's exit status.
    public func run() throws { try run(project: nil) }

    /// `run`, judging the folder with the project it was built from.
    public func run(project: VerifyProject?) throws {
        let color = reportFormat == .text && DiagnosticPrinter.terminalWantsColor(fileDescriptor: 1)
        let transcript = listRules ? Transcript(status: VerifyExit.clean, output: VerifyRules.listing, error: "") : execute(color: color, project: project)
        transcript.print()
        if transcript.status != 0 { throw ExitCode(transcript.status) }
    }

    /// Verifies `directory` and renders the report, without printing it. With the
    /// `project` the folder was built from (`placard verify` finds it), placard.yml's
    /// settings fill in the flags not given, its findings are reported too, and findings are
    /// traced to the sources that made them.
    public func execute(color: Bool = false, project: VerifyProject? = nil) -> Transcript {
        do {
            var report = try Verifier(options: options(in: project)).verify(directory: directory)
            if let project {
                report.findings = (project.findings + project.trace(report.findings)).sortedForDisplay()
            }
            return Transcript(status: report.exitCode, output: reportFormat.render(report, color: color && reportFormat == .text), error: "")
        } catch {
            // A folder that is not there yet is the usual first mistake: say how it is made.
            let hint = FileSystem.kind(of: directory) == .missing
                ? "; run 'placard build' first, or name the built folder" : ""
            return Transcript(status: VerifyExit.unreadable, output: "", error: "error: \(DisplayText.escaped(error.description))\(hint)\n")
        }
    }
}

/// What verify takes from the project a verified folder was built from.
///
/// Exists so that `placard verify` judges `dist/` with the project's own settings
/// (hosting, size budget, BX24 library) and points at sources, while PlacardVerify itself
/// never reads a project: the `placard` executable fills this in from PlacardCore.
public struct VerifyProject: Sendable {
    /// `hosting: static-app` (relative HANDLERs are expected).
    public var staticApp: Bool
    public var budget: Int
    /// `bx24Script` of placard.yml when it is not the default.
    public var bx24Script: String?
    /// placard.yml's own findings.
    public var findings: [Finding]
    /// Moves findings about output files to the sources that made them.
    public var trace: @Sendable ([Finding]) -> [Finding]

    public init(staticApp: Bool, budget: Int, bx24Script: String?, findings: [Finding], trace: @escaping @Sendable ([Finding]) -> [Finding]) {
        self.staticApp = staticApp
        self.budget = budget
        self.bx24Script = bx24Script
        self.findings = findings
        self.trace = trace
    }
}

extension VerifyCommand {
    /// What a run prints and how it ends, without printing it (tests read this).
    public struct Transcript: Sendable, Hashable {
        public var status: Int32
        public var output: String
        public var error: String

        /// Writes `output` to standard output and `error` to standard error.
        func print() {
            FileDescriptorText.write(output, to: 1)
            FileDescriptorText.write(error, to: 2)
        }
    }

    /// `placard-verify <arguments>`, as a transcript: usage mistakes exit 2 with the
    /// message and the usage on standard error; `--help` prints the help and exits 0.
    public static func respond(to arguments: [String], color: Bool = false) -> Transcript {
        $name.withValue(standaloneName) {
            let command: VerifyCommand
            do {
                command = try parse(arguments)
            } catch {
                if exitCode(for: error) == .success { return Transcript(status: VerifyExit.clean, output: fullMessage(for: error) + "\n", error: "") }
                let usage = "USAGE: " + usageString(for: VerifyCommand.self) + "\n  See '\(standaloneName) --help' for more information.\n"
                return Transcript(status: VerifyExit.unreadable, output: "", error: "error: \(message(for: error))\n\n" + usage)
            }
            if command.listRules { return Transcript(status: VerifyExit.clean, output: VerifyRules.listing, error: "") }
            return command.execute(color: color && command.reportFormat == .text)
        }
    }

    /// The help `placard-verify --help` prints.
    public static var standaloneHelp: String { $name.withValue(standaloneName) { helpMessage(for: VerifyCommand.self) + "\n" } }

    /// `placard-verify`'s whole life: parse, run, print, return the exit status.
    public static func standaloneMain(_ arguments: [String]) -> Int32 {
        let transcript = respond(to: arguments, color: DiagnosticPrinter.terminalWantsColor(fileDescriptor: 1))
        transcript.print()
        return transcript.status
    }
}
