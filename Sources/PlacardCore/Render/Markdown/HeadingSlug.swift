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
