import Foundation
import PlacardRules

/// Prints findings to standard error the way compilers do, coloured by the usual rules
/// (`wantsColor`: a terminal that is not `TERM=dumb`, `NO_COLOR`, `CLICOLOR_FORCE`/`FORCE_COLOR`).
///
/// Exists so that the build and the verifier print identically, and so that tests can
/// compare the exact text (`render`) without a terminal. A finding's notes follow it, one
/// `path:line:column: note: message` line each.
public struct DiagnosticPrinter: Sendable {
    public var color: Bool
    /// At most this many findings are printed; the rest are counted.
    public var limit: Int

    public init(color: Bool = DiagnosticPrinter.terminalWantsColor(fileDescriptor: 2), limit: Int = 200) {
        self.color = color
        self.limit = limit
    }

    public static func terminalWantsColor(fileDescriptor: Int32) -> Bool {
        wantsColor(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(fileDescriptor) == 1)
    }

    /// The colour rules users know from other tools: `NO_COLOR` (any non-empty value) turns
    /// colour off; `CLICOLOR_FORCE` or `FORCE_COLOR` (non-empty, not `0` or `false`) turns it
    /// on where output is not a terminal, as in CI logs; otherwise a terminal gets colour
    /// unless `TERM` is `dumb`.
    public static func wantsColor(environment: [String: String], isTerminal: Bool) -> Bool {
        func set(_ name: String) -> Bool {
            guard let value = environment[name], !value.isEmpty else { return false }
            return value != "0" && value.lowercased() != "false"
        }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        if set("CLICOLOR_FORCE") || set("FORCE_COLOR") { return true }
        return isTerminal && environment["TERM"] != "dumb"
    }

    public func render(_ findings: [Finding]) -> String {
        var out = ""
        let sorted = findings.sortedForDisplay()
        for finding in sorted.prefix(limit) {
            // Paths and messages quote the user's text: escaped, so a finding is one line.
            let location = finding.location.map { DisplayText.escaped("\($0)") + ": " } ?? ""
            let label: String
            switch finding.severity {
            case .error: label = paint("error:", "1;31")
            case .warning: label = paint("warning:", "1;33")
            case .note: label = paint("note:", "1;36")
            }
            out += "\(paint(location, "1"))\(label) \(DisplayText.escaped(finding.message)) \(paint("[\(DisplayText.escaped(finding.rule))]", "2"))\n"
            for note in finding.notes {
                let location = note.location.map { DisplayText.escaped("\($0)") + ": " } ?? ""
                out += "\(paint(location, "1"))\(paint("note:", "1;36")) \(DisplayText.escaped(note.message))\n"
            }
        }
        if sorted.count > limit { out += "… and \(sorted.count - limit) more\n" }
        return out
    }

    public func print(_ findings: [Finding]) {
        let text = render(findings)
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }

    func paint(_ text: String, _ code: String) -> String {
        guard color, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
