import Foundation
import PlacardRules

/// The output formats of `placard-verify` / `placard verify` (and of `placard build` and
/// `placard check`, whose JSON document is `BuildOutput`'s).
///
/// Exists so every command prints findings exactly the same way in each format.
///
/// - `text`: one `path:line:column: error|warning: message [rule-id]` line per finding
///   (colour only on a terminal, never with `NO_COLOR`), then notes, then the summary
///   `N bundles, E errors, W warnings`.
/// - `github`: GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=<rule>::…`;
///   notes become `::notice`), then the summary.
/// - `json`: one JSON document, schema version 1 (keys sorted, pretty-printed):
///
/// ```
/// {
///   "schemaVersion": 1,
///   "directory": "dist",                 // the verified folder's name; paths start with it
///   "strict": false,                     // --strict was given (warnings reported as errors)
///   "summary": {"bundles": 3, "pages": 12, "errors": 1, "warnings": 2, "notes": 1},
///   "bundles": [                         // sorted by id
///     {"id": "handbook", "placement": "IM_SIDEBAR" | null,
///      "handler": "https://…/handbook/" | null, "pages": 4, "bytes": 48213}
///   ],
///   "findings": [                        // sorted by file, line, column, rule, message
///     {"severity": "error" | "warning" | "note", "rule": "options.color.invalid",
///      "message": "…", "file": "dist/handbook/placement.json" | null,
///      "line": 12, "column": 5,          // 1-based; 0 = unknown (whole file)
///      "notes": [{"message": "…", "file": … | null, "line": 3, "column": 1}]}
///                                        // only when the finding has notes
///   ]
/// }
/// ```
/// Fields are only ever added within a schema version; `rule` ids are stable.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, github

    /// The report in this format, ending in a newline.
    public func render(_ report: VerifyReport, color: Bool = false) -> String {
        switch self {
        case .text:
            let printer = DiagnosticPrinter(color: color, limit: .max)
            let problems = report.findings.filter { $0.severity != .note }
            let notes = report.findings.filter { $0.severity == .note }
            return printer.render(problems) + printer.render(notes) + report.summary + "\n"
        case .github:
            return GitHubAnnotations.render(report.findings) + report.summary + "\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            // Encoding plain strings and integers cannot fail.
            return Self.escapingDisplayCharacters(String(decoding: try! encoder.encode(JSONReport(report)), as: UTF8.self)) + "\n"
        }
    }
}

extension ReportFormat {
    /// JSON text with every character `DisplayText` escapes written as a `\uXXXX` escape
    /// (JSONEncoder escapes C0 controls but leaves DEL, C1 controls, U+2028/9 and bidi controls raw): the strings
    /// keep their exact value and the document is safe to print on a terminal. Those
    /// characters can only be inside strings, where `\uXXXX` means the same.
    static func escapingDisplayCharacters(_ json: String) -> String {
        // C0 controls are escaped by JSONEncoder already; those left are the layout's.
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x7F && DisplayText.needsEscape(scalar) }
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The JSON document of `--format json` (see `ReportFormat`).
struct JSONReport: Encodable {
    struct Summary: Encodable {
        var bundles, pages: Int
        /// Findings by severity.
        var errors, warnings, notes: Int
    }

    struct Bundle: Encodable {
        var bundle: VerifyReport.Bundle

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(bundle.id, forKey: .id)
            try container.encode(bundle.placement, forKey: .placement)
            try container.encode(bundle.handler, forKey: .handler)
            try container.encode(bundle.pages, forKey: .pages)
            try container.encode(bundle.bytes, forKey: .bytes)
        }

        enum Key: String, CodingKey { case id, placement, handler, pages, bytes }
    }

    struct Item: Encodable {
        var finding: Finding

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(finding.severity.rawValue, forKey: .severity)
            try container.encode(finding.rule, forKey: .rule)
            try container.encode(finding.message, forKey: .message)
            try container.encode(finding.location?.file, forKey: .file)
            try container.encode(finding.location?.line ?? 0, forKey: .line)
            try container.encode(finding.location?.column ?? 0, forKey: .column)
            if !finding.notes.isEmpty { try container.encode(finding.notes.map(NoteItem.init), forKey: .notes) }
        }

        enum Key: String, CodingKey { case severity, rule, message, file, line, column, notes }
    }

    struct NoteItem: Encodable {
        var note: Finding.Note

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(note.message, forKey: .message)
            try container.encode(note.location?.file, forKey: .file)
            try container.encode(note.location?.line ?? 0, forKey: .line)
            try container.encode(note.location?.column ?? 0, forKey: .column)
        }

        enum Key: String, CodingKey { case message, file, line, column }
    }

    var schemaVersion = 1
    var directory: String
    var strict: Bool
    var summary: Summary
    var bundles: [Bundle]
    var findings: [Item]

    init(_ report: VerifyReport) {
        directory = report.directory
        strict = report.strict
        summary = Summary(bundles: report.bundles.count, pages: report.pageCount, errors: report.errorCount,
                          warnings: report.warningCount, notes: report.findings.count { $0.severity == .note })
        bundles = report.bundles.map(Bundle.init)
        findings = report.findings.map(Item.init)
    }
}
