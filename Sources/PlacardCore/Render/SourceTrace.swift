import PlacardRules
import PlacardSystem

/// Traces a finding about an output file back to the source that wrote it.
///
/// Exists because a finding in `dist/` points at a file the author never edits (and git
/// ignores): what they change is `content/<widget>/page.md`, a template, or `placard.yml`.
/// A reference on a page is looked up, as written, in the page's Markdown and then in the
/// templates (the widget's own first); a key of `placement.json` is mapped to the front
/// matter of the widget's `index.md` or to `placard.yml`. The output location is kept as
/// a note, so nothing is lost when the trace is only a good guess.
package enum SourceTrace {
    /// The same finding at `source`, with the output location as a note; unchanged when
    /// `source` is nil.
    package static func moved(_ finding: Finding, to source: SourceLocation?) -> Finding {
        guard let source, let output = finding.location, source != output else { return finding }
        var moved = finding.at(source)
        moved.notes.insert(Finding.Note("found in the built output here", at: output), at: 0)
        return moved
    }

    /// Where the page's Markdown (any version) or, failing that, a template writes
    /// `subject`; the templates are searched in `templates` order after `preferred`.
    package static func locate(_ subject: String, versions: [PageVersion], templates: [TextFile], preferred: String) -> SourceLocation? {
        guard subject.utf8.count >= 2 else { return nil }
        for version in versions {
            if let (line, column) = find(subject, in: version.markdown) {
                return SourceLocation(file: version.file, line: version.bodyLineOffset + line, column: column)
            }
        }
        let own = preferred + ".mustache"
        for file in templates.filter({ $0.relative == own }) + templates.filter({ $0.relative != own }) {
            if let (line, column) = find(subject, in: file.text) {
                return SourceLocation(file: file.path, line: line, column: column)
            }
        }
        return nil
    }

    /// The 1-based line and column (in characters) of the first `needle` in `text`.
    static func find(_ needle: String, in text: String) -> (line: Int, column: Int)? {
        let hay = Array(text.utf8), pin = Array(needle.utf8)
        guard let first = pin.first, hay.count >= pin.count else { return nil }
        var line = 1, lineStart = 0, i = 0
        while i <= hay.count - pin.count {
            let byte = hay[i]
            if byte == 0x0A {
                line += 1
                lineStart = i + 1
            } else if byte == first, hay[i..<i + pin.count].elementsEqual(pin) {
                let column = 1 + hay[lineStart..<i].count { $0 & 0xC0 != 0x80 }
                return (line, column)
            }
            i += 1
        }
        return nil
    }

    /// The text a finding in an output file is about: the quoted value or the word that
    /// starts at `location` (a URL in `href="…"`, a key in `"OPTIONS"`), or nil.
    package static func subject(at location: SourceLocation, in bytes: [UInt8]) -> String? {
        guard location.line > 0 else { return nil }
        var line = 1, i = 0
        while i < bytes.count, line < location.line {
            if bytes[i] == 0x0A { line += 1 }
            i += 1
        }
        var column = 1
        while i < bytes.count, column < max(location.column, 1), bytes[i] != 0x0A {
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            column += 1
        }
        guard i < bytes.count else { return nil }
        var quote: UInt8?
        if bytes[i] == 0x22 || bytes[i] == 0x27 {
            quote = bytes[i]
            i += 1
        }
        let start = i
        let stops: Set<UInt8> = quote.map { [$0, 0x0A] } ?? [0x20, 0x09, 0x0A, 0x0D, 0x3E, 0x29, 0x22, 0x27, 0x3B, 0x2C]
        while i < bytes.count, !stops.contains(bytes[i]), i - start < 2048 { i += 1 }
        guard i > start else { return nil }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// The key path (`["OPTIONS", "width"]`) of the key written at `location` in a
    /// pretty-printed JSON file such as the build's `placement.json`; empty when there is
    /// no key there.
    package static func jsonKeyPath(at location: SourceLocation, in bytes: [UInt8]) -> [String] {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard location.line > 0, location.line <= lines.count, let key = subject(at: location, in: bytes) else { return [] }
        var path = [key]
        var indent = lines[location.line - 1].prefix { $0 == 0x20 }.count
        var n = location.line - 2
        while n >= 0, indent > 0 {
            let text = lines[n]
            let own = text.prefix { $0 == 0x20 }.count
            if own < indent, text.last == UInt8(ascii: "{") {
                let start = SourceLocation(file: "", line: n + 1, column: own + 1)
                if let parent = subject(at: start, in: bytes), text.dropFirst(own).first == 0x22 { path.insert(parent, at: 0) }
                indent = own
            }
            n -= 1
        }
        return path
    }
}
