/// The lines of one Markdown text as UTF-8 bytes, and which GitHub (GFM) syntax it may hold.
///
/// Exists so that the extensions can look at the source of a node (cmark gives 1-based
/// lines and byte columns) without splitting the text again for each node, and so that a
/// page without a `|`, `~` or task box (most pages) is never split at all.
struct SourceLines {
    private let lines: [ArraySlice<UInt8>]

    init(_ text: String) {
        let bytes = Array(text.utf8)
        lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var mark = false
        for i in bytes.indices.dropLast() where bytes[i] == UInt8(ascii: "]") && bytes[i + 1] == UInt8(ascii: ":") { mark = true; break }
        hasDefinitionMark = mark
    }

    /// Whether the text has `]:` anywhere: without it there is no link reference
    /// definition, and the extra documents the extensions parse need not carry the page.
    let hasDefinitionMark: Bool

    /// Line `number` (1-based) without its line break (a CRLF's `\r` included).
    func line(_ number: Int) -> ArraySlice<UInt8>? {
        guard number >= 1 && number <= lines.count else { return nil }
        let line = lines[number - 1]
        return line.last == 0x0D ? line.dropLast() : line
    }

    func anyLine(_ numbers: ClosedRange<Int>, contains byte: UInt8) -> Bool {
        numbers.contains { line($0)?.contains(byte) == true }
    }

    /// Which of the bytes the checks above look for a text has at all, found in one pass.
    ///
    /// Exists so that a page without any (most pages) skips the checks and is never split
    /// into lines.
    struct Marks {
        /// A `|` (a table row needs one), a task box (`[ ]`, `[x]`, `[X]`), a `~`, a `[^`.
        var pipe = false, taskBox = false, tilde = false, footnote = false

        init(_ text: String) {
            var text = text
            (pipe, taskBox, tilde, footnote) = text.withUTF8 { bytes in
                var pipe = false, taskBox = false, tilde = false, footnote = false
                var i = 0
                while i < bytes.count {
                    switch bytes[i] {
                    case UInt8(ascii: "|"): pipe = true
                    case UInt8(ascii: "~"): tilde = true
                    case UInt8(ascii: "[") where i + 1 < bytes.count:
                        if bytes[i + 1] == UInt8(ascii: "^") { footnote = true }
                        if i + 2 < bytes.count, bytes[i + 2] == UInt8(ascii: "]"), " xX".utf8.contains(bytes[i + 1]) { taskBox = true }
                    default: break
                    }
                    i += 1
                }
                return (pipe, taskBox, tilde, footnote)
            }
        }
    }
}
