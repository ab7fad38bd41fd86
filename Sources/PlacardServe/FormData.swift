import PlacardSystem

/// `application/x-www-form-urlencoded` decoding with PHP's bracket notation.
///
/// Exists because Bitrix24's classic REST transport (and BX24.callMethod) sends nested
/// parameters as `FILTER[ID][]=1&cmd[a]=user.get%3FID%3D1`, and `batch` sub-commands use
/// the same notation in their query strings; the emulator must read them as PHP does.
///
/// Any page in the developer's browser can send the server a query string (an `<img src>`
/// is enough), so decoding is bounded like PHP's `max_input_vars` and
/// `max_input_nesting_level`: at most `RequestLimits.maxParameters` parameters and
/// `RequestLimits.maxDepth` levels (the name and its brackets), refused with `FormData.Problem`.
/// Index keys are PHP's: only canonical decimal integers are numbers, and after the largest
/// possible index a `[]` finds no free index and is dropped, as PHP drops it.
public enum FormData {
    /// Why a query string or form body was refused.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case tooManyParameters
        case tooDeep

        public var description: String {
            switch self {
            case .tooManyParameters: "More than \(RequestLimits.maxParameters) parameters"
            case .tooDeep: "Parameters are nested more than \(RequestLimits.maxDepth) levels deep"
            }
        }
    }

    /// Decodes a query string or form body into a JSON object (lists for `[]` and 0…n keys).
    public static func decode(_ text: some StringProtocol) throws(Problem) -> [String: JSONValue] {
        var root = Node()
        var count = 0
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            count += 1
            guard count <= RequestLimits.maxParameters else { throw .tooManyParameters }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(parts[0], plusAsSpace: true)
            let value = parts.count > 1 ? PercentEncoding.decode(parts[1], plusAsSpace: true) : ""
            guard let path = keyPath(name, limit: RequestLimits.maxDepth) else { throw .tooDeep }
            guard !path.isEmpty, !path[0].isEmpty else { continue }
            root.insert(value, at: path[...])
        }
        return root.json.object ?? [:]
    }

    /// `a[b][]` → ["a", "b", ""]; text after an unclosed bracket stays part of the name.
    /// Nil when the path would have more than `limit` parts.
    static func keyPath(_ name: String, limit: Int = .max) -> [String]? {
        guard let open = name.firstIndex(of: "[") else { return [name] }
        var path = [String(name[..<open])]
        var rest = name[open...]
        while rest.first == "[", let close = rest.firstIndex(of: "]") {
            guard path.count < limit else { return nil }
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return path
    }

    /// The key as a PHP array index: a canonical decimal integer (`"7"`, `"-3"`, not `"07"`,
    /// `"+7"` or one beyond `Int`'s range, which stay string keys).
    static func index(_ key: String) -> Int? {
        guard let number = Int(key), String(number) == key else { return nil }
        return number
    }

    /// A parameter tree in insertion order, as PHP builds `$_POST`. Its depth is bounded by
    /// `keyPath`'s limit, so the recursion here is too.
    struct Node {
        var value: String?
        var keys: [String] = []
        var children: [String: Node] = [:]
        /// The index `[]` takes next; nil once an element sits at `Int.max` (no index is left).
        var nextIndex: Int? = 0

        mutating func insert(_ leaf: String, at path: ArraySlice<String>) {
            guard var key = path.first else {
                value = leaf
                keys = []
                children = [:]
                return
            }
            if key.isEmpty {
                // PHP: "Cannot add element to the array as the next element is already occupied".
                guard let next = nextIndex else { return }
                key = String(next)
            }
            if let number = FormData.index(key), let next = nextIndex, number >= next {
                nextIndex = number == Int.max ? nil : number + 1
            }
            if children[key] == nil { keys.append(key) }
            value = nil
            children[key, default: Node()].insert(leaf, at: path.dropFirst())
        }

        var json: JSONValue {
            if let value, keys.isEmpty { return .string(value) }
            let items = keys.map { ($0, children[$0]?.json ?? .null) }
            if !items.isEmpty, items.enumerated().allSatisfy({ String($0.offset) == $0.element.0 }) {
                return .array(items.map(\.1))
            }
            return .object(Dictionary(items, uniquingKeysWith: { _, last in last }))
        }
    }
}

/// The limits the preview server puts on what one request may ask of it.
///
/// Exists so that every bound on request input is one documented number in one place: the
/// server must survive anything a web page can make a browser send to it.
public enum RequestLimits {
    /// Parameters in one query string or form body (PHP's `max_input_vars` default).
    public static let maxParameters = 1000
    /// Nesting of a request parameter: `a[1][2]…` has at most this many parts, a JSON body
    /// at most this many arrays/objects inside each other (PHP's `max_input_nesting_level`).
    public static let maxDepth = JSONValue.defaultMaxDepth
    /// Body of a `/rest/…` call.
    public static let restBody = 8 << 20
    /// Body of a `/_placard/api/…` call.
    public static let apiBody = 64 << 10
    /// What is read (and dropped) of the form body Bitrix24 POSTs to a page.
    public static let pageBody = 1 << 20
}
