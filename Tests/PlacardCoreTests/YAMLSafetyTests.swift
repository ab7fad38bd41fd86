import Foundation
@testable import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// Front matter and `placard.yml` that used to hang Yams (alias expansion), overflow its
/// stack (deep nesting) or get a misleading finding (NUL, duplicate keys, CRLF).
@Suite("Hostile YAML")
struct YAMLSafetyTests {
    func yaml(_ text: String) -> String {
        switch YAMLMapping.parse(text, file: "f.md", lineOffset: 1) {
        case .success(let mapping): mapping.fields.map(\.key).joined(separator: ",")
        case .failure(let finding): finding.description
        }
    }

    @Test(arguments: [
        "title: Q&A\n", "title: Tom & Jerry\n", "title: a *b* c\n", "title: \"*bold*\"\n", "title: '&amp'\n",
        "title: x # &not *an alias\n", "# *comment\ntitle: x\n", "url: https://x.example/a*b&c\n",
        "title: |\n  *literal*\n  &text\n", "options:\n  - >\n    *folded*\n", "title: \"multi\n  *line\"\n",
        "list: [a*b, c&d, 'e, *f']\n", "map: {a: b&c}\n", "title: it''s *x*\n",
    ])
    func textThatOnlyLooksLikeAnAliasIsRead(_ text: String) {
        #expect(!yaml(text).contains("error"), "\(text.debugDescription): \(yaml(text))")
    }

    /// Front matter with the spot of its finding marked (`MarkedText`); its first line is
    /// line 2 of the page.
    func marked(_ text: String) -> MarkedText { MarkedText(text, lineOffset: 1) }

    @Test(arguments: [
        "a: 1️⃣&x 1\n", "a: 1️⃣*x\n", "<<: 1️⃣*x\n", "- 1️⃣*x\n", "a: [b, 1️⃣*x]\n",
        "a: {b: 1️⃣*x}\n", "a: !!str 1️⃣&x b\n", "a:\n  - b\n  - 1️⃣&x c\n", "a: |\n  t\nb: 1️⃣*x\n",
        "? 1️⃣*x\n: y\n", "--- {a: 1️⃣&a [x], b: [*a, *a]}\n", "a: 1\n... 1️⃣*x\n", "a: \"q\" \nb: [\n  1️⃣*x]\n",
    ])
    func anchorsAndAliasesAreRefusedWhereTheyAre(_ source: String) {
        let text = marked(source)
        let result = yaml(text.text)
        #expect(result.hasPrefix("f.md:\(text.location): error: '"), "\(text.text.debugDescription): \(result)")
        #expect(result.hasSuffix("[yaml.alias]"))
    }

    /// Found by the fuzzer (`Fuzz/corpus/frontmatter/complex-key-mapping`): Yams traps on a
    /// mapping used as a key when asked for its `any`.
    @Test(arguments: [("? 1️⃣? -\n", "a mapping"), ("? 1️⃣[a, b]\n: 1\n", "a list"), ("? 1️⃣{a: b}\n: 1\n", "a mapping")])
    func complexKeysAreAnErrorNotACrash(_ source: String, _ type: String) {
        let text = marked(source)
        #expect(yaml(text.text) == "f.md:\(text.location): error: a key must be a plain name, not \(type); write 'name: value' [yaml.syntax]")
    }

    @Test func billionLaughsIsRefusedAtItsFirstAnchor() {
        var source = "a: 1️⃣&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            source += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        let text = marked(source)
        #expect(yaml(text.text) == "f.md:\(text.location): error: '&a' is a YAML anchor: front matter and placard.yml take no anchors ('&name') or aliases ('*name'); write the value out, or put it in quotes if it is text [yaml.alias]")
    }

