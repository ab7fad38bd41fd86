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

    static func split(_ text: String, file: String) -> Result<FrontMatter, Finding> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first.map({ $0.hasSuffix("\r") }) == true { lines = lines.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 } }
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else {
            return .success(FrontMatter(fields: YAMLMapping(fields: []), body: text, bodyLineOffset: 0))
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingTrailingSpaces == "---" || $0.trimmingTrailingSpaces == "..." }) else {
            return .failure(.error("frontmatter.unclosed", "front matter starts with '---' on line 1 but is never closed; add a line with '---' after it",
                                   at: SourceLocation(file: file, line: 1, column: 1)))
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return YAMLMapping.parse(yaml, file: file, lineOffset: 1).map {
            FrontMatter(fields: $0, body: body, bodyLineOffset: end + 1)
        }
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
