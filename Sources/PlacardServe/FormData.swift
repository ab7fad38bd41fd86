/// `application/x-www-form-urlencoded` decoding with PHP's bracket notation.
///
/// Exists because Bitrix24's classic REST transport (and BX24.callMethod) sends nested
/// parameters as `FILTER[ID][]=1&cmd[a]=user.get%3FID%3D1`, and `batch` sub-commands use
/// the same notation in their query strings; the emulator must read them as PHP does.
public enum FormData {
    /// Decodes a query string or form body into a JSON object (lists for `[]` and 0…n keys).
    public static func decode(_ text: some StringProtocol) -> [String: JSONValue] {
        var root = Node()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(parts[0])
            let value = parts.count > 1 ? percentDecode(parts[1]) : ""
            let path = keyPath(name)
            guard !path.isEmpty, !path[0].isEmpty else { continue }
            root.insert(value, at: path[...])
        }
        return root.json.object ?? [:]
    }

    /// `+` is a space, `%XX` a byte; a malformed escape is kept as it is (as PHP does).
    public static func percentDecode(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), i + 2 < input.count, let high = hex(input[i + 1]), let low = hex(input[i + 2]) {
                bytes.append(high << 4 | low)
                i += 2
            } else {
                bytes.append(byte)
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `a[b][]` → ["a", "b", ""]; text after an unclosed bracket stays part of the name.
    static func keyPath(_ name: String) -> [String] {
        guard let open = name.firstIndex(of: "[") else { return [name] }
        var path = [String(name[..<open])]
        var rest = name[open...]
        while rest.first == "[", let close = rest.firstIndex(of: "]") {
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return path
    }

    /// A parameter tree in insertion order, as PHP builds `$_POST`.
    struct Node {
        var value: String?
        var keys: [String] = []
        var children: [String: Node] = [:]
        var nextIndex = 0

        mutating func insert(_ leaf: String, at path: ArraySlice<String>) {
            guard var key = path.first else {
                value = leaf
                keys = []
                children = [:]
                return
            }
            if key.isEmpty {
                key = String(nextIndex)
            }
            if let number = Int(key), number >= nextIndex { nextIndex = number + 1 }
            if children[key] == nil { keys.append(key) }
            value = nil
            children[key, default: Node()].insert(leaf, at: path.dropFirst())
        }

        var json: JSONValue {
            if let value, keys.isEmpty { return .string(value) }
            let items = keys.map { ($0, children[$0]?.json ?? .null) }
            if !items.isEmpty, items.enumerated().allSatisfy({ $0.offset == Int($0.element.0) }) {
                return .array(items.map(\.1))
            }
            return .object(Dictionary(items, uniquingKeysWith: { _, last in last }))
        }
    }
}
