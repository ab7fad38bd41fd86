import PlacardSystem

/// The HTML the Markdown passes write themselves (a heading's `id`, an external link's
/// `target`): escaped exactly as cmark's HTML renderer escapes the same values, and the ids
/// an author wrote in raw HTML.
///
/// Exists so that a link given `target="_blank"` is byte for byte the `<a>` cmark would have
/// written, plus its two attributes (tested against cmark's own output).
enum HTMLIDs {
    /// Text in an attribute value, as cmark escapes a title: `"`, `&`, `<`, `>`.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x22 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "&quot;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A link destination as cmark writes it into `href`: the bytes URLs may hold stay, `&`
    /// and `'` become entities, every other byte is percent-encoded.
    static func escapeHref(_ url: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(url.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in url.utf8 {
            if hrefSafe(byte) {
                out.append(byte)
            } else if byte == UInt8(ascii: "&") {
                out += Array("&amp;".utf8)
            } else if byte == UInt8(ascii: "'") {
                out += Array("&#x27;".utf8)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hrefSafe(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-_.+!*(),%#@?=;:/$~".utf8.contains(b)
        }
    }

    /// The `id` values of the start tags in a piece of raw HTML.
    static func ids(in html: String) -> [String] {
        guard html.utf8.contains(UInt8(ascii: "<")) else { return [] }
        var found: [String] = []
        let bytes = Array(html.utf8)
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            while i + 1 < p.count {
                guard p[i] == UInt8(ascii: "<"), (p[i + 1] | 0x20) >= 0x61, (p[i + 1] | 0x20) <= 0x7A else { i += 1; continue }
                var j = i + 1
                while j < p.count, !HTMLAttributes.isSpace(p[j]), p[j] != UInt8(ascii: ">") { j += 1 }
                i = HTMLAttributes.scan(p, from: j) { token in
                    guard token.name.count == 2, p[token.name.lowerBound] | 0x20 == UInt8(ascii: "i"),
                          p[token.name.lowerBound + 1] | 0x20 == UInt8(ascii: "d"), let value = token.value, !value.isEmpty else { return }
                    found.append(String(decoding: UnsafeBufferPointer(rebasing: p[value]), as: UTF8.self))
                } + 1
            }
        }
        return found
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace = { (c: Character) in c == " " || c == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
