import PlacardCore
import Testing

@Suite("cmark wrapper")
struct MarkdownTests {
    @Test func rendersCommonMark() {
        let result = CommonMark.render("# Title\n\nSome *text* and `code`.\n")
        #expect(result.html == "<h1>Title</h1>\n<p>Some <em>text</em> and <code>code</code>.</p>\n")
    }

    @Test func rawHTMLIsOmittedByDefaultAndKeptWhenUnsafe() {
        #expect(CommonMark.render("<div>x</div>\n").html == "<!-- raw HTML omitted -->\n")
        #expect(CommonMark.render("<div>x</div>\n", options: .init(unsafeHTML: true)).html == "<div>x</div>\n")
        #expect(CommonMark.render("a <b>x</b>\n").html == "<p>a <!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n")
    }

    @Test func dangerousURLsAreDroppedInSafeMode() {
        #expect(CommonMark.render("[x](javascript:alert(1))\n").html == "<p><a href=\"\">x</a></p>\n")
    }

    @Test func linksAreReportedWithPositionsAndCanBeRewritten() {
        let result = CommonMark.render("Intro\n\nSee [a](a.md) and ![i](i.png).\n") { link in
            link.destination.hasSuffix(".md") ? .replace("a.html") : .keep
        }
        #expect(result.links.map(\.destination) == ["a.md", "i.png"])
        #expect(result.links.map(\.line) == [3, 3])
        #expect(result.links.map(\.column) == [5, 19])
        #expect(result.links.map(\.isImage) == [false, true])
        #expect(result.html == "<p>Intro</p>\n<p>See <a href=\"a.html\">a</a> and <img src=\"i.png\" alt=\"i\" />.</p>\n")
    }

    @Test func insertBlocksBecomeSnippetsOnlyWhenEnabled() {
        let source = "```insert\nHello <b>&\n```\n"
        let snippet = CommonMark.render(source, options: .init(insertSnippets: true))
        #expect(snippet.html.hasPrefix("<figure class=\"b24-snippet\"><pre><code>Hello &lt;b&gt;&amp;\n</code></pre>"))
        #expect(snippet.html.contains("<button type=\"button\" class=\"b24-insert\" data-b24-insert>Insert</button>"))
        let plain = CommonMark.render(source)
        #expect(plain.html == "<pre><code class=\"language-insert\">Hello &lt;b&gt;&amp;\n</code></pre>\n")
        #expect(plain.ignoredSnippetLines == [1])
    }
}
