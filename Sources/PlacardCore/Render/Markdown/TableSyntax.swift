/// The line-level syntax of GitHub's tables (GFM spec, "Tables (extension)"), on UTF-8
/// bytes of one line with its container prefixes already removed.
///
/// Exists apart from the tree surgery (`GFMTables`) so the rules that decide what is a
/// table — the delimiter row, how a row splits into cells, which lines end a table — are
/// plain functions, each following the reference implementation's scanner.
enum TableSyntax {
    enum Alignment: UInt8, Sendable { case none = 0, left = 1, center = 2, right = 3 }

    /// A cell's text: pipes unescaped (`\|` → `|`), surrounding whitespace trimmed.
    struct Cell: Equatable {
        var text: [UInt8]
        /// 0-based offset of the cell's first byte of content in the line given to `cells`.
        var offset: Int
    }

    static func isSpaceChar(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C }
    private static func isTrimmable(_ b: UInt8) -> Bool { isSpaceChar(b) || b == 0x0A || b == 0x0D }

    /// The cells of a row, or nil when the line is no row (nothing but a pipe and spaces).
    /// `line` has no line break.
    static func cells(_ line: ArraySlice<UInt8>) -> [Cell]? {
        let bytes = Array(line)
        let count = bytes.count
        var offset = pipeEnd(bytes, 0)
        var cells: [Cell] = []
        while offset < count {
            let cell = cellLength(bytes, offset)
            let pipe = pipeEnd(bytes, offset + cell)
            if cell > 0 || pipe > 0 {
                cells.append(makeCell(bytes[offset..<(offset + cell)], at: offset))
            }
            offset += cell + pipe
            if pipe == 0 {
                // Only spacechars may follow the last cell; `cellLength` stops at a pipe or the end.
                while offset < count, isSpaceChar(bytes[offset]) { offset += 1 }
                break
            }
        }
        return offset == count && !cells.isEmpty ? cells : nil
    }

