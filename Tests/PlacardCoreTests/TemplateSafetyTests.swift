import Foundation
@testable import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// Templates that used to crash swift-mustache (a partial or parent that includes itself,
/// thousands of nested sections) are refused with a located error before it sees them.
@Suite("Hostile templates")
struct TemplateSafetyTests {
    func file(_ relative: String, _ text: String) -> TextFile {
        TextFile(path: "templates/" + relative, relative: relative, text: text)
    }

    func describe(_ findings: [Finding]) -> [String] { findings.map(\.description) }


    @Test func scanFindsReferencesAsSwiftMustacheDoes() {
        let scan = TemplateScan("""
        {{! {{>in-comment}} }}{{{raw}}}{{#a}}
          {{> one }}{{^b}}{{<two}}{{$x}}{{/x}}{{/two}}{{/b}}
        {{/a}}{{=<% %>=}}<%>three%> {{>not-a-tag}} <%={{ }}=%>{{>*dynamic}}{{>
        four}}
        """)
        #expect(scan.references.map(\.name) == ["one", "two", "three", "dynamic", "four"])
        #expect(scan.references.map(\.isDynamic) == [false, false, false, true, false])
        #expect(scan.references.map { "\($0.line):\($0.column)@\($0.depth)" } == ["2:3@1", "2:19@2", "3:18@0", "3:55@0", "3:68@0"])
        #expect(scan.depth == 4)
        #expect(scan.tooDeep == nil)
    }

    @Test func scanStopsAtTheTagThatNestsTooDeep() {
        let scan = TemplateScan(String(repeating: "{{#a}}", count: 4000))
        #expect(scan.tooDeep == TemplateScan.TooDeep(line: 1, column: 385))
        let parents = TemplateScan(String(repeating: "{{<base}}\n", count: 4000))
        #expect(parents.tooDeep == TemplateScan.TooDeep(line: 65, column: 1))
    }

    @Test func cyclesAreReportedWithTheirChain() {
        let base = MarkedText("1️⃣{{<base}}{{/base}}\n")
        let b = MarkedText("1️⃣{{>partials/a}}\n")
        let selfIncluding = MarkedText("{{=| |=}}1️⃣|>partials/self|\n")
        let (set, findings) = TemplateSet.load([
            file("base.mustache", base.text),
            file("partials/a.mustache", "{{#x}}\n  {{>partials/b}}\n{{/x}}\n"),
            file("partials/b.mustache", b.text),
            file("partials/self.mustache", selfIncluding.text),
        ])
        #expect(describe(findings) == [
            "templates/base.mustache:\(base.location): error: template cycle base → base: a template must not include itself, directly or through others (rendering would never end) [template.cycle]",
            "templates/partials/b.mustache:\(b.location): error: template cycle partials/a → partials/b → partials/a: a template must not include itself, directly or through others (rendering would never end) [template.cycle]",
            "templates/partials/self.mustache:\(selfIncluding.location): error: template cycle partials/self → partials/self: a template must not include itself, directly or through others (rendering would never end) [template.cycle]",
        ])
        #expect(set.render(["x": true], template: "partials/a") == nil)
    }

    @Test func dynamicPartialsAndDeepChainsAreRefused() {
        let (_, dynamic) = TemplateSet.load([file("t.mustache", "{{>*name}}{{<*parent}}{{/*parent}}")])
        #expect(dynamic.map(\.rule) == ["template.partial.dynamic", "template.parent.dynamic"])
        let chain = (0..<120).map { file("c\($0).mustache", $0 < 119 ? "{{>c\($0 + 1)}}" : "end") }
        let (_, deep) = TemplateSet.load(chain)
        #expect(describe(deep) == [
            "templates/c54.mustache:1:1: error: including 'c55' here nests templates more than 64 deep (sections, parents and blocks, counted through every partial and parent they include); Placard refuses deeper templates [template.depth]",
        ])
        let (set, none) = TemplateSet.load((0..<50).map { file("c\($0).mustache", $0 < 49 ? "{{>c\($0 + 1)}}" : "end") })
        #expect(none.isEmpty)
        #expect(set.render([:], template: "c0") == "end")
    }

    @Test func oversizedTemplatesAreNotParsed() {
        let (_, findings) = TemplateSet.load([file("t.mustache", String(repeating: "x", count: TemplateScan.maxBytes + 1))])
        #expect(describe(findings) == ["templates/t.mustache: error: template is 1048577 bytes; Placard reads templates of at most 1048576 bytes (1 MiB) [template.size]"])
    }

    @Test func serveRebuildsReportACycleInsteadOfCrashing() throws {
        let index = "---\nplacement: IM_SIDEBAR\ntitle: W\noptions:\n  iconName: fa-book\n---\nBody.\n"
        let root = TestSupport.project(["placard.yml": "baseURL: https://w.example.com/\n", "content/w/index.md": index])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var session = Pipeline(project: Project(root: root))
        #expect(session.run(.site).succeeded)
        // Saving a footer that includes itself, as under `placard serve`.
        try "{{>partials/footer}}\n".write(toFile: root + "/templates/partials/footer.mustache", atomically: true, encoding: .utf8)
        let report = session.run(.site)
        #expect(report.findings.map(\.rule) == ["template.cycle"])
        #expect(!report.wrote)
        #expect(FileManager.default.fileExists(atPath: root + "/dist/w/index.html"))
    }
}
