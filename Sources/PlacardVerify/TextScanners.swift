import PlacardRules

/// Byte scanners for scripts, stylesheets and any text file: option reads in JavaScript,
/// `url(…)` in CSS, and strings shaped like Bitrix24 OAuth tokens.
///
/// Exists so that each of these is one linear pass without regular expressions; each match
/// comes back with its byte offset so findings can point at it.
enum TextScanners {
    /// Every key some messenger placement puts into `PLACEMENT_OPTIONS`.
    static let optionKeys: [[UInt8]] = {
        var keys: [String] = []
        for placement in Placement.messenger { for key in placement.delivers where !keys.contains(key) { keys.append(key) } }
        return keys.map { Array($0.utf8) }
    }()

    /// Reads of placement option keys in JavaScript: `.messageId`, `?.URI`, `["dialogId"]`,
    /// `['messageId']`. Returns the key and the offset of its first character.
    static func optionReads(in p: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [(key: String, offset: Int)] {
        var result: [(String, Int)] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let byte = p[i]
            if byte == UInt8(ascii: "."), i + 1 < end, i == range.lowerBound || p[i - 1] != UInt8(ascii: ".") {
                if let key = matchKey(p, at: i + 1, end: end), i + 1 + key.count == end || !isIdentifier(p[i + 1 + key.count]) {
                    result.append((String(decoding: key, as: UTF8.self), i + 1))
                }
            } else if byte == UInt8(ascii: "["), i + 2 < end, p[i + 1] == 0x22 || p[i + 1] == 0x27 || p[i + 1] == 0x60 {
                let quote = p[i + 1]
                if let key = matchKey(p, at: i + 2, end: end) {
                    let after = i + 2 + key.count
                    if after + 1 < end, p[after] == quote, p[after + 1] == UInt8(ascii: "]") {
                        result.append((String(decoding: key, as: UTF8.self), i + 2))
                    }
                }
            }
            i += 1
        }
        return result
    }

