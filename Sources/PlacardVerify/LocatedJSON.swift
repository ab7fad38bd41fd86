import PlacardSystem

/// A parsed JSON value that remembers the byte offset it starts at.
///
/// Exists because `JSONSerialization` forgets where things are: the verifier points each
/// finding about `placement.json` at the line and column of the key it is about.
struct LocatedJSON: Sendable {
    enum Kind: Sendable {
        case object([Member])
        case array([LocatedJSON])
        case string(String)
        /// The number as written (`200`, `1.5e3`).
        case number(String)
        case bool(Bool)
        case null
    }

    struct Member: Sendable {
        var key: String
        /// Byte offset of the key's opening quote.
        var keyOffset: Int
        var value: LocatedJSON
    }

    var kind: Kind
    /// Byte offset of the value's first character.
    var offset: Int

    /// The member named `key` (the last one if the key repeats).
    func member(_ key: String) -> Member? {
        guard case .object(let members) = kind else { return nil }
        return members.last { $0.key == key }
    }

    var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    var isObject: Bool {
        if case .object = kind { return true }
        return false
    }

    /// The JSON type name used in messages.
    var typeName: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// Compact JSON text, shortened to about `limit` characters, for messages.
    func brief(limit: Int = 40) -> String {
        let text = compact
        return text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    var compact: String {
        switch kind {
        case .object(let members): "{" + members.map { LocatedJSON.quote($0.key) + ":" + $0.value.compact }.joined(separator: ",") + "}"
        case .array(let items): "[" + items.map(\.compact).joined(separator: ",") + "]"
        case .string(let s): LocatedJSON.quote(s)
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        }
    }

    /// `s` as a JSON string literal (the encoder `JSONValue` writes with).
    static func quote(_ s: String) -> String { JSONValue.string(s).text }

    /// The first path (`OPTIONS.color`, `LANG_ALL.de.TITLE`) where `self` and `other` differ
    /// as JSON values (key order and formatting ignored), with the two values; nil if equal.
    func firstDifference(from other: LocatedJSON, path: String = "") -> (path: String, mine: LocatedJSON?, theirs: LocatedJSON?)? {
        switch (kind, other.kind) {
        case (.object(let a), .object(let b)):
            let keys = (a.map(\.key) + b.map(\.key)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            for key in keys {
                let sub = path.isEmpty ? key : path + "." + key
                switch (member(key), other.member(key)) {
                case let (x?, y?):
                    if let difference = x.value.firstDifference(from: y.value, path: sub) { return difference }
                case let (x, y):
                    return (sub, x?.value, y?.value)
                }
            }
            return nil
        case (.array(let a), .array(let b)):
            for i in 0..<max(a.count, b.count) {
                let sub = "\(path)[\(i)]"
                guard i < a.count, i < b.count else { return (sub, i < a.count ? a[i] : nil, i < b.count ? b[i] : nil) }
                if let difference = a[i].firstDifference(from: b[i], path: sub) { return difference }
            }
            return nil
        case (.number(let x), .number(let y)):
            return x == y || (Double(x) != nil && Double(x) == Double(y)) ? nil : (path, self, other)
        case (.string(let x), .string(let y)): return x == y ? nil : (path, self, other)
        case (.bool(let x), .bool(let y)): return x == y ? nil : (path, self, other)
        case (.null, .null): return nil
        default: return (path, self, other)
        }
    }
}

/// A JSON syntax error at a byte offset.
struct JSONSyntaxError: Error, Sendable {
    var message: String
    var offset: Int
}

/// A strict RFC 8259 parser over bytes (an optional UTF-8 BOM is skipped).
struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    static func parse(_ bytes: [UInt8]) -> Result<LocatedJSON, JSONSyntaxError> {
        var parser = JSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.i = 3 }
        do throws(JSONSyntaxError) {
            let value = try parser.value()
            parser.skipSpace()
            if parser.i < bytes.count { throw parser.error("unexpected text after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, offset: i) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws(JSONSyntaxError) -> LocatedJSON {
        skipSpace()
        guard i < bytes.count else { throw error("unexpected end of file, expected a value") }
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"): return LocatedJSON(kind: .object(try object()), offset: start)
        case UInt8(ascii: "["): return LocatedJSON(kind: .array(try array()), offset: start)
        case UInt8(ascii: "\""): return LocatedJSON(kind: .string(try string()), offset: start)
        case UInt8(ascii: "t"): try literal("true"); return LocatedJSON(kind: .bool(true), offset: start)
        case UInt8(ascii: "f"): try literal("false"); return LocatedJSON(kind: .bool(false), offset: start)
        case UInt8(ascii: "n"): try literal("null"); return LocatedJSON(kind: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return LocatedJSON(kind: .number(try number()), offset: start)
        default: throw error("unexpected character '\(Unicode.Scalar(bytes[i]))', expected a value")
        }
    }

    private mutating func nest() throws(JSONSyntaxError) {
        depth += 1
        if depth > 256 { throw error("nested too deeply") }
    }

    private mutating func object() throws(JSONSyntaxError) -> [LocatedJSON.Member] {
        try nest()
        defer { depth -= 1 }
        i += 1
        var members: [LocatedJSON.Member] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return members }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
            let keyOffset = i
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
            i += 1
            members.append(LocatedJSON.Member(key: key, keyOffset: keyOffset, value: try value()))
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end of file, expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return members }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> [LocatedJSON] {
        try nest()
        defer { depth -= 1 }
        i += 1
        var items: [LocatedJSON] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return items }
        while true {
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end of file, expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return items }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - i >= expected.count, Array(bytes[i..<i + expected.count]) == expected else {
            throw error("invalid literal, expected '\(word)'")
        }
        i += expected.count
    }

    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = i
        func digits() -> Int {
            let from = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - from
        }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        guard digits() > 0 else { throw error("invalid number") }
        if bytes[integerStart] == 0x30, i - integerStart > 1 { throw JSONSyntaxError(message: "invalid number (leading zero)", offset: start) }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw error("invalid number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw error("invalid number") }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw error("unterminated string") }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") { i += 1; break }
            if byte < 0x20 { throw error("control character in a string (escape it)") }
            if byte != UInt8(ascii: "\\") { out.append(byte); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw error("unterminated string") }
            switch bytes[i] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) }
                }
                out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            default: throw error("invalid escape in a string")
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads the 4 hex digits after `\u`; leaves `i` on the last one.
    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 < bytes.count else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for k in 1...4 {
            guard let digit = PercentEncoding.hexValue(bytes[i + k]) else { throw error("invalid \\u escape") }
            value = value << 4 | UInt32(digit)
        }
        i += 4
        return value
    }
}
