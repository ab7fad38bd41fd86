import Foundation
import PlacardRules

/// What `placard build` and `placard check` print on standard output with `--format json`.
///
/// Exists so a CI job can read a build's outcome as data: the counts, each stage's time and
/// every finding in the same shape as verify's JSON (`ReportFormat`), schema version 1:
///
/// ```
/// {
///   "schemaVersion": 1,
///   "command": "build" | "check",
///   "succeeded": true,                   // no error was found
///   "wrote": true,                       // the output folder was replaced (never for check)
///   "summary": {"widgets": 5, "pages": 12, "files": 40, "errors": 0, "warnings": 1, "notes": 0},
///   "milliseconds": 84.2,                // wall time of the run; the stages add up to it
///   "stages": [{"name": "load", "milliseconds": 3.1}, …],
///   "findings": [ … ]                    // as in verify's JSON
/// }
/// ```
public struct BuildOutput: Sendable {
    public var command: String
    public var succeeded: Bool
    public var wrote: Bool
    public var widgets, pages, files: Int
    public var seconds: Double
    /// Each stage with its time in seconds, in the order they ran.
    public var stages: [(name: String, seconds: Double)]
    public var findings: [Finding]

    public init(command: String, succeeded: Bool, wrote: Bool, widgets: Int, pages: Int, files: Int,
                seconds: Double, stages: [(name: String, seconds: Double)], findings: [Finding]) {
        (self.command, self.succeeded, self.wrote) = (command, succeeded, wrote)
        (self.widgets, self.pages, self.files) = (widgets, pages, files)
        (self.seconds, self.stages, self.findings) = (seconds, stages, findings)
    }

    /// The JSON document, ending in a newline.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        return ReportFormat.escapingDisplayCharacters(String(decoding: try! encoder.encode(Document(self)), as: UTF8.self)) + "\n"
    }

    private struct Document: Encodable {
        struct Summary: Encodable {
            var widgets, pages, files, errors, warnings, notes: Int
        }

        struct StageItem: Encodable {
            var name: String
            var milliseconds: Double
        }

        var schemaVersion = 1
        var command: String
        var succeeded, wrote: Bool
        var summary: Summary
        var milliseconds: Double
        var stages: [StageItem]
        var findings: [JSONReport.Item]

        init(_ output: BuildOutput) {
            command = output.command
            succeeded = output.succeeded
            wrote = output.wrote
            summary = Summary(widgets: output.widgets, pages: output.pages, files: output.files,
                              errors: output.findings.errorCount, warnings: output.findings.warningCount,
                              notes: output.findings.count { $0.severity == .note })
            milliseconds = Self.rounded(output.seconds)
            stages = output.stages.map { StageItem(name: $0.name, milliseconds: Self.rounded($0.seconds)) }
            findings = output.findings.sortedForDisplay().map(JSONReport.Item.init)
        }

        static func rounded(_ seconds: Double) -> Double { (seconds * 10_000).rounded() / 10 }
    }
}
