import PlacardCore

extension Harness {
    /// A ```reply block's Markdown → BBCode: the input is the reply. Besides not crashing,
    /// the message must hold two properties, checked here independently of the converter:
    /// its paired tags balance (outside `[code]`, where the messenger reads no tags), and
    /// it carries no raw HTML (read again as CommonMark, it has no HTML node; inputs with `&`
    /// or `\` are exempt, since an entity or an escape legitimately makes `<b>` text).
    /// A violation traps, which libFuzzer reports as a crash with the input.
    static let reply = Harness(name: "reply", summary: "a reply's Markdown to BBCode: balanced tags, no raw HTML") { input in
        guard let text = text(input) else { return }
        let bbcode = Reply(markdown: text).bbcode
        let (balanced, outsideCode) = ReplyProperties.check(bbcode)
        guard balanced else { fatalError("unbalanced BBCode tags in \(bbcode.debugDescription)") }
        if !text.utf8.contains(UInt8(ascii: "&")), !text.utf8.contains(UInt8(ascii: "\\")) {
            guard !ReplyProperties.hasHTML(CommonMark.steps(outsideCode)) else { fatalError("raw HTML in \(bbcode.debugDescription)") }
        }
    }
}

/// The properties the `reply` harness checks, written apart from the converter's own tag reader.
enum ReplyProperties {
    static let paired: Set<String> = ["b", "i", "u", "s", "url", "code", "user", "chat", "send", "put", "call",
                                      "color", "size", "context", "img"]

    /// Whether the document has a raw HTML node anywhere.
    static func hasHTML(_ steps: [MarkdownStep]) -> Bool {
        steps.contains { step in
            switch step.kind {
            case .htmlInline, .htmlBlock: true
            default: false
            }
        }
    }

    /// Whether the paired tags of `bbcode` nest and close, and the text with every `[code]`
    /// tag's content left out.
    static func check(_ bbcode: String) -> (balanced: Bool, outsideCode: String) {
        let bytes = Array(bbcode.utf8)
        var stack: [String] = []
        var outside: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "["), let (name, closing, end) = tag(bytes, i) else {
                outside.append(bytes[i]); i += 1; continue
            }
            outside += bytes[i..<end]
            i = end
            if closing {
                guard stack.last == name else { return (false, "") }
                stack.removeLast()
            } else if name == "code" {
                // Skip to the first [/code]: nothing inside is a tag.
                var k = i
                while k < bytes.count, !(bytes[k] == UInt8(ascii: "[") && tag(bytes, k).map({ $0.name == "code" && $0.closing }) == true) { k += 1 }
                guard k < bytes.count, let close = tag(bytes, k) else { return (false, "") }
                outside += bytes[k..<close.end]
                i = close.end
            } else {
                stack.append(name)
            }
        }
        return (stack.isEmpty, String(decoding: outside, as: UTF8.self))
    }

    private static func tag(_ bytes: [UInt8], _ start: Int) -> (name: String, closing: Bool, end: Int)? {
        var i = start + 1
        let closing = i < bytes.count && bytes[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        var name = ""
        while i < bytes.count, (bytes[i] | 0x20) >= UInt8(ascii: "a"), (bytes[i] | 0x20) <= UInt8(ascii: "z") {
            name.append(Character(Unicode.Scalar(bytes[i] | 0x20))); i += 1
        }
        guard paired.contains(name), i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "]") { return (name, closing, i + 1) }
        guard !closing, bytes[i] == UInt8(ascii: "=") || bytes[i] == UInt8(ascii: " ") else { return nil }
        while i < bytes.count, ![UInt8(ascii: "["), UInt8(ascii: "]"), 10, 13].contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "]") ? (name, false, i + 1) : nil
    }
}