    /// Whether `line` (from its first non-space byte) is a delimiter row; its cells when it is.
    static func delimiterRow(_ line: ArraySlice<UInt8>) -> [Alignment]? {
        let bytes = Array(line)
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "|") { i += 1 }
        guard let first = marker(bytes, i) else { return nil }
        i = first
        while i < bytes.count, bytes[i] == UInt8(ascii: "|") {
            if let next = marker(bytes, i + 1) { i = next } else { i += 1; break }
        }
        while i < bytes.count, isSpaceChar(bytes[i]) { i += 1 }
        guard i == bytes.count, let cells = cells(line) else { return nil }
        return cells.map { cell in
            let left = cell.text.first == UInt8(ascii: ":"), right = cell.text.last == UInt8(ascii: ":")
            return left && right ? .center : left ? .left : right ? .right : .none
        }
    }

    /// `spacechar* [:]? [-]+ [:]? spacechar*` from `start`: the offset after it, or nil.
    private static func marker(_ b: [UInt8], _ start: Int) -> Int? {
        var i = start
        while i < b.count, isSpaceChar(b[i]) { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
        let dashes = i
        while i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i > dashes else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
        while i < b.count, isSpaceChar(b[i]) { i += 1 }
        return i
    }

    /// `|` followed by spacechars at `i`: its length, or 0.
    private static func pipeEnd(_ b: [UInt8], _ i: Int) -> Int {
        guard i < b.count, b[i] == UInt8(ascii: "|") else { return 0 }
        var j = i + 1
        while j < b.count, isSpaceChar(b[j]) { j += 1 }
        return j - i
    }

    /// The longest cell content at `i`: up to a pipe that no backslash escapes, or the end.
    private static func cellLength(_ b: [UInt8], _ i: Int) -> Int {
        var j = i
        while j < b.count {
            let c = b[j]
            if c == 0x0A || c == 0x0D { break }
            if c == UInt8(ascii: "|"), !(j > i && b[j - 1] == UInt8(ascii: "\\")) { break }
            j += 1
        }
        return j - i
    }

    private static func makeCell(_ raw: ArraySlice<UInt8>, at offset: Int) -> Cell {
        var text = unescapePipes(raw)
        var lead = 0
        while lead < text.count, isTrimmable(text[lead]) { lead += 1 }
        while let last = text.last, isTrimmable(last), text.count > lead { text.removeLast() }
        return Cell(text: Array(text[lead...]), offset: offset + lead)
    }

    /// `\|` → `|`, as GitHub does before parsing a cell's inlines (even inside code spans).
    static func unescapePipes<C: Collection>(_ raw: C) -> [UInt8] where C.Element == UInt8 {
        let bytes = Array(raw)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var r = 0
        while r < bytes.count {
            if bytes[r] == UInt8(ascii: "\\"), r + 1 < bytes.count, bytes[r + 1] == UInt8(ascii: "|") { r += 1 }
            out.append(bytes[r])
            r += 1
        }
        return out
    }

    // MARK: lines that end a table

    /// Whether GitHub starts a block at this row line that plain CommonMark reads as a
    /// continuation of the paragraph (so cmark's paragraph runs on where the table ends):
    /// an indented code block, a list item that cannot interrupt a paragraph (an ordered
    /// one not starting at 1, or an empty one), an HTML block of kind 7, a thematic break
    /// made of `-` (which cmark reads as a heading underline), or a line that is no row.
    /// `content` starts at the line's first non-space byte; `indent` is the columns before it.
    static func endsTable(_ content: ArraySlice<UInt8>, indent: Int) -> Bool {
        if content.isEmpty { return true }
        if indent >= 4 { return true }
        let b = Array(content)
        if isThematicBreak(b) { return true }
        if b.count >= 1, "-+*".utf8.contains(b[0]), b.dropFirst().allSatisfy(isSpaceChar) { return true }
        var digits = 0
        while digits < b.count, digits < 10, b[digits] >= 0x30, b[digits] <= 0x39 { digits += 1 }
        if digits > 0, digits <= 9, digits < b.count, b[digits] == UInt8(ascii: ".") || b[digits] == UInt8(ascii: ")") {
            let rest = b[(digits + 1)...]
            if rest.isEmpty || rest.allSatisfy(isSpaceChar) { return true }
            if let first = rest.first, isSpaceChar(first) {
                let number = Int(String(decoding: b[0..<digits], as: UTF8.self)) ?? 0
                if number != 1 { return true }
            }
        }
        if isHTMLBlockSeven(b) { return true }
        return cells(content) == nil
    }

    private static func isThematicBreak(_ b: [UInt8]) -> Bool {
        guard let first = b.first, "-*_".utf8.contains(first) else { return false }
        var count = 0
        for c in b {
            if c == first { count += 1 } else if !isSpaceChar(c) { return false }
        }
        return count >= 3
    }

    /// An open or closing tag alone on its line (CommonMark's HTML block start condition 7),
    /// checked loosely: a tag name, anything but `<` and `>` up to the first `>`, then
    /// nothing but spaces.
    private static func isHTMLBlockSeven(_ b: [UInt8]) -> Bool {
        guard b.count >= 3, b[0] == UInt8(ascii: "<") else { return false }
        var i = 1
        if b[i] == UInt8(ascii: "/") { i += 1 }
        guard i < b.count, isASCIILetter(b[i]) else { return false }
        while i < b.count, isASCIILetter(b[i]) || (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, isSpaceChar(b[i]) || b[i] == UInt8(ascii: "/") || b[i] == UInt8(ascii: ">") else { return false }
        guard let close = b[i...].firstIndex(of: UInt8(ascii: ">")), !b[i..<close].contains(UInt8(ascii: "<")) else { return false }
        return b[(close + 1)...].allSatisfy(isSpaceChar)
    }

    private static func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
}
