import Testing
import PlacardSystem

/// The one HTML attribute tokeniser (verifier and preview server).
@Suite("HTML attributes")
struct HTMLAttributesTests {
    /// `(name, value)` pairs of `text` and the offset where the tag ended.
    func tokens(_ text: String) -> ([(String, String?)], Int) {
        let bytes = Array(text.utf8)
        var result: [(String, String?)] = []
        let end = bytes.withUnsafeBufferPointer { p in
            HTMLAttributes.scan(p, from: 0) { token in
                result.append((String(decoding: p[token.name], as: UTF8.self), token.value.map { String(decoding: p[$0], as: UTF8.self) }))
            }
        }
        return (result, end)
    }

    @Test("quoted, unquoted and bare attributes, up to the closing >")
    func kinds() {
        let (found, end) = tokens(#" src="a>b.js" defer data-x = 'y' id=z/>rest"#)
        #expect(found.map(\.0) == ["src", "defer", "data-x", "id"])
        #expect(found.map(\.1) == ["a>b.js", nil, "y", "z/"])
        #expect(end == #" src="a>b.js" defer data-x = 'y' id=z/"#.utf8.count)
    }

    @Test("only HTML's ASCII whitespace separates attributes")
    func whitespace() {
        #expect(tokens("a\tb\nc\u{0C}d\re").0.map(\.0) == ["a", "b", "c", "d", "e"])
        #expect(tokens("a\u{00A0}b").0.map(\.0) == ["a\u{00A0}b"])
    }

    @Test("an unclosed quote runs to the end")
    func unclosed() {
        let (found, end) = tokens(#"src="x.js>"#)
        #expect(found.map(\.1) == ["x.js>"])
        #expect(end == 10)
    }
}
