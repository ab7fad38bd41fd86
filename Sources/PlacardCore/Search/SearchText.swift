import Foundation
import PlacardSystem

/// How text becomes search terms, the same way in the build (Swift) and in the browser
/// (`search.js`, whose `fold` and `terms` must agree with these functions; the browser tests
/// compare the two).
///
/// Exists so that a reader finds "Ärger" by typing "arger" and "ёлка" by typing "елка":
/// text is decomposed (NFKD), combining marks are dropped (ä → a, ё → е, й → и), letters
/// are lowercased with the few full case foldings lowercasing misses (ß → ss, ς → σ, ſ → s),
/// and a term is a run of letters and digits (`_`, `-`, `.` and every other character end
/// it). Terms longer than `maximumTermLength` characters are not indexed (hashes, base64,
/// unsegmented CJK text). No stemming: prefix matching finds inflected forms that share a
/// prefix (see docs/search.md for what is not supported).
package enum SearchText {
    /// Longer runs of letters and digits are not terms.
    package static let maximumTermLength = 40

    /// `text` case- and diacritic-folded, character for character (what `terms` splits).
    package static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if isMark(scalar) { continue }
            switch scalar.value {
            case 0xDF, 0x1E9E: out.append("s"); out.append("s") // ß ẞ
            case 0x3C2: out.append("\u{3C3}") // final sigma
            case 0x17F: out.append("s") // long s
            default:
                if scalar.value < 0x80 {
                    let v = scalar.value
                    out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 0x20)! : scalar)
                } else {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars.filter { !isMark($0) })
                }
            }
        }
        return String(out)
    }

    /// The terms of `text` in order (folded, at most `maximumTermLength` characters each;
    /// longer runs are skipped).
    package static func terms(_ text: String) -> [String] {
        var result: [String] = []
        forEachTerm(text) { result.append($0) }
        return result
    }

    /// Calls `body` with each term of `text`, in order. ASCII runs are lowercased byte by
    /// byte; a run with other characters is folded first (`fold`), then split. Punctuation
    /// and spaces outside ASCII (— « » … and the no-break space) end a run as ASCII ones do,
    /// so `word—word` is two ASCII runs, not one folded run: no such character decomposes to
    /// a letter or digit, so the terms are those `fold` then split gives (tested).
    package static func forEachTerm(_ text: String, _ body: (String) -> Void) {
        forEachTermBytes(text) { term, _ in body(String(decoding: term, as: UTF8.self)) }
    }

    /// The terms of rendered HTML (`forEachTermBytes(html:)`), as strings.
    package static func terms(html: String) -> [String] {
        var result: [String] = []
        forEachTermBytes(html: html) { term, _ in result.append(String(decoding: term, as: UTF8.self)) }
        return result
    }

    /// `forEachTerm` with each term's UTF-8 bytes (valid only during the call) and their
    /// `TermTable.hash`, so the index makes no string per word and hashes it as it folds it.
    static func forEachTermBytes(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        var text = text
        var reader = TermReader()
        text.withUTF8 { b in
            var i = 0
            while i < b.count { i += reader.take(b, at: i, body) }
        }
        reader.flush(body)
    }

    /// The terms of rendered HTML, as `forEachTermBytes(plainText(html: html))` gives them
    /// (tested on both), without making the text: a word ends at white space, punctuation
    /// and block tags, and runs on through inline tags (`<em>re</em>fund` is "refund").
    static func forEachTermBytes(html: String, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        var html = html
        var reader = TermReader()
        html.withUTF8 { b in
            var i = 0
            var skipUntil: UInt64? = nil
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "<") {
                    let (next, endsWord) = Self.tag(b, at: i, skipUntil: &skipUntil)
                    if endsWord { reader.flush(body) }
                    i = next
                    continue
                }
                if skipUntil != nil { i += 1; continue }
                if c == UInt8(ascii: "&"), let (decoded, next) = Self.reference(b, at: i) {
                    Self.withUTF8(of: decoded) { d in
                        var k = 0
                        while k < d.count { k += reader.take(d, at: k, body) }
                    }
                    i = next
                    continue
                }
                // Most of a page is ASCII letters: a word's worth at once.
                let end = Self.wordEnd(b, from: i)
                if end > i {
                    // A whole word, ended by ASCII that is neither a tag nor a reference (nor
                    // the text's end): a term straight from the page, with its separator.
                    if reader.run.isEmpty, end == b.count || Self.isPlainSeparator(b[end]) {
                        reader.emitASCII(UnsafeBufferPointer(rebasing: b[i..<end]), readable: b.count - i, body)
                        i = end + 1
                        continue
                    }
                    reader.run.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<end]))
                    i = end
                    continue
                }
                if c < 0x80 { // a space or punctuation
                    reader.flush(body)
                    i += 1
                    continue
                }
                i += reader.take(b, at: i, body)
            }
        }
        reader.flush(body)
    }

    /// An ASCII byte that ends a word and starts neither a tag nor a character reference.
    @inline(__always)
    private static func isPlainSeparator(_ b: UInt8) -> Bool {
        b < 0x80 && b != UInt8(ascii: "<") && b != UInt8(ascii: "&") && !isASCIIWordByte(b)
    }

    /// Words as text arrives a character at a time: ASCII runs are lowercased and hashed 8
    /// bytes at a time (`emitASCII`); a run with other characters is folded first (`fold`), then split. Punctuation and spaces
    /// outside ASCII (— « » … and the no-break space) end a run as ASCII ones do, so
    /// `word—word` is two ASCII runs, not one folded run: no such character decomposes to a
    /// letter or digit, so the terms are those `fold` then split gives (tested). A struct, not
    /// closures over local variables, which cost a dynamic exclusivity check per byte.
    private struct TermReader: ~Copyable {
        var run: [UInt8] = []
        var ascii = true
        /// Where a word is lowercased, with room for 8 bytes past any term so that whole
        /// 8-byte groups can be written: memory of its own, not an array, which would check
        /// its uniqueness for every word.
        let lower = UnsafeMutablePointer<UInt8>.allocate(capacity: SearchText.maximumTermLength + 8)

        init() { run.reserveCapacity(64) }

        deinit { lower.deallocate() }

        /// Takes the ASCII byte or the scalar at `bytes[i]`; returns its length.
        mutating func take(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) -> Int {
            let b = bytes[i]
            if b < 0x80 {
                if SearchText.isASCIIWordByte(b) { run.append(b) } else { flush(body) }
                return 1
            }
            let (scalar, length) = SearchText.scalar(bytes, at: i)
            if let scalar, SearchText.isSeparator(scalar) {
                flush(body)
            } else {
                run.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]))
                ascii = false
            }
            return length
        }

        /// Ends the current run, handing its terms to `body`.
        mutating func flush(_ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
            guard !run.isEmpty else { return }
            defer { run.removeAll(keepingCapacity: true); ascii = true }
            if ascii {
                run.withUnsafeBufferPointer { emitASCII($0, readable: $0.count, body) }
            } else {
                SearchText.splitFolded(SearchText.fold(String(decoding: run, as: UTF8.self))) { term in
                    var term = term
                    term.withUTF8 { body($0, TermTable.hash($0)) }
                }
            }
        }

        /// Hands on an ASCII word (letters and digits), lowercased and hashed 8 bytes at a time
        /// (`TermTable.hash`); one longer than `maximumTermLength` is not a term. `readable`:
        /// how many bytes from the word's start may be read (at least its length); with 8 past
        /// its last group, the groups are read in place, else from a copy.
        mutating func emitASCII(_ word: UnsafeBufferPointer<UInt8>, readable: Int, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
            let count = word.count
            guard count > 0, count <= SearchText.maximumTermLength, let start = word.baseAddress else { return }
            var source = UnsafeRawPointer(start)
            if readable < (count + 7) & ~7 {
                lower.update(from: start, count: count)
                source = UnsafeRawPointer(lower)
            }
            var h = TermTable.start(count: count)
            var i = 0
            while i < count {
                let valid: UInt64 = count - i >= 8 ? ~0 : (1 << (8 * UInt64(count - i))) - 1
                // Letters and digits only: setting 0x20 lowercases a letter and leaves a digit.
                let chunk = (UInt64(littleEndian: source.loadUnaligned(fromByteOffset: i, as: UInt64.self)) | 0x2020_2020_2020_2020) & valid
                UnsafeMutableRawPointer(lower).storeBytes(of: chunk.littleEndian, toByteOffset: i, as: UInt64.self)
                h = TermTable.mix(h, chunk)
                i += 8
            }
            body(UnsafeBufferPointer(start: lower, count: count), TermTable.finish(h))
        }
    }

    /// The end of the run of ASCII letters and digits from `i`, read 8 bytes at a time.
    @inline(__always)
    static func wordEnd(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var end = i
        if let base = b.baseAddress.map(UnsafeRawPointer.init) {
            while end + 8 <= b.count {
                let group = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: end, as: UInt64.self))
                let other = ~wordBytes(group) & 0x8080_8080_8080_8080
                if other != 0 { return end + other.trailingZeroBitCount / 8 }
                end += 8
            }
        }
        while end < b.count, isASCIIWordByte(b[end]) { end += 1 }
        return end
    }

    /// The high bit of each byte of `group` set where that byte is an ASCII letter or digit
    /// (byte-wise range checks on 7-bit values, which cannot carry into the next byte).
    @inline(__always)
    static func wordBytes(_ group: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let low = group & ~high
        let digit = (low &+ ones &* (0x80 - 0x30)) & ~(low &+ ones &* (0x80 - 0x3A)) & high
        let folded = low | ones &* 0x20
        let letter = (folded &+ ones &* (0x80 - 0x61)) & ~(folded &+ ones &* (0x80 - 0x7B)) & high
        return (digit | letter) & ~group
    }

    /// ASCII letters and digits: bit `b` of the two masks (0–9; A–Z and a–z).
    @inline(__always)
    static func isASCIIWordByte(_ b: UInt8) -> Bool {
        b < 64 ? (0x03FF_0000_0000_0000 as UInt64) >> b & 1 != 0
            : b < 128 ? (0x07FF_FFFE_07FF_FFFE as UInt64) >> (b - 64) & 1 != 0 : false
    }

    /// The scalar whose UTF-8 starts at `i` and its length (1 for a stray byte: nil).
    private static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int) {
        let lead = b[i]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= b.count else { return (nil, 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            guard b[i + k] & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(b[i + k] & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }

    /// Punctuation and separators (general categories P* and Z*).
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return false
        }
    }

    /// Splits folded text into terms.
    private static func splitFolded(_ folded: String, _ body: (String) -> Void) {
        var current = String.UnicodeScalarView()
        var length = 0
        func flush() {
            if length > 0, length <= maximumTermLength { body(String(current)) }
            current = String.UnicodeScalarView()
            length = 0
        }
        for scalar in folded.unicodeScalars {
            if isWordScalar(scalar) {
                length += 1
                if length <= maximumTermLength { current.append(scalar) }
            } else {
                flush()
            }
        }
        flush()
    }

    /// The text a reader sees of rendered HTML: tags dropped (block tags leave a space;
    /// `script`, `style`, `button` and `template` with their content), character references
    /// decoded, white space collapsed; at most `limit` UTF-8 bytes (cut at a character). The
    /// index reads terms from HTML directly (`forEachTermBytes(html:)`); this is its
    /// reference in the tests and the fuzz harness.
    package static func plainText(html: String, limit: Int = Int.max) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(html.utf8.count, limit))
        var html = html
        html.withUTF8 { b in
            var i = 0
            var space = true // a space is pending (or the text is at its start)
            var skipUntil: UInt64? = nil // the (packed) name of the closing tag whose content is skipped
            while i < b.count, out.count < limit {
                let c = b[i]
                if c == UInt8(ascii: "<") {
                    let (next, endsWord) = Self.tag(b, at: i, skipUntil: &skipUntil)
                    if endsWord { space = true }
                    i = next
                    continue
                }
                if skipUntil != nil { i += 1; continue }
                if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D {
                    space = true
                    i += 1
                    continue
                }
                if c == UInt8(ascii: "&"), let (decoded, next) = Self.reference(b, at: i) {
                    Self.withUTF8(of: decoded) { bytes in
                        for d in bytes {
                            if d == 0x20 || d == 0x0A || d == 0x09 || d == 0x0D { space = true; continue }
                            if space, !out.isEmpty { out.append(0x20) }
                            space = false
                            out.append(d)
                        }
                    }
                    i = next
                    continue
                }
                if space, !out.isEmpty { out.append(0x20) }
                space = false
                out.append(c)
                i += 1
            }
        }
        if out.count > limit { out.removeSubrange(limit...) }
        // A character cut by the limit goes whole.
        var lead = out.count - 1
        while lead >= 0, out[lead] & 0xC0 == 0x80 { lead -= 1 }
        if lead >= 0 {
            let length = out[lead] >= 0xF0 ? 4 : out[lead] >= 0xE0 ? 3 : out[lead] >= 0xC0 ? 2 : 1
            if out.count - lead < length { out.removeSubrange(lead...) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Tags whose content is not text a reader searches.
    static let skippedNames = ["script", "style", "button", "template"]
    /// Tags inside a word: `<em>re</em>fund` is one word; every other tag ends one.
    static let inlineNames = ["a", "em", "strong", "code", "span", "b", "i", "u", "s", "mark", "sub", "sup", "del", "ins",
                              "kbd", "abbr", "small", "q", "cite", "var", "samp", "time"]

    /// Whether a packed name is one of `skippedNames`: constants in a switch, not a search of
    /// a list for every tag of every page (a test checks both agree).
    static func isSkipped(_ name: UInt64) -> Bool {
        switch name {
        case 0x736372697074, 0x7374796c65, 0x627574746f6e, 0x74656d706c617465: return true // script style button template
        default: return false
        }
    }

    /// Whether a packed name is one of `inlineNames` (as `isSkipped`).
    static func isInline(_ name: UInt64) -> Bool {
        switch name {
        case 0x61, 0x656d, 0x7374726f6e67, 0x636f6465, 0x7370616e, // a em strong code span
             0x62, 0x69, 0x75, 0x73, 0x6d61726b, 0x737562, 0x737570, // b i u s mark sub sup
             0x64656c, 0x696e73, 0x6b6264, 0x61626272, 0x736d616c6c, // del ins kbd abbr small
             0x71, 0x63697465, 0x766172, 0x73616d70, 0x74696d65: // q cite var samp time
            return true
        default:
            return false
        }
    }

    /// The tag starting at `b[i]` (`<`), for both readers of HTML: the index after its `>`,
    /// and whether it ends a word (a block tag outside skipped content). Opening `script`,
    /// `style`, `button` or `template` sets `skipUntil` to its name; its closing tag clears it.
    private static func tag(_ b: UnsafeBufferPointer<UInt8>, at i: Int, skipUntil: inout UInt64?) -> (next: Int, endsWord: Bool) {
        let j = b.index(of: UInt8(ascii: ">"), from: i + 1) ?? b.count // a tag without its `>` runs to the end
        let (name, closing) = tagName(b, from: i + 1, to: j)
        var endsWord = false
        if let closingName = skipUntil {
            if closing, name == closingName { skipUntil = nil }
        } else if !closing, isSkipped(name) {
            skipUntil = name
        } else {
            endsWord = !isInline(name)
        }
        return (j + 1, endsWord)
    }

    /// A tag name of at most 8 ASCII letters and digits as one number (no allocation per tag);
    /// a longer name is `UInt64.max`, which no list above holds (their names are shorter).
    static func packed(_ name: String) -> UInt64 {
        packed(bytes: name.utf8)
    }

    /// `packed` of bytes (a name of at most 8 of them).
    static func packed(bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The lowercased name of the tag between `<` and `>`, packed.
    private static func tagName(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (name: UInt64, closing: Bool) {
        var i = start
        let closing = i < end && b[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        var name: UInt64 = 0, length = 0
        while i < end {
            let c = b[i]
            let isLetter = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39 && length > 0)
            guard isLetter else { break }
            length += 1
            if length > 8 { return (UInt64.max, closing) }
            name = name << 8 | UInt64(c | (c >= 0x41 && c <= 0x5A ? 0x20 : 0))
            i += 1
        }
        return (name, closing)
    }

    /// A character reference at `i` (`&amp;`, `&#39;`, `&#x2014;`): the character it stands
    /// for (nil for `&shy;`, which stands for nothing) and the index after it; nil when there
    /// is none (the `&` is text). Read on bytes: code listings are full of references.
    private static func reference(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int)? {
        var j = i + 1
        while j < b.count, j - i <= 10, b[j] != UInt8(ascii: ";") {
            let c = b[j]
            guard (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: "#") else { return nil }
            j += 1
        }
        guard j < b.count, b[j] == UInt8(ascii: ";"), j > i + 1 else { return nil }
        let name = UnsafeBufferPointer(rebasing: b[(i + 1)..<j])
        if name[0] == UInt8(ascii: "#") {
            let hex = name.count > 1 && name[1] | 0x20 == UInt8(ascii: "x")
            let digits = name.dropFirst(hex ? 2 : 1)
            guard !digits.isEmpty else { return nil }
            var value: UInt32 = 0
            for c in digits {
                let digit: UInt32
                switch c {
                case 0x30...0x39: digit = UInt32(c - 0x30)
                case 0x61...0x66 where hex: digit = UInt32(c - 0x61 + 10)
                case 0x41...0x46 where hex: digit = UInt32(c - 0x41 + 10)
                default: return nil
                }
                let (times, overflow) = value.multipliedReportingOverflow(by: hex ? 16 : 10)
                guard !overflow else { return nil }
                value = times &+ digit
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, j + 1)
        }
        guard name.count <= 4 else { return nil }
        switch packed(bytes: name) {
        case 0x61_6D70: return ("&", j + 1) // amp
        case 0x6C74: return ("<", j + 1) // lt
        case 0x6774: return (">", j + 1) // gt
        case 0x7175_6F74: return ("\"", j + 1) // quot
        case 0x6170_6F73: return ("'", j + 1) // apos
        case 0x6E62_7370: return (" ", j + 1) // nbsp: a space, as the text shows it
        case 0x73_6879: return (nil, j + 1) // shy
        default: return nil
        }
    }

    /// Calls `body` with the UTF-8 bytes of `scalar` (none for nil), without an allocation.
    private static func withUTF8(of scalar: Unicode.Scalar?, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4) { buffer in
            var count = 0
            if let scalar { UTF8.encode(scalar) { buffer[count] = $0; count += 1 } }
            body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Letters and numbers (general categories L* and N*), as `\p{L}\p{N}` in JavaScript.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Combining marks (general categories Mn, Mc, Me), as `\p{M}` in JavaScript.
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