    private static func matchKey(_ p: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> [UInt8]? {
        outer: for key in optionKeys where i + key.count <= end {
            for (k, byte) in key.enumerated() where p[i + k] != byte { continue outer }
            return key
        }
        return nil
    }

    /// `url(…)` values in CSS outside comments, unquoted, with the offset of the URL.
    static func cssURLs(in p: UnsafeBufferPointer<UInt8>) -> [(url: String, offset: Int)] {
        var result: [(String, Int)] = []
        var i = 0
        let n = p.count
        while i < n {
            if p[i] == UInt8(ascii: "/"), i + 1 < n, p[i + 1] == UInt8(ascii: "*") {
                i = (HTMLScan.find(p, [0x2A, 0x2F], from: i + 2) ?? n) + 2
                continue
            }
            guard i + 4 <= n, p[i] | 0x20 == UInt8(ascii: "u"), p[i + 1] | 0x20 == UInt8(ascii: "r"),
                  p[i + 2] | 0x20 == UInt8(ascii: "l"), p[i + 3] == UInt8(ascii: "("),
                  i == 0 || !isIdentifier(p[i - 1]) && p[i - 1] != UInt8(ascii: "-") else { i += 1; continue }
            var j = i + 4
            while j < n, HTMLScan.isSpace(p[j]) { j += 1 }
            var start = j
            var stop = j
            if j < n, p[j] == 0x22 || p[j] == 0x27 {
                let quote = p[j]
                start = j + 1
                stop = start
                while stop < n, p[stop] != quote, p[stop] != 0x0A { stop += 1 }
                j = stop + 1
            } else {
                while stop < n, p[stop] != UInt8(ascii: ")"), !HTMLScan.isSpace(p[stop]) { stop += 1 }
                j = stop
            }
            if stop > start { result.append((String(decoding: UnsafeBufferPointer(rebasing: p[start..<stop]), as: UTF8.self), start)) }
            i = max(j, i + 4)
        }
        return result
    }

    // MARK: Tokens

    /// Names under which a token is usually written down (`AUTH_ID=…`, `"access_token": "…"`).
    private static let tokenNames: [[UInt8]] = ["AUTH_ID", "REFRESH_ID", "access_token", "refresh_token", "auth", "APPLICATION_TOKEN"].map { Array($0.utf8) }

    /// Strings shaped like Bitrix24 OAuth tokens: a run of exactly 70 lower-case hex digits
    /// (the shape of current AUTH_ID/REFRESH_ID values), or a 32+ character letters-and-digits
    /// value right after a token name (`AUTH_ID`, `REFRESH_ID`, `access_token`,
    /// `refresh_token`, `auth`, `APPLICATION_TOKEN`) and `=` or `:`. Returns the value's offset
    /// and length, in order.
    ///
    /// Both shapes are a whole identifier run (`[A-Za-z0-9_$]`) of 32 or more characters, so
    /// only those are looked at, and they are found without reading every byte: when the byte
    /// 31 places on is not an identifier character, no such run starts in between (the test
    /// suite holds the byte-by-byte reading this replaces, and compares the two).
    static func tokens(in p: UnsafeBufferPointer<UInt8>) -> [(offset: Int, length: Int)] {
        var result: [(Int, Int)] = []
        let n = p.count
        classes.withUnsafeBufferPointer { table in
            // Every run of 32+ starting before `i - 31` has been looked at.
            var i = 31
            while i < n {
                guard table[Int(p[i])] & 1 != 0 else { i += 32; continue }
                var start = i, end = i + 1
                while start > 0, table[Int(p[start - 1])] & 1 != 0 { start -= 1 }
                var all: UInt8 = table[Int(p[i])]
                for k in start..<i { all &= table[Int(p[k])] }
                while end < n, table[Int(p[end])] & 1 != 0 { all &= table[Int(p[end])]; end += 1 }
                i = end + 32
                let length = end - start
                guard length >= 32 else { continue }
                if all & 2 != 0, length == 70 {
                    result.append((start, length))
                } else if isValueAfterName(p, start..<end) {
                    result.append((start, length))
                }
            }
        }
        return result
    }

    /// Whether the identifier run `run` is a token value written after a token name: letters
    /// and digits only, at least one of each, and before it (read backwards) an optional quote,
    /// spaces, `=` or `:`, spaces, at most three closing quotes or brackets, and a whole
    /// identifier run that is a token name.
    private static func isValueAfterName(_ p: UnsafeBufferPointer<UInt8>, _ run: Range<Int>) -> Bool {
        var letters = false, digits = false
        for k in run {
            guard isAlphanumeric(p[k]) else { return false }
            if p[k] <= 0x39 { digits = true } else { letters = true }
        }
        guard letters, digits else { return false }
        var j = run.lowerBound - 1
        if j >= 0, p[j] == 0x22 || p[j] == 0x27 { j -= 1 }
        while j >= 0, p[j] == 0x20 { j -= 1 }
        guard j >= 0, p[j] == UInt8(ascii: "=") || p[j] == UInt8(ascii: ":") else { return false }
        j -= 1
        while j >= 0, p[j] == 0x20 { j -= 1 }
        var closers = 0
        while j >= 0, p[j] == 0x22 || p[j] == 0x27 || p[j] == UInt8(ascii: "]") { closers += 1; j -= 1 }
        guard closers <= 3, j >= 0, isIdentifier(p[j]) else { return false }
        let nameEnd = j + 1
        while j >= 0, isIdentifier(p[j]) { j -= 1 }
        return nameEnd - (j + 1) <= 17 && isTokenName(p, (j + 1)..<nameEnd)
    }

    private static func isTokenName(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        outer: for name in tokenNames where name.count == range.count {
            for (k, byte) in name.enumerated() where p[range.lowerBound + k] != byte { continue outer }
            return true
        }
        return false
    }

    /// Bit 1: identifier character (`[A-Za-z0-9_$]`); bit 2: lower-case hex digit.
    private static let classes: [UInt8] = (0...255).map { value in
        let b = UInt8(value)
        var bits: UInt8 = 0
        if isAlphanumeric(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") { bits |= 1 }
        if (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) { bits |= 2 }
        return bits
    }

    @inline(__always) static func isIdentifier(_ b: UInt8) -> Bool { classes[Int(b)] & 1 != 0 }
    static func isAlphanumeric(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) }
    static func isLowerHex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) }
}
