import PlacardRules

/// Findings as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).
///
/// Exists so that any Placard command run in a GitHub workflow can put its findings on the
/// lines of a pull request's diff, with the same rule ids and messages as the text output.
/// Paths are used as they are in the findings; they must be relative to the repository root.
public enum GitHubAnnotations {
    /// One workflow command per finding, in display order, each ending in a newline.
    public static func render(_ findings: [Finding]) -> String {
        findings.sortedForDisplay().map { line(for: $0) + "\n" }.joined()
    }

    /// The workflow command of one finding (errors → `error`, warnings → `warning`, notes → `notice`).
    public static func line(for finding: Finding) -> String {
        let command: String
        switch finding.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties: [String] = []
        if let location = finding.location, !location.file.isEmpty {
            properties.append("file=" + escapeProperty(location.file))
            if location.line > 0 { properties.append("line=\(location.line)") }
            if location.line > 0 && location.column > 0 { properties.append("col=\(location.column)") }
        }
        properties.append("title=" + escapeProperty(finding.rule))
        // Notes (such as where in dist/ a traced finding was seen) go on lines of their own.
        let notes = finding.notes.map { note in "%0A" + escapeData((note.location.map { "\($0): " } ?? "") + note.message) }.joined()
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(finding.message))\(notes)"
    }

    /// Control, line-separator and bidi characters are shown as escapes (`DisplayText`);
    /// then `%`, CR and LF are escaped in a command's message.
    static func escapeData(_ text: String) -> String { escape(text, property: false) }

    /// Property values additionally escape `:` and `,`, which separate properties.
    static func escapeProperty(_ text: String) -> String { escape(text, property: true) }

    private static func escape(_ text: String, property: Bool) -> String {
        var out = ""
        for scalar in DisplayText.escaped(text).unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
