/// The BBCode tags of Bitrix24 chat messages that come in pairs (docs/platform.md §9.1), and
/// a reader of them in text.
///
/// Exists so that BBCode an author writes in a reply (`[user=all]Everyone[/user]`) can pass
/// through as written while a tag left open or closed out of turn is neutralised: the
/// messenger would otherwise pair it with a tag the converter wrote.
enum BBCodeTags {
    /// Tags with a closing `[/name]`, lower-case (the messenger reads them case-insensitively).
    static let paired: Set<String> = ["b", "i", "u", "s", "url", "code", "user", "chat", "send", "put", "call",
                                      "color", "size", "context", "img"]

    /// One tag in a text: its name, whether it closes, and its UTF-8 byte range.
    struct Token: Equatable {
        var name: String
        var closing: Bool
        var range: Range<Int>
    }

    /// The paired tags in `text`: `[name]`, `[name=value]`, `[name value]` (the value has no
    /// `[`, `]` or line break) and `[/name]`.
    static func tokens(in text: String) -> [Token] {
        let bytes = Array(text.utf8)
        var found: [Token] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "["), let token = token(in: bytes, at: i) else { i += 1; continue }
            found.append(token)
            i = token.range.upperBound
        }
        return found
    }

    private static func token(in bytes: [UInt8], at start: Int) -> Token? {
        var i = start + 1
        let closing = i < bytes.count && bytes[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        let nameStart = i
        while i < bytes.count, isLetter(bytes[i]), i - nameStart < 8 { i += 1 }
        guard i > nameStart, i < bytes.count else { return nil }
        let name = String(decoding: bytes[nameStart..<i].map { $0 | 0x20 }, as: UTF8.self)
        guard paired.contains(name) else { return nil }
        if bytes[i] == UInt8(ascii: "]") { return Token(name: name, closing: closing, range: start..<(i + 1)) }
        guard !closing, bytes[i] == UInt8(ascii: "=") || bytes[i] == UInt8(ascii: " ") else { return nil }
        while i < bytes.count, !"[]\n\r".utf8.contains(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "]") else { return nil }
        return Token(name: name, closing: false, range: start..<(i + 1))
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// A zero-width space after the `[` of each range of `text`, so that the messenger reads
    /// those tags as text; the message looks the same.
    static func neutralise(_ text: String, at ranges: [Range<Int>]) -> String {
        guard !ranges.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for range in ranges.sorted(by: { $0.lowerBound > $1.lowerBound }) {
            bytes.insert(contentsOf: Array("\u{200B}".utf8), at: range.lowerBound + 1)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` with a zero-width space after each of the byte offsets `offsets` (each > 0).
    static func insertingSpaces(into text: String, after offsets: [Int]) -> String {
        guard !offsets.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for offset in Set(offsets).sorted(by: >) where offset <= bytes.count {
            bytes.insert(contentsOf: Array("\u{200B}".utf8), at: offset)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Code as the text of a `[code]` tag: every `[/code]` in it neutralised, so the tag ends
    /// where the converter ends it.
    static func codeText(_ code: String) -> String {
        guard code.utf8.contains(UInt8(ascii: "[")) else { return code }
        let ranges = tokens(in: code).filter { $0.closing && $0.name == "code" }.map(\.range)
        return neutralise(code, at: ranges)
    }
}
