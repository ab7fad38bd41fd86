/// The lines of one Markdown text as UTF-8 bytes, and the GitHub (GFM) syntax that plain
/// CommonMark prints as literal text: table rows, `- [ ]` task boxes, `~~strike~~`.
///
/// Exists so that `CommonMark`'s walk can look at the source of a node (cmark gives
/// 1-based lines and byte columns) without splitting the text again for each node.
struct SourceLines {
    private let lines: [ArraySlice<UInt8>]

    init(_ text: String) {
        lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }

    private func line(_ number: Int) -> ArraySlice<UInt8>? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// The header row (line, column of its first character) of a GFM table in the
    /// paragraph on lines `first...last`: a line with `|` above a delimiter row (`|---|:-:|`).
    func tableHeader(from first: Int, to last: Int) -> (line: Int, column: Int)? {
        guard first < last else { return nil }
        for number in (first + 1)...last {
            guard let row = line(number).map(Self.content), let header = line(number - 1) else { continue }
            let headerContent = Self.content(header)
            guard headerContent.contains(UInt8(ascii: "|")), row.contains(UInt8(ascii: "|")), row.contains(UInt8(ascii: "-")),
                  row.allSatisfy({ "|:- \t".utf8.contains($0) }) else { continue }
            return (number - 1, headerContent.startIndex - header.startIndex + 1)
        }
        return nil
    }

    /// Whether the text at `column` of `line` starts with a task box: `[ ]`, `[x]` or `[X]`,
    /// then a space, a tab or the end of the line.
    func startsTaskBox(line number: Int, column: Int) -> Bool {
        guard let text = line(number), column >= 1, text.count >= column - 1 + 3 else { return false }
        let box = Array(text.dropFirst(column - 1).prefix(4))
        return box[0] == UInt8(ascii: "[") && " xX".utf8.contains(box[1]) && box[2] == UInt8(ascii: "]")
            && (box.count == 3 || box[3] == UInt8(ascii: " ") || box[3] == UInt8(ascii: "\t"))
    }

    /// The column of a `~~text~~` that starts in the text node at `column` of `line`, or nil.
    func strikethrough(line number: Int, from column: Int) -> Int? {
        guard let text = line(number), column >= 1 else { return nil }
        let bytes = Array(text.dropFirst(column - 1))
        let tilde = UInt8(ascii: "~")
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == tilde, bytes[i + 1] == tilde, bytes[i + 2] != tilde, bytes[i + 2] != UInt8(ascii: " ") {
                var k = i + 3
                while k + 1 < bytes.count, !(bytes[k] == tilde && bytes[k + 1] == tilde) { k += 1 }
                if k + 1 < bytes.count { return column + i }
            }
            i += 1
        }
        return nil
    }

    /// Which of the bytes the checks above look for a text has at all, found in one pass.
    ///
    /// Exists so that a page without any (most pages) skips the checks and is never split
    /// into lines.
    struct Marks {
        /// A `|` (a table row needs one), a task box (`[ ]`, `[x]`, `[X]`), a `~~`.
        var pipe = false, taskBox = false, doubleTilde = false

        init(_ text: String) {
            var text = text
            (pipe, taskBox, doubleTilde) = text.withUTF8 { bytes in
                var pipe = false, taskBox = false, doubleTilde = false
                var i = 0
                while i < bytes.count {
                    switch bytes[i] {
                    case UInt8(ascii: "|"): pipe = true
                    case UInt8(ascii: "~") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "~"): doubleTilde = true
                    case UInt8(ascii: "[") where i + 2 < bytes.count && bytes[i + 2] == UInt8(ascii: "]"):
                        if " xX".utf8.contains(bytes[i + 1]) { taskBox = true }
                    default: break
                    }
                    i += 1
                }
                return (pipe, taskBox, doubleTilde)
            }
        }
    }

    /// A line without its leading spaces, tabs and block-quote markers.
    private static func content(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ">") }
    }
}
