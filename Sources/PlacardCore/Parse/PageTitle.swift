/// Where a page's title comes from when its front matter has none, and the dates a page
/// may carry.
///
/// Exists so that documentation written for other tools (no front matter, a `# Title` on
/// the first line) builds as it is: the title is the first `# heading`, which is then taken
/// out of the body so the page does not show it twice, else the file name made readable.
enum PageTitle {
    struct Heading: Equatable {
        var title: String
        /// The body with the heading's line(s) left empty (line numbers stay the same).
        var bodyWithout: String
    }

    /// The page's first block when it is a level-1 heading (`# Title` or `Title` over `===`).
    /// Reads the body's first lines only (`TextLines`), not the whole page.
    static func firstHeading(of body: String) -> Heading? {
        var lines = TextLines(body)
        var found: Range<String.Index>?
        while let line = lines.next() {
            if !body[line].allSatisfy(\.isWhitespace) { found = line; break }
        }
        guard let first = found else { return nil }
        let line = body[first]
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let text = line.dropFirst(indent)
        var raw: Substring?
        var blanked = first
        if text.hasPrefix("# ") || text.hasPrefix("#\t") || text == "#" {
            var content = text.dropFirst(1).trimmingWhitespace
            // An optional closing sequence of #s after a space.
            if let hashes = content.lastIndex(where: { $0 != "#" }), content.last == "#", content[hashes] == " " || content[hashes] == "\t" {
                content = content[..<hashes].trimmingWhitespace
            } else if content.allSatisfy({ $0 == "#" }) {
                content = ""
            }
            raw = content
        } else if let next = lines.next() {
            let under = body[next].trimmingWhitespace
            if !under.isEmpty, under.allSatisfy({ $0 == "=" }), !text.trimmingWhitespace.isEmpty, !"-*+>#|`~<".contains(text.first!) {
                raw = text.trimmingWhitespace
                blanked = first.lowerBound..<next.upperBound
            }
        }
        guard let raw, !raw.isEmpty else { return nil }
        let title = plainText(String(raw))
        guard !title.isEmpty else { return nil }
        // The heading's line(s) left empty, their line ends kept, so line numbers stay the same.
        let ends = body[blanked].filter { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        return Heading(title: title, bodyWithout: String(body[..<blanked.lowerBound]) + String(ends) + String(body[blanked.upperBound...]))
    }

    /// The text of inline Markdown without its markup (`**x** and `y`` → `x and y`).
    /// Read from the flat steps, not from `CommonMark.tree`: a heading may nest thousands of
    /// emphases, and a tree of values that deep overflows a thread's stack.
    static func plainText(_ markdown: String) -> String {
        var out = ""
        for step in CommonMark.steps(markdown) where step.entering {
            switch step.kind {
            case .text(let text), .code(let text): out += text
            case .softBreak, .lineBreak: out += " "
            default: break
            }
        }
        return out.trimmingWhitespace.description
    }

    /// `getting-started` → "Getting started"; `api.get` stays "api.get".
    static func fromFileName(_ slug: String) -> String {
        let name = slug.split(separator: "/").last.map(String.init) ?? slug
        let words = name.replacingDashes
        guard let first = words.first else { return name }
        return first.uppercased() + words.dropFirst()
    }

    /// `2026-03-05`, `2026-03-05T10:00:00Z` or `2026-03-05 10:00` → "2026-03-05"; else nil.
    static func day(_ text: String) -> String? {
        let t = text.trimmingWhitespace
        guard t.utf8.count >= 10 else { return nil }
        let day = t.prefix(10)
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let month = Int(parts[1]), let date = Int(parts[2]), (1...12).contains(month), (1...31).contains(date) else { return nil }
        let rest = t.dropFirst(10)
        guard rest.isEmpty || rest.first == "T" || rest.first == " " else { return nil }
        return String(day)
    }
}

extension StringProtocol {
    var trimmingWhitespace: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }

    /// Dashes and underscores between words as spaces.
    var replacingDashes: String {
        String(map { $0 == "-" || $0 == "_" ? " " : $0 })
    }
}
