import PlacardCore
import PlacardRules
import Testing

/// How a finding about an output file is traced back to the source that wrote it.
@Suite("Source trace")
struct SourceTraceTests {
    @Test func theSubjectIsTheQuotedValueOrWordAtTheLocation() {
        let html = Array("<p>\n  <img src=\"_shared/é.svg\" alt=x>\n<a href=plain.html>".utf8)
        #expect(SourceTrace.subject(at: SourceLocation(file: "", line: 2, column: 12), in: html) == "_shared/é.svg")
        #expect(SourceTrace.subject(at: SourceLocation(file: "", line: 3, column: 9), in: html) == "plain.html")
        #expect(SourceTrace.subject(at: SourceLocation(file: "", line: 9, column: 1), in: html) == nil)
        #expect(SourceTrace.subject(at: SourceLocation(file: "", line: 0, column: 0), in: html) == nil)
    }

    @Test func aKeyOfPrettyPrintedJSONHasItsPath() {
        let json = Array("{\n  \"HANDLER\" : \"w/\",\n  \"OPTIONS\" : {\n    \"color\" : \"AZURE\",\n    \"iconName\" : \"fa book\"\n  },\n  \"PLACEMENT\" : \"IM_SIDEBAR\"\n}\n".utf8)
        #expect(SourceTrace.jsonKeyPath(at: SourceLocation(file: "", line: 5, column: 5), in: json) == ["OPTIONS", "iconName"])
        #expect(SourceTrace.jsonKeyPath(at: SourceLocation(file: "", line: 2, column: 3), in: json) == ["HANDLER"])
        #expect(SourceTrace.jsonKeyPath(at: SourceLocation(file: "", line: 7, column: 3), in: json) == ["PLACEMENT"])
    }

    @Test func theMarkdownComesBeforeTheTemplatesAndTheWidgetsTemplateBeforeTheOthers() {
        let version = PageVersion(language: "en", title: "T", markdown: "Intro.\n\nSee ![logo](logo.png).\n", file: "content/w/index.md", bodyLineOffset: 5)
        let templates = [TextFile(path: "templates/a.mustache", relative: "a.mustache", text: "x logo.png"),
                         TextFile(path: "templates/b.mustache", relative: "b.mustache", text: "\n  <img src=\"{{root}}brand.svg\">")]
        #expect(SourceTrace.locate("logo.png", versions: [version], templates: templates, preferred: "b") == SourceLocation(file: "content/w/index.md", line: 8, column: 13))
        #expect(SourceTrace.locate("brand.svg", versions: [version], templates: templates, preferred: "a") == SourceLocation(file: "templates/b.mustache", line: 2, column: 21))
        #expect(SourceTrace.locate("nowhere.svg", versions: [version], templates: templates, preferred: "a") == nil)
        let moved = SourceTrace.moved(Finding(.refMissing, "m", at: SourceLocation(file: "dist/w/index.html", line: 3, column: 4)),
                                      to: SourceLocation(file: "templates/b.mustache", line: 2, column: 21))
        #expect(moved.location?.file == "templates/b.mustache" && moved.notes.first?.location?.file == "dist/w/index.html")
    }
}
