/// The lines of a text, found lazily on its UTF-8 bytes: each line's range without its
/// terminator (`\n`, `\r\n` or `\r`, as CommonMark and YAML end lines).
///
/// Exists because splitting a whole page into an array of `Substring` lines, with
/// `Character` comparisons, to look at its first few lines cost a fifth of a 10,000-page
/// build (perf, 2026-12-06): the title and front-matter checks read only what they need.
struct TextLines: Sequence, IteratorProtocol {
    private let text: String
    private var position: String.Index
    private var finished = false

    init(_ text: String, from start: String.Index? = nil) {
        self.text = text
        position = start ?? text.startIndex
    }

    mutating func next() -> Range<String.Index>? {
        guard !finished else { return nil }
        let utf8 = text.utf8
        var i = position
        while i < utf8.endIndex {
            let byte = utf8[i]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                let line = position..<i
                var after = utf8.index(after: i)
                if byte == UInt8(ascii: "\r"), after < utf8.endIndex, utf8[after] == UInt8(ascii: "\n") {
                    after = utf8.index(after: after)
                }
                position = after
                return line
            }
            i = utf8.index(after: i)
        }
        // The last line: after a final terminator it is empty, as `split` gives it.
        finished = true
        return position..<utf8.endIndex
    }

    /// Line `number` (0-based) of `text`, or nil when it has fewer lines.
    static func line(_ number: Int, of text: String) -> Substring? {
        var lines = TextLines(text)
        for _ in 0..<number {
            guard lines.next() != nil else { return nil }
        }
        return lines.next().map { text[$0] }
    }
}
