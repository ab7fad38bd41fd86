import PlacardCore
import Testing

/// The Markdown → BBCode mapping of ```reply blocks, one construct at a time (docs/replies.md
/// lists the same cases).
@Suite("Reply BBCode")
struct ReplyTests {
    private func bbcode(_ markdown: String) -> String { Reply(markdown: markdown).bbcode }

    @Test func boldItalicAndBoth() {
        #expect(bbcode("**bold** and __bold__") == "[b]bold[/b] and [b]bold[/b]")
        #expect(bbcode("*italic* and _italic_") == "[i]italic[/i] and [i]italic[/i]")
        #expect(bbcode("***both***") == "[i][b]both[/b][/i]")
    }

    @Test func linksWithTextAndBare() {
        #expect(bbcode("See [the guide](https://example.com/guide?a=1&b=2).") == "See [url=https://example.com/guide?a=1&b=2]the guide[/url].")
        #expect(bbcode("<https://example.com>") == "[url]https://example.com[/url]")
        #expect(bbcode("[https://example.com](https://example.com)") == "[url]https://example.com[/url]")
        #expect(bbcode("<help@example.com>") == "[url=mailto:help@example.com]help@example.com[/url]")
        #expect(bbcode("[**Docs**](https://d.example)") == "[url=https://d.example][b]Docs[/b][/url]")
    }

    @Test func urlsCannotEndTheTag() {
        #expect(bbcode("[x](<https://e.example/a b]c>)") == "[url=https://e.example/a%20b%5Dc]x[/url]")
        #expect(bbcode("[x]()") == "x")
    }

    @Test func inlineCodeAndCodeBlocks() {
        #expect(bbcode("Run `placard build` now") == "Run [code]placard build[/code] now")
        #expect(bbcode("```swift\nlet a = 1\nprint(a)\n```") == "[code]let a = 1\nprint(a)[/code]")
        #expect(bbcode("    indented\n    code") == "[code]indented\ncode[/code]")
        // Markdown inside code stays as written; a [/code] cannot end the tag early.
        #expect(bbcode("`**x** [/code]`") == "[code]**x** [\u{200B}/code][/code]")
    }

    @Test func quotesBecomeQuoteLines() {
        #expect(bbcode("> Quoted *text*\n> on two lines") == ">>Quoted [i]text[/i] on two lines")
        #expect(bbcode("> one\n>\n> two") == ">>one\n>>\n>>two")
        #expect(bbcode("> outer\n>> inner") == ">>outer\n>>\n>>inner")
        #expect(bbcode("Before\n\n> q\n\nAfter") == "Before\n\n>>q\n\nAfter")
    }

    @Test func bulletAndNumberedLists() {
        #expect(bbcode("- one\n- two\n* three") == "• one\n• two\n\n• three")
        #expect(bbcode("1. first\n2. second") == "1. first\n2. second")
        #expect(bbcode("3. third\n4. fourth") == "3. third\n4. fourth")
        #expect(bbcode("- a\n  - nested\n- b") == "• a\n    • nested\n• b")
        #expect(bbcode("- loose\n\n- list") == "• loose\n\n• list")
        #expect(bbcode("- first\n\n  second paragraph") == "• first\n\n    second paragraph")
        #expect(bbcode("-\n- x") == "•\n• x")
    }

    @Test func lineBreaksAndParagraphs() {
        #expect(bbcode("one\ntwo") == "one two")
        #expect(bbcode("one  \ntwo") == "one\ntwo")
        #expect(bbcode("one\\\ntwo") == "one\ntwo")
        #expect(bbcode("first\n\n\nsecond") == "first\n\nsecond")
        #expect(bbcode("***") == "———")
        #expect(bbcode("") == "")
    }

    @Test func headingsAreBoldLinesWithAWarning() {
        let reply = Reply(markdown: "text\n\n## Next steps\n")
        #expect(reply.bbcode == "text\n\n[b]Next steps[/b]")
        #expect(reply.problems == [Reply.Problem(kind: .heading, line: 3, column: 1, sent: "[b]Next steps[/b]")])
    }

    @Test func imagesSendTheirLinkWithAWarning() {
        let reply = Reply(markdown: "Look: ![the chart](https://e.example/c.png)")
        #expect(reply.bbcode == "Look: [url=https://e.example/c.png]the chart[/url]")
        #expect(reply.problems == [Reply.Problem(kind: .image, line: 1, column: 7, sent: "[url=https://e.example/c.png]the chart[/url]")])
        #expect(Reply(markdown: "![](https://e.example/c.png)").bbcode == "[url]https://e.example/c.png[/url]")
    }

