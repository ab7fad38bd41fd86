import Foundation
import PlacardTestSupport
import Testing

/// `placard build` on heading ids, tables of contents, `#fragment` links and links to other
/// sites: a fragment no heading has fails the build at the link's line, with a "did you
/// mean"; the built page has the ids, the contents on pages with three sections, and
/// `target="_blank"` on external links.
@Suite("placard CLI: anchors and links")
struct AnchorCLITests {
    private let cli = CLITests()

    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func aFragmentNoHeadingHasFailsTheBuildAtTheLink() throws {
        let body = MarkedText("See 1️⃣[setup](guide.md#instalation) and [ok](guide.md#installation).\n\nAlso 2️⃣[here](#misssing).\n\n## Missing\n", lineOffset: 6)
        var files = TestSupport.widget(body: body.text)
        files["placard.yml"] = "baseURL: https://w.example.com/\n"
        files["content/w/guide.md"] = "---\ntitle: Guide\n---\n## Installation\n\n## Установка\n"
        let root = TestSupport.project(files)
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 1, "\(result.stderr)")
        let out = lines(result.stderr)
        #expect(out.contains("content/w/index.md:\(body["1️⃣"]): error: link to 'guide.md#instalation', but guide.md has no heading with the id 'instalation' (its headings are #installation, #установка); fix the fragment, or the heading. Did you mean 'installation'? [link.fragment.missing]"), "\(result.stderr)")
        #expect(out.contains("content/w/index.md:\(body["2️⃣"]): error: link to '#misssing', but this page has no heading with the id 'misssing' (its headings are #missing); fix the fragment, or the heading. Did you mean 'missing'? [link.fragment.missing]"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/dist"))

        // Fixed, the build passes and the page links to the heading's id.
        try ("---\nplacement: IM_SIDEBAR\ntitle: Widget\noptions:\n  iconName: fa-book\n---\n"
             + body.text.replacingOccurrences(of: "#instalation", with: "#installation").replacingOccurrences(of: "#misssing", with: "#missing"))
            .write(toFile: root + "/content/w/index.md", atomically: true, encoding: .utf8)
        let fixed = try cli.run(["build", "--root", root])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let guide = try String(contentsOfFile: root + "/dist/w/guide.html", encoding: .utf8)
        #expect(guide.contains("<h2 id=\"installation\">Installation</h2>"))
        #expect(guide.contains("<h2 id=\"установка\">Установка</h2>"))
        let index = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(index.contains("<a href=\"guide.html#installation\">ok</a>"))
        let verify = try cli.run(["verify", root + "/dist"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func pagesWithThreeSectionsShowTheirContentsAndExternalLinksOpenANewTab() throws {
        var files = TestSupport.widget(body: "Intro, see [the site](https://e.example/docs) and [mail](mailto:a@e.example).\n\n## One\n\n### One point one\n\n## Two\n\n## Three\n")
        files["placard.yml"] = "baseURL: https://w.example.com/\n"
        files["content/w/short.md"] = "---\ntitle: Short\n---\n## One\n\n## Two\n"
        let root = TestSupport.project(files)
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        let index = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(index.contains("""
            <nav class="widget-toc">
            <h2 class="widget-toc-title" data-b24-word="contents">Contents</h2>
            <ul>
            <li class="widget-toc-depth-0"><a href="#one">One</a></li>
            <li class="widget-toc-depth-1"><a href="#one-point-one">One point one</a></li>
            <li class="widget-toc-depth-0"><a href="#two">Two</a></li>
            <li class="widget-toc-depth-0"><a href="#three">Three</a></li>
            </ul>
            </nav>
            """), "\(index)")
        #expect(index.contains("<a href=\"https://e.example/docs\" target=\"_blank\" rel=\"noopener noreferrer\">the site</a>"))
        #expect(index.contains("<a href=\"mailto:a@e.example\">mail</a>"))
        let short = try String(contentsOfFile: root + "/dist/w/short.html", encoding: .utf8)
        #expect(!short.contains("widget-toc"))
        #expect(short.contains("<h2 id=\"one\">One</h2>"))
    }

    @Test func verifyWarnsAboutATemplateLinkToAnotherSiteThatStaysInTheFrame() throws {
        var files = TestSupport.widget(body: "Hello.\n")
        files["placard.yml"] = "baseURL: https://w.example.com/\n"
        let root = TestSupport.project(files)
        let footer = root + "/templates/partials/footer.mustache"
        let marked = MarkedText("<footer class=\"widget-footer\">{{site.title}} · 1️⃣<a href=\"https://acme.example/\">Acme</a></footer>\n")
        try marked.text.write(toFile: footer, atomically: true, encoding: .utf8)
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(lines(result.stderr).contains { $0.hasPrefix("templates/partials/footer.mustache:") && $0.contains("warning: the link to 'https://acme.example/' leads to another site but has no target=\"_blank\"") && $0.hasSuffix("[ref.external.frame]") },
                "\(result.stderr)")
    }

    @Test func aWidgetCanKeepItsExternalLinksInTheFrame() throws {
        var files = TestSupport.widget(extra: "externalLinks: same-frame\noptions:\n  iconName: fa-book\n",
                                       body: "See [the site](https://e.example/docs).\n\n```reply\nRead [this](https://e.example/r).\n```\n")
        files["placard.yml"] = "baseURL: https://w.example.com/\n"
        let root = TestSupport.project(files)
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        let index = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(index.contains("<a href=\"https://e.example/docs\">the site</a>"))
        #expect(index.contains("<a href=\"https://e.example/r\">this</a>"))
        #expect(!index.contains("target=\"_blank\""))
    }

    @Test func theTextareasPopupShowsNoContents() throws {
        var files = TestSupport.widget(placement: "IM_TEXTAREA", extra: "options:\n  iconName: fa-reply\n", body: "### One\n\nA.\n\n### Two\n\nB.\n\n### Three\n\nC.\n")
        files["placard.yml"] = "baseURL: https://w.example.com/\n"
        let root = TestSupport.project(files)
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        let index = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(index.contains("<h3 id=\"three\">Three</h3>"))
        #expect(!index.contains("widget-toc"))
    }
}
