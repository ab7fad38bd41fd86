import ArgumentParser
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

    @Flag(help: "Accept relative HANDLERs (install.html resolves them at install time).")
    var staticApp = false

    // Parsed as text and checked in `validate`, so a mistake says what a budget must be.
    @Option(help: ArgumentHelp("Warn when a bundle is larger than this many bytes.", valueName: "bytes"))
    var budget: String = String(VerifyOptions.defaultBudget)

    @Option(help: ArgumentHelp("Output format: text, json or github (workflow annotations).", valueName: "format"))
    var format: String = VerifyFormat.text.rawValue

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .customLong("bx24-script"), help: ArgumentHelp("The exact BX24 library URL pages must load (default: any https URL whose path contains /api/v1/).", valueName: "url"))
    var bx24Script: String?

    @Flag(help: "Print every rule id with what it checks, and exit.")
    public var listRules = false

    public init() {}

    /// The verification the flags ask for.
    public var options: VerifyOptions {
        VerifyOptions(staticApp: staticApp, budget: Int(budget) ?? VerifyOptions.defaultBudget, strict: strict, bx24Script: bx24Script)
    }

    /// The report format the flags ask for.
    public var reportFormat: VerifyFormat { VerifyFormat(rawValue: format) ?? .text }

    public func validate() throws {
        guard let bytes = Int(budget), bytes > 0 else { throw ValidationError("--budget must be a positive number of bytes, not '\(budget)'") }
        guard VerifyFormat(rawValue: format) != nil else { throw ValidationError("--format must be text, json or github, not '\(format)'") }
        if let bx24Script, !(bx24Script.hasPrefix("https://") || bx24Script.hasPrefix("http://")) {
            throw ValidationError("--bx24-script must be an absolute http(s) URL, not '\(bx24Script)'")
        }
    }

    /// Prints the report (colour only for text on a terminal, never with `NO_COLOR`) and
    /// ends with the report's exit status.
    public func run() throws {
        let color = reportFormat == .text && DiagnosticPrinter.terminalWantsColor(fileDescriptor: 1)
        let transcript = listRules ? Transcript(status: VerifyExit.clean, output: VerifyRules.listing, error: "") : execute(color: color)
        transcript.print()
        if transcript.status != 0 { throw ExitCode(transcript.status) }
    }

    /// Verifies `directory` and renders the report, without printing it.
    public func execute(color: Bool = false) -> Transcript {
        do {
            let report = try Verifier(options: options).verify(directory: directory)
            return Transcript(status: report.exitCode, output: reportFormat.render(report, color: color && reportFormat == .text), error: "")
        } catch {
            return Transcript(status: VerifyExit.unreadable, output: "", error: "error: \(error.description)\n")
        }
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

/// Whole-text writes to a file descriptor, retried on `EINTR`.
///
/// Exists so that a report of any size reaches a pipe complete (a `write` may take only
/// part of it), with nothing but the POSIX layer.
enum FileDescriptorText {
    static func write(_ text: String, to descriptor: Int32) {
        guard !text.isEmpty else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { POSIX.write(descriptor, $0.baseAddress!, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
