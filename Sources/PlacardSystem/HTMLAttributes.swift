/// The attributes of an HTML start tag, split the way HTML splits them, as byte ranges.
///
/// Exists because the verifier (which reads every tag of every page) and the preview server
/// (which rewrites the BX24 `<script>` tag) must agree on where an attribute's name and
/// value are: one tokeniser, over bytes, with HTML's ASCII whitespace (space, tab, LF, FF,
/// CR). Decoding character references is left to each caller.
package enum HTMLAttributes {
    /// One attribute: where its name is and where its value is, without the quotes.
    package struct Token: Sendable, Equatable {
        package var name: Range<Int>
        /// nil for an attribute written without `=` (`<script defer>`).
        package var value: Range<Int>?

        @inlinable
        package init(name: Range<Int>, value: Range<Int>?) {
            self.name = name
            self.value = value
        }
    }

    /// HTML's ASCII whitespace.
    @inlinable
    package static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C }

    /// Calls `body` for each attribute from `from` on, in order, up to the `>` that ends the
    /// tag or the end of `p`; returns the offset of that `>` (or `p.count`). A quoted value
    /// may contain `>`; an unclosed quote runs to the end.
    @discardableResult @inlinable
    package static func scan(_ p: UnsafeBufferPointer<UInt8>, from: Int, _ body: (Token) -> Void) -> Int {
        let n = p.count
        var i = from
        while i < n {
            while i < n, isSpace(p[i]) || p[i] == UInt8(ascii: "/") { i += 1 }
            guard i < n, p[i] != UInt8(ascii: ">") else { break }
            let nameStart = i
            while i < n, !isSpace(p[i]), p[i] != UInt8(ascii: ">"), p[i] != UInt8(ascii: "="), p[i] != UInt8(ascii: "/") { i += 1 }
            let name = nameStart..<i
            while i < n, isSpace(p[i]) { i += 1 }
            var value: Range<Int>?
            if i < n, p[i] == UInt8(ascii: "=") {
                i += 1
                while i < n, isSpace(p[i]) { i += 1 }
                if i < n, p[i] == UInt8(ascii: "\"") || p[i] == UInt8(ascii: "'") {
                    let quote = p[i]
                    let close = p.index(of: quote, from: i + 1) ?? n // an unclosed quote runs to the end
                    value = i + 1..<close
                    i = min(close + 1, n)
                } else {
                    let start = i
                    while i < n, !isSpace(p[i]), p[i] != UInt8(ascii: ">") { i += 1 }
                    value = start..<i
                }
            }
            body(Token(name: name, value: value))
        }
        return min(i, n)
    }
}
