import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// Markdown that used to build but show or link something else than written: GitHub
/// syntax, dropped HTML, percent-encoded and colon-holding links, `insert` with a tab.
@Suite("Honest Markdown")
struct HonestMarkdownTests {
    @Test func droppedHTMLAndFootnotesAreFoundAtTheirPositionsAndGitHubSyntaxIsRendered() {
        let source = """
            Intro

            | Role | Person |
            |------|:------:|
            | Lead | Ann |

            - [ ] open
            - [x] done
            - [link](a.md) is no task

            Was ~~old~~ new, a~b and ~~ not this.

            <div>x</div>

            a <b>bold</b> and <!-- a comment -->

            [^1]: a footnote

            """
        let result = CommonMark.render(source)
        #expect(result.unrendered == [
            .init(kind: .rawHTML, line: 13, column: 1),
            .init(kind: .rawHTML, line: 15, column: 3),
            .init(kind: .footnote, line: 17, column: 1),
        ])
        #expect(result.html.contains("<th align=\"center\">Person</th>"))
        #expect(result.html.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>"))
        #expect(result.html.contains("Was <del>old</del> new"))
        // With unsafeHTML the HTML is rendered, so only the footnote is left.
        let unsafe = CommonMark.render(source, options: .init(unsafeHTML: true))
        #expect(unsafe.unrendered.map(\.kind) == [.footnote])
    }

    @Test func codeIsNotGitHubSyntax() {
        let source = "```\n| a | b |\n|---|---|\n~~x~~\n```\n\n`~~y~~` and `- [ ] z`\n"
        let html = CommonMark.render(source).html
        #expect(!html.contains("<table>") && !html.contains("<del>") && !html.contains("checkbox"))
    }

    @Test func anInsertFenceFollowedByATabIsASnippet() {
        let source = "```insert\tmore\nHello\n```\n"
        #expect(CommonMark.render(source, options: .init(insertSnippets: true)).html.hasPrefix("<figure class=\"b24-snippet\">"))
        #expect(CommonMark.render(source).ignoredSnippetLines == [1])
    }

    @Test func warningsPointAtTheMarkdownLine() {
        let root = TestSupport.project(TestSupport.widget(body: "Text\n\n| a | b |\n|---|---|\n\n[^note]: text\n"))
        let report = Pipeline.build(Project(root: root))
        let gfm = report.findings.filter { $0.rule == Rule.markdownGFM.id }
        #expect(gfm.map(\.location) == [SourceLocation(file: "content/w/index.md", line: 12, column: 1)])
        #expect(gfm.first?.message.contains("footnote") == true)
        #expect(report.succeeded)
    }

    @Test func percentEncodedFileNamesAreLinkedEncoded() throws {
        var files = TestSupport.widget(body: "[a](c%23.md) [b](q%3F.md#top) [c](50%25.md) [d](sub/my%20page.md)\n")
        for name in ["c#", "q?", "50%", "sub/my page"] { files["content/w/\(name).md"] = "---\ntitle: T\n---\nx\n" }
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings)")
        let html = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(html.contains("<a href=\"c%23.html\">a</a> <a href=\"q%3F.html#top\">b</a> <a href=\"50%25.html\">c</a> <a href=\"sub/my%20page.html\">d</a>"))
    }

    @Test func aColonAfterThePathIsNoScheme() throws {
        // `#step:1` names an element of page.md (a fragment no heading has fails the build).
        var files = TestSupport.widget(extra: "unsafeHTML: true\noptions:\n  iconName: fa-book\n",
                                       body: "[a](page.md#step:1) [b](page.md?next=a:b) [c](https://x.example/a.md) [d](mailto:a@b.example)\n\n[e](missing.md#step:1)\n")
        files["content/w/page.md"] = "---\ntitle: Page\n---\n<p id=\"step:1\">x</p>\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(report.findings.filter { $0.severity == .error }.map(\.rule) == [Rule.linkMissingPage.id])
        #expect(report.findings.first { $0.rule == Rule.linkMissingPage.id }?.location == SourceLocation(file: "content/w/index.md", line: 10, column: 1))

        files["content/w/index.md"] = TestSupport.widget(extra: "unsafeHTML: true\noptions:\n  iconName: fa-book\n", body: "[a](page.md#step:1) [b](page.md?next=a:b) [c](https://x.example/a.md) [f](dir/a:b.md)\n")["content/w/index.md"]
        files["content/w/dir/a:b.md"] = "---\ntitle: Colon\n---\nx\n"
        let fixed = TestSupport.project(files)
        #expect(Pipeline.build(Project(root: fixed)).succeeded)
        let html = try String(contentsOfFile: fixed + "/dist/w/index.html", encoding: .utf8)
        #expect(html.contains("<a href=\"page.html#step:1\">a</a> <a href=\"page.html?next=a:b\">b</a> <a href=\"https://x.example/a.md\" target=\"_blank\" rel=\"noopener noreferrer\">c</a> <a href=\"dir/a:b.html\">f</a>"))
    }

    @Test func aRawLinkUnderUnsafeHTMLIsCheckedAtItsLine() {
        let extra = "unsafeHTML: true\noptions:\n  iconName: fa-book\n"
        let root = TestSupport.project(TestSupport.widget(extra: extra, body: "Hello.\n\n<p><a href=\"missing.md\">gone</a></p>\n"))
        let report = Pipeline.build(Project(root: root))
        #expect(!report.succeeded)
        let errors = report.findings.filter { $0.severity == .error }
        #expect(errors.map(\.rule) == [Rule.refMissing.id], "\(errors)")
        #expect(errors.first?.location == SourceLocation(file: "content/w/index.md", line: 10, column: 13))
    }

    @Test func aTitleErrorDoesNotHideTheOptionErrors() {
        let root = TestSupport.project(["content/w/index.md": "---\nplacement: IM_SIDEBAR\noptions:\n  icon: fa-book\n---\nx\n"])
        let rules = Set(Pipeline.build(Project(root: root)).findings.map(\.rule))
        #expect(rules.isSuperset(of: [Rule.frontmatterTitleMissing, Rule.optionsKeyUnknown].map(\.id)))
    }
}
