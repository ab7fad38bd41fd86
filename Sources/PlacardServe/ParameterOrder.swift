import PlacardSystem

/// The order in which a request names the keys of one parameter (`cmd` of a `batch`).
///
/// Exists because `JSONValue.object` is a dictionary and forgets order, while a portal runs a
/// batch's commands in the order they were sent: PHP keeps `$_POST` and `json_decode` arrays in
/// insertion order and `batch` walks `cmd` with `foreach`. A `$result[key]` reference may only
/// name a command sent earlier, so sorting the keys would run some commands too soon.
public enum ParameterOrder {
    /// Keys of `name[…]` in a form body or query string, in first-seen order (`cmd[b]=…&cmd[a]=…` → b, a).
    public static func formKeys(of name: String, in text: some StringProtocol) -> [String] {
        var seen: Set<String> = [], keys: [String] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(RequestLimits.maxParameters) {
            let rawName = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let path = FormData.keyPath(PercentEncoding.decode(rawName, plusAsSpace: true), limit: RequestLimits.maxDepth),
                  path.count >= 2, path[0] == name, !path[1].isEmpty else { continue }
            if seen.insert(path[1]).inserted { keys.append(path[1]) }
        }
        return keys
    }

    /// Keys of the object at the top-level field `name` of a JSON object text, in text order;
    /// empty when the text is not such an object (the parser proper reports that).
    public static func jsonKeys(of name: String, in bytes: some Collection<UInt8>) -> [String] {
        var scanner = Scanner(Array(bytes))
        guard scanner.consume(UInt8(ascii: "{")) else { return [] }
        while let key = scanner.string(), scanner.consume(UInt8(ascii: ":")) {
            if key == name {
                return scanner.objectKeys() ?? []
            }
            guard scanner.skipValue(), scanner.consume(UInt8(ascii: ",")) else { return [] }
        }
        return []
    }

    /// A forward-only reader of JSON text that understands just enough to list keys. Depth is
    /// bounded by `RequestLimits.maxDepth`, as `JSONValue.parse` bounds it.
    struct Scanner {
        let bytes: [UInt8]
        var at = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            skipSpace()
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        /// A JSON string, unescaped by the standard decoder; nil when there is none here.
        mutating func string() -> String? {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
            let start = at
            at += 1
            var escaped = false
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") {
                    return JSONValue.decode(bytes[start..<at])?.string
                }
            }
            return nil
        }

        /// The keys of the object that starts here; nil when no object starts here.
        mutating func objectKeys() -> [String]? {
            guard consume(UInt8(ascii: "{")) else { return nil }
            var keys: [String] = []
            if consume(UInt8(ascii: "}")) { return keys }
            while let key = string(), consume(UInt8(ascii: ":")) {
                keys.append(key)
                guard skipValue(depth: 1) else { return keys }
                if consume(UInt8(ascii: "}")) { return keys }
                guard consume(UInt8(ascii: ",")) else { return keys }
            }
            return keys
        }

        /// Steps over one value (string, number, literal, array or object).
        mutating func skipValue(depth: Int = 0) -> Bool {
            skipSpace()
            guard at < bytes.count, depth < RequestLimits.maxDepth else { return false }
            switch bytes[at] {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = bytes[at] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                let isObject = close == UInt8(ascii: "}")
                at += 1
                if consume(close) { return true }
                while true {
                    if isObject {
                        guard string() != nil, consume(UInt8(ascii: ":")) else { return false }
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    if consume(close) { return true }
                    guard consume(UInt8(ascii: ",")) else { return false }
                }
            default:
                while at < bytes.count, !",}] \t\r\n".utf8.contains(bytes[at]) { at += 1 }
                return true
            }
        }
    }
}
