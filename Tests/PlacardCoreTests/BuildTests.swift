import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

@Suite("Build output")
struct BuildTests {
    @Test func exampleBuildsFourBundles() throws {
        let root = TestSupport.exampleProject()
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings)")
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.widgets == 4)
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/dist/placements.json"))) as! [[String: Any]]
        #expect(index.map { $0["PLACEMENT"] as! String } == ["IM_SIDEBAR", "IM_CONTEXT_MENU", "IM_TEXTAREA", "IM_NAVIGATION"])
        #expect(index.map { $0["HANDLER"] as! String } == ["handbook", "message-tool", "quick-replies", "team"].map { "https://widgets.acme-support.example/\($0)/" })
        for widget in ["handbook", "message-tool", "quick-replies", "team"] {
            #expect(FileManager.default.fileExists(atPath: "\(root)/dist/\(widget)/index.html"))
            #expect(FileManager.default.fileExists(atPath: "\(root)/dist/\(widget)/placement.json"))
        }
    }

    @Test func placementJSONIsThePlacementBindBody() throws {
        let root = TestSupport.exampleProject()
        _ = Pipeline.build(Project(root: root))
        let text = try String(contentsOfFile: root + "/dist/quick-replies/placement.json", encoding: .utf8)
        let binding = try JSONDecoder().decode(PlacementBinding.self, from: Data(text.utf8))
        #expect(binding.PLACEMENT == "IM_TEXTAREA")
        #expect(binding.LANG_ALL["de"]?.TITLE == "Schnellantworten")
        #expect(binding.LANG_ALL["en"]?.TITLE == "Quick replies")
        #expect(binding.OPTIONS["width"] == .integer(420))
        #expect(binding.OPTIONS["context"] == .string("USER;LINES"))
        #expect((try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]).keys.sorted() == ["DESCRIPTION", "HANDLER", "LANG_ALL", "OPTIONS", "PLACEMENT", "TITLE"])
    }

    @Test func pagesDeclareTheirPlacementAndLoadBX24AndTheRuntimeWithIntegrity() throws {
        let root = TestSupport.exampleProject()
        _ = Pipeline.build(Project(root: root))
        let html = try String(contentsOfFile: root + "/dist/handbook/escalation.html", encoding: .utf8)
        #expect(html.contains("<meta name=\"b24-placement\" content=\"IM_SIDEBAR\">"))
        #expect(html.contains("<script src=\"https://api.bitrix24.com/api/v1/\"></script>"))
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/dist/handbook")
        let runtime = try #require(files.first { $0.hasPrefix("runtime.") && $0.hasSuffix(".js") })
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/dist/handbook/" + runtime)))
        #expect(html.contains("<script src=\"\(runtime)\" integrity=\"\(FingerprintedFile.integrity(of: bytes))\""))
        #expect(html.contains("<a href=\"refunds.html#limits\">refunds</a>"), "md links become html links")
        #expect(html.contains("data-b24-lang=\"de\""), "every language is in the bundle")
    }

    @Test func buildIsDeterministic() throws {
        let root = TestSupport.exampleProject()
        #expect(Pipeline.build(Project(root: root)).succeeded)
        let first = TestSupport.snapshot(root + "/dist")
        #expect(Pipeline.build(Project(root: root)).succeeded)
        let second = TestSupport.snapshot(root + "/dist")
        #expect(first.count > 20)
        #expect(first == second)
        // A fresh copy in another folder gives the same bytes too.
        let other = TestSupport.exampleProject()
        _ = Pipeline.build(Project(root: other))
        #expect(TestSupport.snapshot(other + "/dist") == first)
    }

    @Test func failedBuildLeavesThePreviousOutputUntouched() throws {
        let root = TestSupport.exampleProject()
        #expect(Pipeline.build(Project(root: root)).succeeded)
        let before = TestSupport.snapshot(root + "/dist")
        TestSupport.write(["templates/im-sidebar.mustache": "{{<base}}{{$before}}{{#unclosed}}{{/before}}{{/base}}\n"], into: root)
        let report = Pipeline.build(Project(root: root))
        #expect(!report.succeeded)
        #expect(!report.wrote)
        #expect(report.findings.contains { $0.rule == "template.syntax" && $0.location?.file == "templates/im-sidebar.mustache" })
        #expect(TestSupport.snapshot(root + "/dist") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix("dist.") }
        #expect(leftovers.isEmpty)
    }

    @Test func unwritableOutputIsAFindingNotACrash() throws {
        let root = TestSupport.exampleProject()
        TestSupport.write(["blocker": "a file where the output's parent folder should be"], into: root)
        let report = Pipeline.build(Project(root: root, output: root + "/blocker/dist"))
        #expect(!report.succeeded)
        #expect(report.findings.contains { $0.rule == "write.failed" })
    }

    @Test func noHostingKeepsHandlersRelativeWithAWarning() throws {
        let root = TestSupport.project(TestSupport.widget())
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded)
        #expect(report.findings.map(\.rule) == ["config.hosting.missing"])
        let binding = try JSONDecoder().decode(PlacementBinding.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/dist/w/placement.json")))
        #expect(binding.HANDLER == "w/")
    }

    @Test func rawHTMLIsOffUnlessTheWidgetOptsIn() throws {
        let body = "<div class=\"x\" onclick=\"alert(1)\">raw</div>\n\n<script>alert(1)</script>\n"
        let safe = TestSupport.project(TestSupport.widget(body: body))
        #expect(Pipeline.build(Project(root: safe)).succeeded)
        let safeHTML = try String(contentsOfFile: safe + "/dist/w/index.html", encoding: .utf8)
        #expect(!safeHTML.contains("alert(1)"))
        #expect(safeHTML.contains("<!-- raw HTML omitted -->"))

        let unsafe = TestSupport.project(TestSupport.widget(extra: "unsafeHTML: true\noptions:\n  iconName: fa-book\n", body: body))
        let report = Pipeline.build(Project(root: unsafe))
        #expect(report.unsafeWidgets == ["w"])
        #expect(try String(contentsOfFile: unsafe + "/dist/w/index.html", encoding: .utf8).contains("<div class=\"x\" onclick=\"alert(1)\">raw</div>"))
    }

    @Test func sharedFilesAreCopiedIntoEveryBundleAndLinksRewritten() throws {
        var files = TestSupport.widget(body: "![logo](../_shared/logo.svg)\n")
        files.merge(TestSupport.widget("v", body: "![logo](../_shared/logo.svg)\n")) { a, _ in a }
        files["content/_shared/logo.svg"] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        let root = TestSupport.project(files)
        #expect(Pipeline.build(Project(root: root)).succeeded)
        for id in ["w", "v"] {
            #expect(FileManager.default.fileExists(atPath: "\(root)/dist/\(id)/_shared/logo.svg"))
            #expect(try String(contentsOfFile: "\(root)/dist/\(id)/index.html", encoding: .utf8).contains("<img src=\"_shared/logo.svg\" alt=\"logo\" />"))
        }
    }

    @Test func thePageListEscapesTitlesAsJSON() throws {
        let title = "Quote \" back \\ tab \t line \n bell \u{07} é 😀 \u{2028} </script>"
        var files = TestSupport.widget()
        files["content/w/a.md"] = "---\ntitle: \"Quote \\\" back \\\\ tab \\t line \\n bell \\a é 😀 \\L </script>\"\n---\nA\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings)")
        let listName = try #require(try FileManager.default.contentsOfDirectory(atPath: root + "/dist/w").first { $0.hasPrefix("nav.") })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: root + "/dist/w/" + listName))
        let list = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: [[String: Any]]])
        let titles = try #require(list["pages"]?.last?["titles"] as? [String: String])
        #expect(titles == ["en": title])
    }

    @Test func pagesAreOrderedByWeightAndNestedPagesGetRelativeLinks() throws {
        var files = TestSupport.widget(body: "[b](b.md) [guide](guide/setup.md)\n")
        files["content/w/a.md"] = "---\ntitle: Zulu\nweight: 1\n---\nA\n"
        files["content/w/b.md"] = "---\ntitle: Alpha\nweight: 2\n---\nB\n"
        files["content/w/guide/setup.md"] = "---\ntitle: Setup\nweight: 3\n---\n[home](../index.md)\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings)")
        let nested = try String(contentsOfFile: root + "/dist/w/guide/setup.html", encoding: .utf8)
        #expect(nested.contains("<a href=\"../index.html\">home</a>"))
        #expect(nested.contains("src=\"../runtime."))
        // The widget's page list holds the pages in order, paths relative to the bundle root.
        let listName = try #require(try FileManager.default.contentsOfDirectory(atPath: root + "/dist/w").first { $0.hasPrefix("nav.") })
        let list = try String(contentsOfFile: root + "/dist/w/" + listName, encoding: .utf8)
        #expect(list == #"{"pages":[{"path":"index.html","titles":{"en":"Widget"}},{"path":"a.html","titles":{"en":"Zulu"}},{"path":"b.html","titles":{"en":"Alpha"}},{"path":"guide/setup.html","titles":{"en":"Setup"}}]}"# + "\n")
        // Each page links home, to the page before it and to the one after it, relative to itself.
        #expect(nested.contains("data-placard-nav=\"../\(listName)\""))
        #expect(nested.contains("<a href=\"../index.html\"><span data-b24-lang=\"en\">Widget</span></a>"))
        #expect(nested.contains("<a href=\"../b.html\" rel=\"prev\">← <span data-b24-lang=\"en\">Alpha</span></a>"))
        #expect(!nested.contains("rel=\"next\""), "the last page has no next")
    }

    @Test func translationTitlesFeedLangAll() throws {
        var files = TestSupport.widget()
        files["content/w/index.de.md"] = "---\ntitle: Gerät\ndescription: Beschreibung\n---\nHallo.\n"
        files["content/w/index.ua.md"] = "---\ntitle: Віджет\n---\nПривіт.\n"
        let root = TestSupport.project(files)
        _ = Pipeline.build(Project(root: root))
        let binding = try JSONDecoder().decode(PlacementBinding.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/dist/w/placement.json")))
        #expect(binding.LANG_ALL.keys.sorted() == ["de", "en", "ua"])
        #expect(binding.LANG_ALL["ua"]?.TITLE == "Віджет")
        #expect(binding.LANG_ALL["de"]?.DESCRIPTION == "Beschreibung")
    }
}
