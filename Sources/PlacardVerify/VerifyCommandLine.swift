#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PlacardRules

/// The `placard-verify` command line, parsed by hand, and the run both commands share.
///
/// Exists so that the small executable needs no ArgumentParser, and `placard verify`
/// (which parses with ArgumentParser) prints and exits exactly the same way.
public struct VerifyCommandLine: Sendable, Hashable {
    public var directory = "dist"
    public var options = VerifyOptions()
    public var format = VerifyFormat.text
    public var help = false
    public var listRules = false

    public init() {}

    public static let usage = """
        USAGE: placard-verify [DIR] [--static-app] [--budget BYTES] [--format text|json|github]
                              [--strict] [--bx24-script URL] [--list-rules]

        Checks a built output folder (default: dist) against the Bitrix24 placement rules,
        reading only the artifact: placements.json, each <widget>/placement.json and the
        HTML/JS/CSS files.

        OPTIONS:
          --static-app        Accept relative HANDLERs (install.html resolves them).
          --budget BYTES      Warn when a bundle is larger (default: 1048576, 1 MiB).
          --format FORMAT     text (default), json or github (workflow annotations).
          --strict            Treat warnings as errors.
          --bx24-script URL   The exact BX24 library URL pages must load (default: any
                              https URL whose path contains /api/v1/).
          --list-rules        Print every rule id with what it checks, and exit.
          -h, --help          Print this help.

        EXIT STATUS: 0 no errors, 1 errors found, 2 the folder could not be read or the
        command line is invalid.

        """

    /// A command-line mistake: printed with the usage, exit status 2.
    public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func parse(_ arguments: [String]) throws(UsageError) -> VerifyCommandLine {
        var line = VerifyCommandLine()
        var directory: String?
        var rest = arguments[...]
        func value(_ name: String, inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            guard let next = rest.popFirst(), !next.hasPrefix("--") else { throw UsageError(message: "\(name) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "-h", "--help": line.help = true
            case "--static-app": line.options.staticApp = true
            case "--strict": line.options.strict = true
            case "--list-rules": line.listRules = true
            case "--budget":
                let text = try value(name, inline: inline)
                guard let bytes = Int(text), bytes > 0 else { throw UsageError(message: "--budget must be a positive number of bytes, not '\(text)'") }
                line.options.budget = bytes
            case "--format":
                let text = try value(name, inline: inline)
                guard let format = VerifyFormat(rawValue: text) else { throw UsageError(message: "--format must be text, json or github, not '\(text)'") }
                line.format = format
            case "--bx24-script":
                let text = try value(name, inline: inline)
                guard text.hasPrefix("https://") || text.hasPrefix("http://") else { throw UsageError(message: "--bx24-script must be an absolute http(s) URL, not '\(text)'") }
                line.options.bx24Script = text
            case "--":
                guard let path = rest.popFirst(), directory == nil, rest.isEmpty else { throw UsageError(message: "expected one folder after --") }
                directory = path
            default:
                guard !argument.hasPrefix("-") || argument == "-" else { throw UsageError(message: "unknown option '\(argument)'") }
                guard directory == nil else { throw UsageError(message: "only one folder can be verified at a time (got '\(directory!)' and '\(argument)')") }
                directory = argument
            }
        }
        if let directory { line.directory = directory }
        return line
    }

    /// What a run prints and how it ends, without printing it (tests read this).
    public struct Outcome: Sendable, Hashable {
        public var status: Int32
        public var output: String
        public var error: String
    }

    /// `placard-verify`'s whole life: parse, run, print, return the exit status.
    public static func main(_ arguments: [String]) -> Int32 {
        let outcome = respond(to: arguments, color: DiagnosticPrinter.terminalWantsColor(fileDescriptor: 1))
        writeStandardOutput(outcome.output)
        writeStandardError(outcome.error)
        return outcome.status
    }

    /// The outcome of `placard-verify <arguments>`.
    public static func respond(to arguments: [String], color: Bool = false) -> Outcome {
        let line: VerifyCommandLine
        do {
            line = try parse(arguments)
        } catch {
            return Outcome(status: VerifyExit.unreadable, output: "", error: "error: \(error.message)\n\n" + usage)
        }
        if line.help { return Outcome(status: VerifyExit.clean, output: usage, error: "") }
        if line.listRules { return Outcome(status: VerifyExit.clean, output: VerifyRules.listing, error: "") }
        return execute(directory: line.directory, options: line.options, format: line.format, color: color)
    }

    /// Verifies `directory`, prints the report to standard output in `format`, and returns
    /// the exit status (0 clean, 1 errors, 2 unreadable folder, reported on standard error).
    /// Colour only for text on a terminal, never with `NO_COLOR`.
    public static func run(directory: String, options: VerifyOptions, format: VerifyFormat) -> Int32 {
        let color = format == .text && DiagnosticPrinter.terminalWantsColor(fileDescriptor: 1)
        let outcome = execute(directory: directory, options: options, format: format, color: color)
        writeStandardOutput(outcome.output)
        writeStandardError(outcome.error)
        return outcome.status
    }

    /// Verifies `directory` and renders the report in `format`.
    public static func execute(directory: String, options: VerifyOptions, format: VerifyFormat, color: Bool = false) -> Outcome {
        do {
            let report = try Verifier(options: options).verify(directory: directory)
            return Outcome(status: report.exitCode, output: format.render(report, color: color && format == .text), error: "")
        } catch {
            return Outcome(status: VerifyExit.unreadable, output: "", error: "error: \(error.description)\n")
        }
    }

    static func writeStandardOutput(_ text: String) { write(text, to: 1) }
    static func writeStandardError(_ text: String) { write(text, to: 2) }

    private static func write(_ text: String, to descriptor: Int32) {
        guard !text.isEmpty else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(descriptor, raw.baseAddress, raw.count)
                #else
                Darwin.write(descriptor, raw.baseAddress, raw.count)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