    /// The inputs below are generated, so their positions are written out: each is where
    /// the limit is crossed (the 64th bracket or dash, the 65th indented key).
    @Test func deepNestingIsRefusedWithoutRecursion() {
        // Past the size limit (the first check) and, straight to the Yams path, past the depth limit.
        let deep = "x: " + String(repeating: "[", count: 100_000) + "\n"
        #expect(yaml(deep) == "f.md:2:1: error: this YAML is 100004 bytes; Placard reads front matter and placard.yml of at most 65536 bytes (64 KiB) [yaml.size]")
        let refused = { (text: String) -> String in
            if case .failure(let finding) = YAMLMapping.parseWithYams(text, file: "f.md", lineOffset: 1) { return finding.description }
            return "read"
        }
        #expect(refused(deep) == "f.md:2:67: error: YAML nests more than 64 levels of lists and mappings here; Placard reads at most 64 [yaml.depth]")
        #expect(refused(String(repeating: "- ", count: 30_000) + "x\n") == "f.md:2:129: error: YAML nests more than 64 levels of lists and mappings here; Placard reads at most 64 [yaml.depth]")
        var indented = ""
        for level in 0..<70 { indented += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(refused(indented) == "f.md:66:65: error: YAML nests more than 64 levels of lists and mappings here; Placard reads at most 64 [yaml.depth]")
        #expect(refused("x: " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "\n") == "read")
    }

    @Test func moreValuesThanTheLimitAreRefused() {
        let many = "x: [" + Array(repeating: "1", count: YAMLMapping.maxNodes).joined(separator: ",") + "]\n"
        #expect(yaml(many) == "f.md:2:1: error: this YAML expands to more than 20000 values; Placard reads at most 20000 [yaml.size]")
        #expect(yaml("x: [" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]\n") == "x")
    }

    @Test func controlCharactersAndDuplicatesPointAtTheRightLine() {
        let nul = marked("title: a\nplacement: b1️⃣\u{0}\n")
        #expect(yaml(nul.text) == "f.md:\(nul.location): error: YAML cannot contain the control character U+0000; remove it [yaml.character]")
        // Not marked: the YAML check counts a column in characters (U+0085 is one), a marker in bytes.
        #expect(yaml("a: 1\nb: \u{85}ok\u{9B}\n") == "f.md:3:7: error: YAML cannot contain the control character U+009B; remove it [yaml.character]")
        let title = marked("title: a\noptions:\n  x: 1\n1️⃣title: b\n")
        #expect(yaml(title.text) == "f.md:\(title.location): error: key 'title' appears twice (first on line 2); keep one [yaml.duplicate-key]")
        let quoted = marked("options:\n  x: 1\n  y: 2\n  1️⃣'x': 3\n")
        #expect(yaml(quoted.text) == "f.md:\(quoted.location): error: key 'x' appears twice (first on line 3); keep one [yaml.duplicate-key]")
        let flow = marked("options: {a: 1, b: 2, 1️⃣a: 3}\n")
        #expect(yaml(flow.text) == "f.md:\(flow.location): error: key 'a' appears twice (first on line 2); keep one [yaml.duplicate-key]")
    }

    // MARK: Front matter

    @Test func crlfFrontMatterIsReadWithTheFilesLines() throws {
        let text = "---\r\ntitle: T\r\nweight: 2\r\n---\r\nBody\r\n\r\nmore\r\n"
        let split = try FrontMatter.split(text, file: "f.md").get()
        #expect(split.fields["title"]?.value.string == "T")
        #expect(split.fields["weight"]?.line == 3)
        #expect(split.body == "Body\n\nmore\n")
        #expect(split.bodyLineOffset == 4)
        let oldMac = try FrontMatter.split("---\rtitle: T\r---\rBody\r", file: "f.md").get()
        #expect(oldMac.fields["title"]?.value.string == "T")
        #expect(oldMac.bodyLineOffset == 3)
    }

    @Test func crlfConfigIsRead() {
        let (config, findings) = Config.parse("baseURL: https://w.example.com/\r\ntitle: 'T'\r\ndefaultLanguage: de\r\n", file: "placard.yml")
        #expect(findings.isEmpty)
        #expect(config.title == "T")
        #expect(config.defaultLanguage == "de")
    }
}
