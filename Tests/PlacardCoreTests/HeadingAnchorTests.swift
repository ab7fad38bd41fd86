import PlacardCore
import Testing

/// Heading ids follow GitHub's slugs (the ones its anchors and github-slugger give), are
/// unique in the page, and external links written in Markdown open in a new tab.
@Suite("Heading ids and external links")
struct HeadingAnchorTests {
    @Test(arguments: [
        ("Getting Started", "getting-started"),
        ("Установка и настройка", "установка-и-настройка"),
        ("Größe & Übersicht", "größe--übersicht"),
        ("Über uns", "über-uns"),
        ("🎉 Party time!", "-party-time"),
        ("What's new?", "whats-new"),
        ("C++ / C#", "c--c"),
        ("API v2.0 (beta)", "api-v20-beta"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("日本語の見出し", "日本語の見出し"),
        ("x² and ½", "x-and-"),
        ("  Leading and trailing  ", "--leading-and-trailing--"),
    ])
    func slugsAreGitHubs(_ text: String, _ slug: String) {
        #expect(HeadingSlugger.slug(text) == slug)
    }

    @Test func duplicatesCountTheGitHubWay() {
        var slugger = HeadingSlugger()
        #expect(["Intro", "Intro", "Intro-1", "Intro", "🎉", "!!"].map { slugger.id(for: $0) }
                == ["intro", "intro-1", "intro-1-1", "intro-2", "section", "section-1"])
    }

    private func html(_ markdown: String, unsafe: Bool = false) -> CommonMark.RenderedMarkdown {
        CommonMark.render(markdown, options: .init(unsafeHTML: unsafe, headingIDs: true))
    }

    @Test func headingsGetIDsFromTheirTextWithMarkupRemoved() {
        let result = html("# Top\n\n## Use `placard init` with [links](a.md)\n\nSetext *title*\n---\n\n### ![logo](l.png) Logo ~~old~~ here\n")
        #expect(result.html == """
            <h1 id="top">Top</h1>
            <h2 id="use-placard-init-with-links">Use <code>placard init</code> with <a href="a.md">links</a></h2>
            <h2 id="setext-title">Setext <em>title</em></h2>
            <h3 id="-logo-old-here"><img src="l.png" alt="logo" /> Logo <del>old</del> here</h3>

            """)
        #expect(result.headings.map(\.id) == ["top", "use-placard-init-with-links", "setext-title", "-logo-old-here"])
        #expect(result.headings.map(\.text) == ["Top", "Use placard init with links", "Setext title", "Logo old here"])
        #expect(result.headings.map(\.level) == [1, 2, 2, 3])
        #expect(result.headings.map(\.line) == [1, 3, 5, 8])
    }

    @Test func headingsInsideContainersGetIDsAndDuplicatesAreCounted() {
        let result = html("> ## FAQ\n\n- ## FAQ\n\n## FAQ\n")
        #expect(result.headings.map(\.id) == ["faq", "faq-1", "faq-2"])
        #expect(result.html.contains("<blockquote>\n<h2 id=\"faq\">FAQ</h2>\n</blockquote>"))
    }

    @Test func idsWrittenInRawHTMLAreNotGivenToHeadings() {
        let result = html("<div id=\"intro\">x</div>\n\n## Intro\n\nText <span id='setup'></span>\n\n## Setup\n", unsafe: true)
        #expect(result.headings.map(\.id) == ["intro-1", "setup-1"])
        // Without unsafeHTML the raw HTML is dropped, so its ids do not exist.
        #expect(html("<div id=\"intro\">x</div>\n\n## Intro\n").headings.map(\.id) == ["intro"])
    }

    @Test func withoutTheOptionHeadingsAreCmarks() {
        #expect(CommonMark.render("## A\n").html == "<h2>A</h2>\n")
        #expect(CommonMark.render("[x](https://e.example/)\n").html == "<p><a href=\"https://e.example/\">x</a></p>\n")
    }

    @Test func externalLinksOpenInANewTabAndAreOtherwiseCmarksOwnTag() {
        let sources = [
            "[x](<https://e.example/ä b?q='1'&r=[2]%20> \"t'\\\"<>&\")\n",
            "[x](http://e.example/path#frag)\n",
            "<https://e.example/auto>\n",
            "[x](//cdn.example/x)\n",
            "| a |\n|---|\n| [x](https://e.example/cell) |\n",
        ]
        let newTab = CommonMark.Options(externalLinksInNewTab: true)
        for source in sources {
            let plain = CommonMark.render(source).html
            let ours = CommonMark.render(source, options: newTab).html
            #expect(ours.contains(" target=\"_blank\" rel=\"noopener noreferrer\">"), "\(source)")
            #expect(ours.replacingOccurrences(of: " target=\"_blank\" rel=\"noopener noreferrer\"", with: "") == plain, "\(source)")
        }
        for source in ["[x](guide.md)\n", "[x](#top)\n", "[x](mailto:a@e.example)\n", "![i](https://e.example/i.png)\n", "[x](tel:+100)\n"] {
            #expect(CommonMark.render(source, options: newTab).html == CommonMark.render(source).html, "\(source)")
        }
    }

    @Test func aReplysPreviewOpensItsExternalLinksInANewTabToo() {
        let rendered = CommonMark.render("```reply\nSee [the policy](https://e.example/p) or [mail](mailto:a@e.example).\n```\n",
                                         options: .init(insertSnippets: true, headingIDs: true, externalLinksInNewTab: true))
        #expect(rendered.html.contains("<a href=\"https://e.example/p\" target=\"_blank\" rel=\"noopener noreferrer\">the policy</a>"), "\(rendered.html)")
        #expect(rendered.html.contains("<a href=\"mailto:a@e.example\">mail</a>"))
    }
}

/// `## Title {#name}`: a heading that names its own id, as Hugo, Pandoc, kramdown and MkDocs read
/// it (documentation folders written for them link to those names).
@Suite("Explicit heading ids")
struct ExplicitHeadingIDTests {
    @Test func aTrailingNameIsTheIdAndLeavesTheText() {
        let out = CommonMark.render("## Filter parameter {#filter}\n\n## Plain\n\n### Twice {#filter}\n\n# Not one {#9x}\n",
                                    options: .init(headingIDs: true))
        #expect(out.html.contains(#"<h2 id="filter">Filter parameter</h2>"#))
        #expect(out.html.contains(#"<h3 id="filter-1">Twice</h3>"#))
        #expect(out.html.contains(#"<h1 id="not-one-9x">Not one {#9x}</h1>"#))
        #expect(out.headings.map(\.id) == ["filter", "plain", "filter-1", "not-one-9x"])
        #expect(out.headings.map(\.text) == ["Filter parameter", "Plain", "Twice", "Not one {#9x}"])
    }

    @Test func withoutHeadingIDsTheTextIsCmarks() {
        #expect(CommonMark.render("## Title {#name}\n").html == "<h2>Title {#name}</h2>\n")
    }
}
