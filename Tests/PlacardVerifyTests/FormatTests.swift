import Foundation
import PlacardRules
import Testing
@testable import PlacardVerify
import PlacardReport

/// The three output formats: exact text, the JSON schema, GitHub workflow commands.
@Suite("Output formats")
struct FormatTests {
    static let note = "verify cannot prove that the production host answers POST: Bitrix24 opens every HANDLER with a form POST and many static hosts answer 405, which leaves the widget blank; open each widget once on the portal, or try `curl -X POST <HANDLER>`"
    static let http = "HANDLER 'http://widgets.example.com/placard/handbook/' uses http; the local-app form and the docs expect https"

    func report(_ fixture: String, _ options: VerifyOptions = VerifyOptions()) throws -> VerifyReport {
        try Verifier(options: options).verify(directory: Fixtures.dist(fixture))
    }

    @Test("text: path:line:column: severity: message [rule], the note, the summary")
    func text() throws {
        let text = ReportFormat.text.render(try report("handler.http"))
        #expect(text == """
            dist/handbook/placement.json:3:3: warning: \(Self.http) [handler.http]
            note: \(Self.note) [host.post-unproven]
            1 bundle, 0 errors, 1 warning

            """)
    }

    @Test("text: colour only when asked for")
    func textColour() throws {
        let report = try report("handler.http")
        #expect(!ReportFormat.text.render(report, color: false).contains("\u{1B}["))
        let coloured = ReportFormat.text.render(report, color: true)
        #expect(coloured.contains("\u{1B}[1;33mwarning:\u{1B}[0m"))
        #expect(coloured.hasSuffix("1 bundle, 0 errors, 1 warning\n"))
    }

    @Test("text: --strict reports warnings as errors")
    func textStrict() throws {
        let text = ReportFormat.text.render(try report("handler.http", VerifyOptions(strict: true)))
        #expect(text.hasPrefix("dist/handbook/placement.json:3:3: error: \(Self.http) [handler.http]\n"))
        #expect(text.hasSuffix("1 bundle, 1 error, 0 warnings\n"))
    }

    @Test("json: schema version 1, every documented field, stable order")
    func json() throws {
        let output = ReportFormat.json.render(try report("options.color.invalid"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schemaVersion", "directory", "strict", "summary", "bundles", "findings"])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["directory"] as? String == "dist")
        #expect(object["strict"] as? Bool == false)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["bundles": 1, "pages": 1, "errors": 1, "warnings": 0, "notes": 1])
        let bundles = try #require(object["bundles"] as? [[String: Any]])
        #expect(bundles.count == 1)
        #expect(bundles[0]["id"] as? String == "handbook")
        #expect(bundles[0]["placement"] as? String == "IM_SIDEBAR")
        #expect(bundles[0]["handler"] as? String == "https://widgets.example.com/placard/handbook/")
        #expect(bundles[0]["pages"] as? Int == 1)
        #expect((bundles[0]["bytes"] as? Int ?? 0) > 0)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        let note = findings[0], error = findings[1]
        #expect(note["severity"] as? String == "note")
        #expect(note["file"] is NSNull)
        #expect(note["line"] as? Int == 0 && note["column"] as? Int == 0)
        #expect(error["severity"] as? String == "error")
        #expect(error["rule"] as? String == "options.color.invalid")
        #expect(error["file"] as? String == "dist/handbook/placement.json")
        #expect(error["line"] as? Int == 11 && error["column"] as? Int == 5)
        #expect((error["message"] as? String)?.hasPrefix("color 'PINKY' is not in the Bitrix24 palette") == true)
        #expect(Set(error.keys) == ["severity", "rule", "message", "file", "line", "column"])
        #expect(output.hasSuffix("}\n"))
    }

    @Test("json: a finding's notes are a \"notes\" array, only when it has notes")
    func jsonNotes() throws {
        var report = try report("options.color.invalid")
        let i = try #require(report.findings.firstIndex { $0.rule == "options.color.invalid" })
        report.findings[i].notes = [Finding.Note("the palette", at: SourceLocation(file: "dist/handbook/placement.json", line: 2, column: 7))]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(report).utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings[0]["notes"] == nil)
        let notes = try #require(findings[1]["notes"] as? [[String: Any]])
        #expect(notes.count == 1)
        #expect(Set(notes[0].keys) == ["message", "file", "line", "column"])
        #expect(notes[0]["message"] as? String == "the palette")
        #expect(notes[0]["file"] as? String == "dist/handbook/placement.json")
        #expect(notes[0]["line"] as? Int == 2 && notes[0]["column"] as? Int == 7)
        #expect(ReportFormat.text.render(report).contains("[options.color.invalid]\ndist/handbook/placement.json:2:7: note: the palette\n"))
    }

    @Test("json: output is byte-for-byte deterministic")
    func jsonDeterministic() throws {
        let first = ReportFormat.json.render(try report("valid"))
        let second = ReportFormat.json.render(try report("valid"))
        #expect(first == second)
    }

    @Test("github: one workflow command per finding, then the summary")
    func github() throws {
        let output = ReportFormat.github.render(try report("handler.http"))
        #expect(output == """
            ::notice title=host.post-unproven::\(Self.note)
            ::warning file=dist/handbook/placement.json,line=3,col=3,title=handler.http::\(Self.http)
            1 bundle, 0 errors, 1 warning

            """)
    }

    @Test("github: messages and properties are escaped")
    func githubEscaping() {
        let finding = Finding.error("a:b,c", "100% wrong\nsecond line", at: SourceLocation(file: "dist/a,b:c.html", line: 2, column: 0))
        #expect(GitHubAnnotations.line(for: finding) == "::error file=dist/a%2Cb%3Ac.html,line=2,title=a%3Ab%2Cc::100%25 wrong\\nsecond line")
        #expect(GitHubAnnotations.line(for: .warning("r", "m")) == "::warning title=r::m")
    }

    @Test("json: control and bidi characters are \\u escapes, the strings keep their value")
    func jsonEscapesDisplayCharacters() throws {
        let message = "a\nb\u{1B}[31m\u{7F}\u{9B}\u{2028}\u{202E}c"
        let report = VerifyReport(directory: "dist", bundles: [],
                                  findings: [.error("r", message, at: SourceLocation(file: "dist/\u{2066}x.html"))], strict: false)
        let output = ReportFormat.json.render(report)
        #expect(!output.unicodeScalars.contains { DisplayText.needsEscape($0) && $0 != "\n" })
        #expect(output.contains(#""message" : "a\nb\u001b[31m\u007f\u009b\u2028\u202ec""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["message"] as? String == message)
        #expect(finding["file"] as? String == "dist/\u{2066}x.html")
        let text = ReportFormat.text.render(report)
        #expect(text.hasPrefix("dist/\\u{2066}x.html: error: a\\nb\\u{1B}[31m\\u{7F}\\u{9B}\\u{2028}\\u{202E}c [r]\n"))
    }

    @Test("summary pluralises")
    func summary() {
        var report = VerifyReport(directory: "dist", bundles: [], findings: [], strict: false)
        #expect(report.summary == "0 bundles, 0 errors, 0 warnings")
        report.bundles = [VerifyReport.Bundle(id: "a", placement: nil, handler: nil, pages: 0, bytes: 0)]
        report.findings = [.error("x", "y"), .warning("x", "y"), .warning("x", "z")]
        #expect(report.summary == "1 bundle, 1 error, 2 warnings")
        #expect(report.exitCode == 1)
    }
}
