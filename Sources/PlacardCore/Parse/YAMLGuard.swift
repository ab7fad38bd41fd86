import PlacardRules

/// A scan of YAML text before Yams reads it: no anchors or aliases, no characters YAML
/// forbids, no nesting deeper than `maxDepth`.
///
/// Exists because Yams expands aliases without limit (a 1.6 KB "billion laughs" front
/// matter ran for more than a minute and took gigabytes), composes nested collections by
/// recursion (100,000 `[` overflow the stack), and reports a NUL byte on the wrong line.
/// Front matter and `placard.yml` never need anchors, so any `&anchor` or `*alias` is an
/// error at its line and column. One pass over the bytes, with no recursion. It follows
/// YAML's tokens far enough to know where a node starts (only there can `&` and `*` be an
/// anchor or an alias, never inside a quoted or plain scalar, a block scalar or a comment),
/// and errs on the side of an error: text that only looks like an alias (a multi-line
/// plain scalar whose next line starts with `*`) is refused too, and the message says to
/// quote it. Nesting counts every open flow collection and every indentation level of
/// block collections, at least as many as the document really has.
enum YAMLGuard {
    /// Flow and block collections nest at most this deep.
    static let maxDepth = 64

    static func check(_ text: String, file: String, lineOffset: Int) -> Finding? {
        var text = text
        return text.withUTF8 { check($0, file: file, lineOffset: lineOffset) }
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>, file: String, lineOffset: Int) -> Finding? {
        let count = bytes.count
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var line = 1, lineStart = 0

        func column(_ index: Int) -> Int {
            var c = 1
            for k in lineStart..<index where bytes[k] & 0xC0 != 0x80 { c += 1 }
            return c
        }
        func at(_ index: Int) -> SourceLocation { SourceLocation(file: file, line: lineOffset + line, column: column(index)) }
        func isBreak(_ i: Int) -> Bool { i >= count || bytes[i] == lf || bytes[i] == cr }
        func isBlank(_ i: Int) -> Bool { isBreak(i) || bytes[i] == space || bytes[i] == tab }

        // Characters YAML does not allow (C0 but tab and line breaks, DEL, C1 but NEL,
        // U+FFFE, U+FFFF): an error where they are, before anything else.
        do {
            var i = 0
            while i < count {
                let b = bytes[i]
                var bad: UInt32?
                if b < 0x20 && b != tab && b != lf && b != cr || b == 0x7F {
                    bad = UInt32(b)
                } else if b == 0xC2, i + 1 < count, (0x80...0x9F).contains(bytes[i + 1]), bytes[i + 1] != 0x85 {
                    bad = UInt32(bytes[i + 1])
                } else if b == 0xEF, i + 2 < count, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF {
                    bad = bytes[i + 2] == 0xBE ? 0xFFFE : 0xFFFF
                }
                if let bad {
                    let hex = String(bad, radix: 16, uppercase: true)
                    return Finding(.yamlCharacter,
                                   "YAML cannot contain the control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex); remove it",
                                   at: at(i))
                }
                if b == lf || b == cr && (i + 1 >= count || bytes[i + 1] != lf) { line += 1; lineStart = i + 1 }
                i += 1
            }
            line = 1
            lineStart = 0
        }

        func aliasError(_ i: Int) -> Finding {
            var end = i + 1
            while end < count, end - i < 40, !isBlank(end), !"[]{},".utf8.contains(bytes[end]) { end += 1 }
            let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)
            let what = bytes[i] == UInt8(ascii: "&") ? "anchor" : "alias"
            return Finding(.yamlAlias,
                           "'\(token)' is a YAML \(what): front matter and \(Config.fileName) take no anchors ('&name') or aliases ('*name'); write the value out, or put it in quotes if it is text",
                           at: at(i))
        }
        func depthError(_ i: Int) -> Finding {
            Finding(.yamlDepth, "YAML nests more than \(maxDepth) levels of lists and mappings here; Placard reads at most \(maxDepth)", at: at(i))
        }

        /// Open block collections: the column of each, and whether it is a sequence.
        var blocks: [(column: Int, sequence: Bool)] = []
        var flow = 0
        /// Inside a quoted scalar that continues on the next line: its quote.
        var quote: UInt8?
        /// Lines indented more than this belong to a block scalar (`|`, `>`).
        var blockScalarIndent: Int?

