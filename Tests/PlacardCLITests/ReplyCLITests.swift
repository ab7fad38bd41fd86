import Foundation
import PlacardTestSupport
import Testing

/// `placard build` on ```reply blocks: each construct BBCode lacks is a warning at its line
/// saying what is sent, a message over 20,000 characters an error at its fence, a mobile
/// widget's blocks a warning; and the IM_TEXTAREA size warning.
@Suite("placard CLI: replies")
struct ReplyCLITests {
    private let cli = CLITests()
    private let textarea = "options:\n  iconName: fa-reply\n"

    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func unsupportedMarkdownInAReplyIsAWarningAtItsLine() throws {
        let body = MarkedText("Intro\n\n```reply\nHello **there**\n\n1️⃣## Steps\n\nSee 2️⃣![chart](https://e.example/c.png)\n\n3️⃣| a | b |\n|---|---|\n\nok 4️⃣<b>x</b> and 5️⃣[b]open\n```\n", lineOffset: 6)
        let root = TestSupport.project(["placard.yml": "baseURL: https://w.example.com/\n"]
            .merging(TestSupport.widget(placement: "IM_TEXTAREA", extra: textarea, body: body.text)) { a, _ in a })
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        let out = lines(result.stderr)
        #expect(out.contains("content/w/index.md:\(body.locations["1️⃣"]!): warning: a chat message has no headings (BBCode has none): this reply sends it as a bold line, [b]Steps[/b] [reply.unsupported]"))
        #expect(out.contains("content/w/index.md:\(body.locations["2️⃣"]!): warning: a chat message cannot show a Markdown image: this reply sends its link instead, [url=https://e.example/c.png]chart[/url] [reply.unsupported]"))
        #expect(out.contains { $0.hasPrefix("content/w/index.md:\(body.locations["3️⃣"]!): warning: a chat message has no tables") })
        #expect(out.contains { $0.hasPrefix("content/w/index.md:\(body.locations["4️⃣"]!): warning: a chat message cannot hold HTML") })
        #expect(out.contains { $0.hasPrefix("content/w/index.md:\(body.locations["5️⃣"]!): warning: '[b]' has no partner") && $0.hasSuffix("[reply.bbcode]") })
        let page = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(page.contains("data-b24-text=\"Hello [b]there[/b]\n\n[b]Steps[/b]\n\nSee [url=https://e.example/c.png]chart[/url]"))
        #expect(page.contains("<div class=\"b24-reply-body\"><p>Hello <strong>there</strong></p>"))
    }

    @Test func aReplyOverTwentyThousandCharactersIsAnErrorAtItsFence() throws {
        // 19,993 characters of text are 20,000 with [b]…[/b] (fits); " more" pushes the second over.
        let fits = String(repeating: "a", count: 19_993)
        let body = MarkedText("1️⃣```reply\n**\(fits)**\n```\n\n2️⃣```reply\n**\(fits)** more\n```\n\n3️⃣```insert\n\(String(repeating: "é", count: 20_001))\n```\n", lineOffset: 6)
        let root = TestSupport.project(["placard.yml": "baseURL: https://w.example.com/\n"]
            .merging(TestSupport.widget(placement: "IM_TEXTAREA", extra: textarea, body: body.text)) { a, _ in a })
        let before = try cli.run(["build", "--root", root])
        #expect(before.status == 1)
        let out = lines(before.stderr)
        #expect(!out.contains { $0.hasPrefix("content/w/index.md:\(body.locations["1️⃣"]!):") })
        #expect(out.contains("content/w/index.md:\(body.locations["2️⃣"]!): error: this ```reply block is 20005 characters as sent (as BBCode); Bitrix24 truncates a message at 20000: split it into shorter replies [reply.length]"))
        #expect(out.contains { $0.hasPrefix("content/w/index.md:\(body.locations["3️⃣"]!): error: this ```insert block is 20001 characters as sent;") })
        #expect(!FileManager.default.fileExists(atPath: root + "/dist/w/index.html"))
    }

    @Test func aMobileWidgetWithRepliesIsWarned() throws {
        let body = MarkedText("Text\n\n1️⃣```reply\n**Hi**\n```\n\n2️⃣```insert\nHi\n```\n", lineOffset: 4)
        let root = TestSupport.project(["placard.yml": "baseURL: https://w.example.com/\n"]
            .merging(TestSupport.widget(placement: "IMMOBILE_CONTEXT_MENU", extra: "", body: body.text)) { a, _ in a })
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        let out = lines(result.stderr)
        for marker in ["1️⃣", "2️⃣"] {
            #expect(out.contains { $0.hasPrefix("content/w/index.md:\(body.locations[marker]!): warning: the Bitrix24 mobile app has no message field to insert into") && $0.hasSuffix("[reply.mobile]") })
        }
        let page = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(page.contains("<figure class=\"b24-snippet b24-reply\"><div class=\"b24-reply-body\"><p><strong>Hi</strong></p>\n</div></figure>"))
        #expect(!page.contains("data-b24-insert"))
    }

    @Test func unknownInfoWordsAreWarnedAndReplaceIsKept() throws {
        let body = MarkedText("1️⃣```reply replase\nHi\n```\n\n```reply replace\nHello\n```\n", lineOffset: 6)
        let root = TestSupport.project(["placard.yml": "baseURL: https://w.example.com/\n"]
            .merging(TestSupport.widget(placement: "IM_TEXTAREA", extra: textarea, body: body.text)) { a, _ in a })
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(lines(result.stderr).contains("content/w/index.md:\(body.locations["1️⃣"]!): warning: 'replase' means nothing after ```reply and is ignored: the only word it takes is 'replace' (Insert then replaces the field's text). Did you mean 'replace'? [reply.info]"))
        let page = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(page.contains("data-b24-text=\"Hello\" data-b24-replace>"))
    }

    @Test func aTextareaPopupBelowTwoHundredByOneFiftyIsWarned() throws {
        let front = MarkedText("options:\n  iconName: fa-reply\n  1️⃣width: 150\n  height: 320\n", lineOffset: 3)
        let root = TestSupport.project(["placard.yml": "baseURL: https://w.example.com/\n"]
            .merging(TestSupport.widget(placement: "IM_TEXTAREA", extra: front.text)) { a, _ in a })
        let result = try cli.run(["build", "--root", root])
        #expect(result.status == 0, "\(result.stderr)")
        let out = lines(result.stderr)
        #expect(out.contains { $0.hasPrefix("content/w/index.md:\(front.locations["1️⃣"]!): warning: width 150 makes a popup too small to use: the messenger sizes the IM_TEXTAREA popup in pixels") && $0.contains("the REST docs say percent, a disagreement") && $0.hasSuffix("[options.size.small]") })
        #expect(!out.contains { $0.contains("height 320") })
        let verify = try cli.run(["verify", root + "/dist"])
        #expect(verify.stdout.contains("options.size.small") || verify.stderr.contains("options.size.small"))
    }
}