    @Test func tablesAreSentAsLinesWithAWarning() {
        let reply = Reply(markdown: "Prices:\n\n| Plan | **Price** |\n|---|--:|\n| Basic | 10 |\n|  | 20 |\n")
        #expect(reply.bbcode == "Prices:\n\n[b]Plan | [b]Price[/b][/b]\nBasic | 10\n | 20")
        #expect(reply.problems.map(\.kind) == [.table])
        #expect(reply.problems.first?.line == 3)
        #expect(reply.problems.first?.column == 1)
    }

    @Test func strikethroughAndTaskLists() {
        #expect(bbcode("~~gone~~ and ~one~") == "[s]gone[/s] and [s]one[/s]")
        #expect(bbcode("**~~both~~**") == "[b][s]both[/s][/b]")
        #expect(bbcode("- [ ] todo\n- [x] done\n- plain") == "☐ todo\n☑ done\n• plain")
        // An author's tag may not cross the converter's [s].
        #expect(bbcode("[u]a ~~b[/u]~~") == "[\u{200B}u]a [s]b[\u{200B}/u][/s]")
    }

    @Test func rawHTMLIsLeftOutWithAWarning() {
        let reply = Reply(markdown: "a <b>bold</b> word\n\n<div>block</div>\n\n<!-- a note -->\n")
        #expect(reply.bbcode == "a bold word")
        #expect(reply.problems == [Reply.Problem(kind: .rawHTML, line: 1, column: 3), Reply.Problem(kind: .rawHTML, line: 3, column: 1)])
    }

    @Test func authorBBCodePassesThrough() {
        #expect(bbcode("[user=all]Everyone[/user], see [send=/help]Help[/send]") == "[user=all]Everyone[/user], see [send=/help]Help[/send]")
        #expect(bbcode("[USER=12]Anna[/USER] **please** [u]check[/u]") == "[USER=12]Anna[/USER] [b]please[/b] [u]check[/u]")
        #expect(bbcode("[color=#ff0000]red[/color] [put=/search]Search[/put]") == "[color=#ff0000]red[/color] [put=/search]Search[/put]")
        #expect(bbcode("[b]spans\n\nparagraphs[/b]") == "[b]spans\n\nparagraphs[/b]")
        #expect(bbcode("[br] and [timestamp=1 format=x] are single") == "[br] and [timestamp=1 format=x] are single")
        #expect(Reply(markdown: "[user=all]Everyone[/user]").problems.isEmpty)
    }

    @Test func unbalancedAuthorTagsAreNeutralisedAndReported() {
        let open = Reply(markdown: "Hello [b]world")
        #expect(open.bbcode == "Hello [\u{200B}b]world")
        #expect(open.problems == [Reply.Problem(kind: .unbalancedTag("[b]"), line: 1, column: 7)])
        #expect(bbcode("stray [/i] close") == "stray [\u{200B}/i] close")
        // A tag may not cross Markdown formatting: its partner would pair with the converter's.
        #expect(bbcode("[b]a **c[/b] d**") == "[\u{200B}b]a [b]c[\u{200B}/b] d[/b]")
        #expect(bbcode("[b]x [i]y[/b]") == "[b]x [\u{200B}i]y[/b]")
    }

    @Test func problemsCarryLinesWithinTheReply() {
        let reply = Reply(markdown: "fine\n\n# Title\n\nok <span>x</span>\n")
        #expect(reply.problems.map(\.line) == [3, 5])
    }

    @Test func deepNestingStaysLinear() {
        let quotes = String(repeating: ">", count: 50_000) + " deep"
        #expect(bbcode(quotes) == ">>deep")
        let lists = String(repeating: "- ", count: 2_000) + "x"
        #expect(bbcode(lists).hasSuffix("x"))
        let stars = String(repeating: "*", count: 20_000) + "x" + String(repeating: "*", count: 20_000)
        #expect(Reply(markdown: stars).bbcode.contains("x"))
    }

    @Test func lengthCountsUTF16() {
        #expect(Reply(markdown: "😀").length == 2)
        #expect(Reply.maximumLength == 20_000)
    }
}
