import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// Templates render the context Placard builds (strings as `TemplateText`, escaping through
/// `EscapedHTML`) exactly as swift-mustache's own types would.
@Suite("Template rendering")
struct TemplateTests {
    static let tricky = #"<a href="x?a=1&b=2">it's</a> é 😀 &amp;"#

    /// Renders `content/w/index.md` (titled `title`) through a `w.mustache` template: the
    /// render stage alone (these templates are not whole pages, which a build would refuse).
    func render(_ template: String, title: String) throws -> String {
        let front = "---\nplacement: IM_SIDEBAR\ntemplate: w\ntitle: '\(title.replacingOccurrences(of: "'", with: "''"))'\noptions:\n  iconName: fa-book\n---\nBody.\n"
        let root = TestSupport.project(["placard.yml": "hosting: static-app\n", "content/w/index.md": front, "templates/w.mustache": template], copyTemplates: false)
        let (tree, loaded) = Loader(project: Project(root: root)).load()
        let (config, configured) = Config.parse(tree.configText, file: Config.fileName)
        let (site, parsed) = Parser.parse(tree, config: config)
        let (templates, checked) = TemplateSet.load(tree.templates)
        let (pages, rendered) = Renderer(templates: templates, runtime: RuntimeAssets(stylesheet: site.stylesheet), config: config).render(site)
        let findings = loaded + configured + parsed + checked + rendered
        #expect(findings.isEmpty, "\(findings)")
        return try #require(pages.first { $0.path == "index.html" }).html
    }

    @Test func escapingMatchesSwiftMustacheHTML() throws {
        // The second line switches to swift-mustache's built-in HTML content type.
        let html = try render("{{page.title}}|{{widget.title}}\n{{%CONTENT_TYPE: HTML}}\n{{page.title}}|{{widget.title}}\n", title: Self.tricky)
        let lines = html.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == lines.last)
        #expect(lines.first == #"&lt;a href=&quot;x?a=1&amp;b=2&quot;&gt;it&#39;s&lt;/a&gt; é 😀 &amp;amp;|&lt;a href=&quot;x?a=1&amp;b=2&quot;&gt;it&#39;s&lt;/a&gt; é 😀 &amp;amp;"#)
    }

    @Test func stringsKeepTheirTransformsSectionsAndTripleMustache() throws {
        let html = try render("{{uppercased(page.title)}} {{reversed(lang)}} {{#page.title}}[{{.}}]{{/page.title}}{{^page.title}}none{{/page.title}} {{{page.title}}} {{#empty(page.slug)}}x{{/empty(page.slug)}}\n", title: "Ab<")
        #expect(html == "AB&lt; ne [Ab&lt;] Ab< \n")
    }

    @Test func textTemplatesStayUnescaped() throws {
        let html = try render("{{%CONTENT_TYPE: TEXT}}\n{{page.title}}\n", title: "a<b")
        #expect(html == "a<b\n")
    }

    @Test func escapeLeavesPlainTextAsItIs() {
        #expect(HTML.escape("plain text, ünïcödé") == "plain text, ünïcödé")
        #expect(HTML.escape("") == "")
        #expect(HTML.escape("x&") == "x&amp;")
        #expect(HTML.escape("😀<") == "😀&lt;")
    }
}
