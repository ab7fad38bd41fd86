import Foundation
@testable import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// Pages as people write them (docs/markdown.md): front matter optional, the title from
/// the first `# heading` or the file name, translations only for language codes, dates.
@Suite("Page sources")
struct PageSourceTests {
    @Test func aPageWithoutFrontMatterTakesItsTitleFromItsFirstHeadingShownOnce() throws {
        var files = TestSupport.widget(body: "See [the API](api.get.md), [setup](getting-started.md) and [de](guide.md).\n")
        files["content/w/api.get.md"] = "# The `api.get` method\n\nReturns things.\n\n# A second h1 stays\n"
        files["content/w/getting-started.md"] = "Just text.\n"
        files["content/w/guide.md"] = "---\ntitle: Guide\nlastmod: 2026-03-05T10:00:00Z\ndate: 2025-01-01\n---\n# Guide\n\nText.\n"
        files["content/w/guide.de.md"] = "# Anleitung\n\nText.\n"
        files["content/w/guide.pt-br.md"] = "# Guia\n\nTexto.\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings)")
        let api = try String(contentsOfFile: root + "/dist/w/api.get.html", encoding: .utf8)
        #expect(api.contains("<title>The api.get method"))
        #expect(api.components(separatedBy: "<h1").count - 1 == 2, "the template's h1 and the page's second one")
        #expect(!api.contains("<code>api.get</code> method</h1>"))
        let setup = try String(contentsOfFile: root + "/dist/w/getting-started.html", encoding: .utf8)
        #expect(setup.contains("<title>Getting started"))
        let guide = try String(contentsOfFile: root + "/dist/w/guide.html", encoding: .utf8)
        #expect(guide.contains("lang=\"de\"") && guide.contains("lang=\"pt-br\"") && guide.contains(">Anleitung</h1>"))
        #expect(guide.contains("<time datetime=\"2026-03-05\" data-b24-date>2026-03-05</time>"), "lastmod wins over date")
        #expect(guide.components(separatedBy: ">Guide</h1>").count - 1 == 1)
    }

    /// A first heading nesting 20,000 emphases: its title is read without a tree of values
    /// that deep (which overflowed a rendering thread's stack); the build ends normally.
    @Test func aDeeplyNestedFirstHeadingIsATitleNotACrash() throws {
        var files = TestSupport.widget()
        let depth = 20_000
        files["content/w/deep.md"] = "# " + String(repeating: "*", count: depth) + "deep" + String(repeating: "*", count: depth) + "\n\nText.\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings.prefix(3))")
        let page = try String(contentsOfFile: root + "/dist/w/deep.html", encoding: .utf8)
        #expect(page.contains("<title>deep"))
    }

    /// The title is read from the body's first lines only; every line end (`\n`, `\r\n`,
    /// `\r`) is a line end, and the heading's lines are left empty so line numbers stay.
    @Test func theFirstHeadingIsReadAcrossEveryLineEnd() {
        #expect(PageTitle.firstHeading(of: "# Title\n\nText.\n") == .init(title: "Title", bodyWithout: "\n\nText.\n"))
        #expect(PageTitle.firstHeading(of: "\n  \n# Title #\r\nText.") == .init(title: "Title", bodyWithout: "\n  \n\r\nText."))
        #expect(PageTitle.firstHeading(of: "# Title\r\n\r\nText.\r\n")?.title == "Title", "a CRLF page's title is its heading, not its whole text")
        #expect(PageTitle.firstHeading(of: "Title\r\n=====\r\nText.") == .init(title: "Title", bodyWithout: "\r\n\r\nText."))
        #expect(PageTitle.firstHeading(of: "Title\r===\rText.") == .init(title: "Title", bodyWithout: "\r\rText."))
        #expect(PageTitle.firstHeading(of: "Title\n---\n") == nil, "a level-2 heading is no title")
        #expect(PageTitle.firstHeading(of: "Text.\n\n# Later\n") == nil, "only the first block counts")
        #expect(PageTitle.firstHeading(of: "    # Code\n") == nil)
        #expect(PageTitle.firstHeading(of: "Title") == nil && PageTitle.firstHeading(of: "") == nil)
        #expect(PageTitle.firstHeading(of: "# **Bold** `code`") == .init(title: "Bold code", bodyWithout: ""))
    }

    /// A second YAML document after `...` is found in a CRLF file too; a front matter closed
    /// by `---` is not read twice.
    @Test func aSecondYAMLDocumentIsFoundWhateverTheLineEnds() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["---", "title: A", "...", "placement: IM_SIDEBAR", "---", "Body"].joined(separator: end)
            guard case .success(let matter) = FrontMatter.splitLines(text, file: "a.md") else { Issue.record("\(end.debugDescription)"); continue }
            #expect(FrontMatter.secondDocument(matter, text: text, file: "a.md")?.location?.line == 3, "\(end.debugDescription)")
            let plain = ["---", "title: A", "---", "placement: IM_SIDEBAR", "---"].joined(separator: end)
            guard case .success(let closed) = FrontMatter.splitLines(plain, file: "a.md") else { continue }
            #expect(FrontMatter.secondDocument(closed, text: plain, file: "a.md") == nil)
        }
    }

    @Test func languageSuffixesAreLanguageCodesOnly() {
        #expect(Parser.splitName("api.get.md", languages: []) == ("api.get", nil))
        #expect(Parser.splitName("vote.attachedvote.get.md", languages: []) == ("vote.attachedvote.get", nil))
        #expect(Parser.splitName("page.de.md", languages: []) == ("page", "de"))
        #expect(Parser.splitName("page.pt-br.md", languages: []) == ("page", "pt-br"))
        #expect(Parser.splitName("guide/page.ua.md", languages: []) == ("guide/page", "ua"))
        #expect(Parser.splitName("crm.item.add.md", languages: []) == ("crm.item.add", nil))
        #expect(Parser.splitName("a.to.md", languages: []) == ("a", "to"), "Tongan is a language")
    }

    @Test func anInvalidDateIsAnErrorAtItsLine() {
        var files = TestSupport.widget(body: "x\n")
        files["content/w/page.md"] = "---\ndate: 5 March\n---\nText.\n"
        let report = Pipeline.build(Project(root: TestSupport.project(files)))
        let dates = report.findings.filter { $0.rule == "frontmatter.date.invalid" }
        #expect(dates.map(\.location) == [SourceLocation(file: "content/w/page.md", line: 2, column: 1)])
    }
}