        var i = 0
        while i <= count {
            // At a line start.
            lineStart = i
            var indent = 0
            while i + indent < count, bytes[i + indent] == space { indent += 1 }
            var p = i + indent
            var lineEnd = p
            while lineEnd < count, bytes[lineEnd] != lf, bytes[lineEnd] != cr { lineEnd += 1 }
            defer {
                var next = lineEnd
                if next < count, bytes[next] == cr { next += 1 }
                if next < count, bytes[next] == lf { next += 1 }
                if next == lineEnd { next += 1 } // the end of the text
                i = next
                line += 1
            }
            if let scalarIndent = blockScalarIndent {
                var q = p
                while q < lineEnd, bytes[q] == tab || bytes[q] == space { q += 1 }
                if q == lineEnd || indent > scalarIndent { continue }
                blockScalarIndent = nil
            }
            // Where a node may start: only there are `&` and `*` anchors and aliases.
            var nodeStart = quote == nil
            if quote == nil, flow == 0 {
                while p < lineEnd, bytes[p] == tab || bytes[p] == space { p += 1 }
                if p == lineEnd || bytes[p] == UInt8(ascii: "#") { continue }
            }
            // A document marker (`---`, `...`) at the start of a line: a node may follow it.
            if quote == nil, indent == 0, p + 3 <= lineEnd, isBlank(p + 3),
               bytes[p] == bytes[p + 1], bytes[p] == bytes[p + 2], bytes[p] == UInt8(ascii: "-") || bytes[p] == UInt8(ascii: ".") {
                blocks = []
                flow = 0
                p += 3
            }
            /// The column (0-based, in bytes) of the innermost key or entry on this line.
            var entryColumn = indent
            /// Inside a plain (unquoted) scalar: `&`, `*`, `[`, `,` … are text there.
            var plain = false
            /// A key or `-` entry at `column` in block context: leaves the collections
            /// indented more, opens one unless it continues the one at that column.
            func open(_ column: Int, sequence: Bool, at index: Int) -> Finding? {
                entryColumn = column
                while let top = blocks.last, top.column > column { blocks.removeLast() }
                if let top = blocks.last, top.column == column, top.sequence == sequence { return nil }
                blocks.append((column, sequence))
                return blocks.count + flow > maxDepth ? depthError(index) : nil
            }
            while p < lineEnd {
                let b = bytes[p]
                if let q = quote {
                    // Inside a quoted scalar: to its closing quote.
                    if q == UInt8(ascii: "\"") && b == UInt8(ascii: "\\") { p += 2; continue }
                    if b == q {
                        if q == UInt8(ascii: "'"), p + 1 < lineEnd, bytes[p + 1] == q { p += 2; continue }
                        quote = nil
                        nodeStart = false
                    }
                    p += 1
                    continue
                }
                if b == space || b == tab { p += 1; continue }
                if b == UInt8(ascii: "#"), p == lineStart || bytes[p - 1] == space || bytes[p - 1] == tab { break }
                let column = p - lineStart
                if nodeStart {
                    if b == UInt8(ascii: "&") || b == UInt8(ascii: "*") { return aliasError(p) }
                    if b == UInt8(ascii: "-") || b == UInt8(ascii: "?") || b == UInt8(ascii: ":"), isBlank(p + 1) {
                        if flow == 0, b != UInt8(ascii: ":") {
                            if let error = open(column, sequence: b == UInt8(ascii: "-"), at: p) { return error }
                        }
                        p += 1
                        continue
                    }
                    if b == UInt8(ascii: "!") {
                        while p < lineEnd, !isBlank(p) { p += 1 }
                        continue
                    }
                    if flow == 0, b == UInt8(ascii: "|") || b == UInt8(ascii: ">") {
                        blockScalarIndent = entryColumn
                        p = lineEnd
                        continue
                    }
                    if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                        if flow == 0, let error = open(column, sequence: false, at: p) { return error }
                        quote = b
                        p += 1
                        continue
                    }
                }
                if plain && flow == 0 {
                    // Inside a plain scalar in block context only `: ` ends it (and ` #`, above).
                    if b == UInt8(ascii: ":"), isBlank(p + 1) { plain = false; nodeStart = true }
                    p += 1
                    continue
                }
                switch b {
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flow += 1
                    if blocks.count + flow > maxDepth { return depthError(p) }
                    nodeStart = true
                    plain = false
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flow = max(0, flow - 1)
                    nodeStart = false
                    plain = false
                case UInt8(ascii: ",") where flow > 0:
                    nodeStart = true
                    plain = false
                case UInt8(ascii: ":") where isBlank(p + 1) || flow > 0:
                    nodeStart = true
                    plain = false
                default:
                    if nodeStart {
                        // A plain scalar starts: in block context it may be a key.
                        if flow == 0, let error = open(column, sequence: false, at: p) { return error }
                        nodeStart = false
                        plain = true
                    }
                }
                p += 1
            }
        }
        return nil
    }
}
