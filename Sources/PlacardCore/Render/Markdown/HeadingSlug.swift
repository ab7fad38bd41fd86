/// The ids of a page's headings, made the way GitHub makes them, and unique in the page.
///
/// Exists so that a link written for GitHub (`guide.md#getting-started`, `#установка`) works
/// in the widget unchanged: the id of a heading is its text lower-cased, with every
/// character that is not a letter, a mark, a decimal or letter number, a connector (`_`), a
/// space or `-` removed, and each space made a `-`; letters of every script are kept. A
/// slug already taken in the page gets `-1`, `-2`, … (GitHub's counting: the first free
/// one, so `a`, `a`, `a-1` become `a`, `a-1`, `a-1-1`). A heading whose slug is empty (only
/// punctuation or emoji) is `section`, counted the same way, since an empty id is not HTML.
package struct HeadingSlugger: Sendable {
    /// Every id taken in the page: headings' and those written in raw HTML.
    package private(set) var taken: Set<String> = []
    /// Per base slug, the last number given (GitHub's `occurrences`).
    private var counts: [String: Int] = [:]

    package init() {}

    /// The base slug of a heading's text, before de-duplication.
    package static func slug(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append("-")
            } else if scalar == "-" || Self.keeps(scalar) {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func keeps(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (0x61...0x7A).contains(v) || (0x41...0x5A).contains(v) || (0x30...0x39).contains(v) || v == 0x5F
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .decimalNumber, .letterNumber, .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// Takes an id written in the page's raw HTML: no heading gets it.
    package mutating func reserve(_ id: String) {
        taken.insert(id)
    }

    /// An id the heading names itself (`{#name}`), unique like the others: a second use gets
    /// `-1`, `-2`, … as a repeated heading does.
    package mutating func explicit(_ id: String) -> String {
        var result = id, n = 0
        while taken.contains(result) {
            n += 1
            result = id + "-" + String(n)
        }
        taken.insert(result)
        return result
    }

    /// `text` without a trailing `{#name}` (and the blanks before it), or nil when it has none.
    package static func withoutExplicitID(_ text: String) -> String? {
        explicitSuffix(Array(text.utf8)).map { String(decoding: Array(text.utf8)[..<$0.start], as: UTF8.self) }
    }

    /// Where a trailing ` {#name}` starts (blanks before it included) and the name: a name
    /// starts with a letter and holds letters, digits, `-`, `_`, `.` and `:` (ASCII).
    package static func explicitSuffix(_ bytes: [UInt8]) -> (start: Int, id: String)? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard end >= 4, bytes[end - 1] == UInt8(ascii: "}"),
              let open = bytes[..<end].lastIndex(of: UInt8(ascii: "{")), open + 2 < end - 1,
              bytes[open + 1] == UInt8(ascii: "#") else { return nil }
        let name = bytes[(open + 2)..<(end - 1)]
        guard let first = name.first, (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first),
              name.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || "-_.:".utf8.contains($0) })
        else { return nil }
        var start = open
        while start > 0, bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09 { start -= 1 }
        return (start, String(decoding: name, as: UTF8.self))
    }

    /// The id for a heading with `text`, unique among the ids given and reserved so far.
    package mutating func id(for text: String) -> String {
        var base = Self.slug(text)
        if base.isEmpty { base = "section" }
        var result = base
        if taken.contains(result) {
            var n = counts[base] ?? 0
            repeat {
                n += 1
                result = base + "-" + String(n)
            } while taken.contains(result)
            counts[base] = n
        }
        taken.insert(result)
        return result
    }
}
