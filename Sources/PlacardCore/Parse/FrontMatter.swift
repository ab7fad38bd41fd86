import PlacardRules

/// A Markdown file split into its YAML front matter and its body.
///
/// Exists so that every page is split the same way and body line numbers (for links and
/// snippets) map back to the right line of the file.
struct FrontMatter: Sendable {
    var fields: YAMLMapping
    var body: String
    /// Lines before the body (the front matter and its `---` fences).
    var bodyLineOffset: Int
    /// False when the file does not start with a `---` line (it has no front matter).
    var fenced = true

    static func split(_ text: String, file: String) -> Result<FrontMatter, Finding> {
        let result = splitLF(text, file: file) ?? splitLines(text, file: file)
        if case .success(let matter) = result, matter.fenced, let problem = secondDocument(matter, text: text, file: file) {
            return .failure(problem)
        }
        return result
    }

    /// Front matter closed by `...` (YAML's document end) followed by `key: value` lines up to
    /// a `---`: a second YAML document, which no one reads — its keys would become a Markdown
    /// heading. Nil for anything else.
    static func secondDocument(_ matter: FrontMatter, text: String, file: String) -> Finding? {
        // Nearly every front matter ends with `---`: look at that one line before splitting.
        guard matter.bodyLineOffset >= 1, let closing = TextLines.line(matter.bodyLineOffset - 1, of: text),
              closing.trimmingTrailingSpaces == "..." else { return nil }
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        lines = Array(lines[matter.bodyLineOffset...])
        var keys = 0
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingTrailingSpaces
            if trimmed == "---" {
                guard keys > 0 else { return nil }
                return Finding(.yamlSyntax,
                               "the front matter ends with '...' on line \(matter.bodyLineOffset), and a second YAML document follows it (up to the '---' on line \(matter.bodyLineOffset + index + 1)), which Placard does not read: its keys would show as a heading. Put them into the front matter above and remove the '...' line",
                               at: SourceLocation(file: file, line: matter.bodyLineOffset, column: 1))
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || line.first == " " || line.first == "\t" || trimmed.hasPrefix("- ") { continue }
            guard let colon = trimmed.firstIndex(of: ":"), colon > trimmed.startIndex,
                  trimmed[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
            keys += 1
        }
        return nil
    }

    /// `split` line by line, for any text (the tests compare it with `splitLF`). Lines end
    /// in `\n`, `\r\n` or `\r`, as in YAML and CommonMark; the YAML and the body are
    /// handed on with `\n` line ends, so their line numbers stay the file's.
    static func splitLines(_ text: String, file: String) -> Result<FrontMatter, Finding> {
        // `\r\n` is one `Character`; `\r` alone ends a line too.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else {
            return .success(FrontMatter(fields: YAMLMapping(fields: []), body: text, bodyLineOffset: 0, fenced: false))
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingTrailingSpaces == "---" || $0.trimmingTrailingSpaces == "..." }) else {
            return .failure(Finding(.frontmatterUnclosed, "front matter starts with '---' on line 1 but is never closed; add a line with '---' after it",
                                    at: SourceLocation(file: file, line: 1, column: 1)))
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return YAMLMapping.parse(yaml, file: file, lineOffset: 1).map {
            FrontMatter(fields: $0, body: body, bodyLineOffset: end + 1)
        }
    }
}

extension FrontMatter {
    /// `split` for text without carriage returns (nearly every file), working on the UTF-8
    /// bytes instead of an array of lines: same fences, same YAML text, same body, same
    /// line numbers. Nil for text with a `\r`, which `split` handles line by line.
    ///
    /// Without `\r`, every `\n` byte is a line break of its own (a grapheme cluster never
    /// joins `\n` to anything else), so byte lines are the `Character` lines of `split`.
    static func splitLF(_ text: String, file: String) -> Result<FrontMatter, Finding>? {
        let original = text
        var text = text
        return text.withUTF8 { bytes -> Result<FrontMatter, Finding>? in
            let newline = UInt8(ascii: "\n")
            if bytes.contains(UInt8(ascii: "\r")) { return nil }
            /// The end of the line starting at `start` (the index of its `\n`, or `count`).
            func lineEnd(_ start: Int) -> Int {
                var i = start
                while i < bytes.count, bytes[i] != newline { i += 1 }
                return i
            }
            /// Whether `bytes[start..<end]` is `fence` followed only by spaces and tabs.
            func isFence(_ start: Int, _ end: Int, _ fence: UInt8) -> Bool {
                var last = end
                while last > start, bytes[last - 1] == UInt8(ascii: " ") || bytes[last - 1] == UInt8(ascii: "\t") { last -= 1 }
                return last - start == 3 && bytes[start] == fence && bytes[start + 1] == fence && bytes[start + 2] == fence
            }
            let firstEnd = lineEnd(0)
            guard isFence(0, firstEnd, UInt8(ascii: "-")) else {
                return .success(FrontMatter(fields: YAMLMapping(fields: []), body: original, bodyLineOffset: 0, fenced: false))
            }
            // The closing fence: the first later line that is `---` or `...`.
            var start = firstEnd + 1, line = 1
            while start <= bytes.count, firstEnd < bytes.count {
                let end = lineEnd(start)
                if isFence(start, end, UInt8(ascii: "-")) || isFence(start, end, UInt8(ascii: ".")) {
                    // Slices of the (valid) text at line starts: copied, not decoded again.
                    let yamlStart = firstEnd + 1
                    let yaml = start > yamlStart ? String(original[original.utf8Index(yamlStart)..<original.utf8Index(start - 1)]) : ""
                    let body = end < bytes.count ? String(original[original.utf8Index(end + 1)...]) : ""
                    return YAMLMapping.parse(yaml, file: file, lineOffset: 1).map {
                        FrontMatter(fields: $0, body: body, bodyLineOffset: line + 1)
                    }
                }
                if end == bytes.count { break }
                start = end + 1
                line += 1
            }
            return nil // unclosed: `split` reports it
        }
    }
}

extension String {
    /// The index of the byte at `offset` in the UTF-8 encoding.
    func utf8Index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
