import Foundation

/// Any JSON value, as a Sendable value type.
///
/// Exists for the emulated REST API: request parameters (form-encoded or JSON), fixture
/// files and answers are all free-form JSON, and `[String: Any]` is neither Sendable nor
/// comparable in tests. The package's one free-form JSON value (the verifier's
/// `LocatedJSON` is a syntax tree with byte offsets, not a value model).
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 9.0e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var string: String? {
        switch self {
        case .string(let value): return value
        case .number(let value): return value.rounded() == value && abs(value) < 9.0e15 ? String(Int64(value)) : String(value)
        case .bool(let value): return value ? "true" : "false"
        default: return nil
        }
    }

    public var object: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    /// PHP truthiness of a request parameter (`1`, `Y`, `true` …).
    public var isTrue: Bool {
        switch self {
        case .bool(let value): return value
        case .number(let value): return value != 0
        case .string(let value): return ["1", "y", "true", "yes"].contains(value.lowercased())
        default: return false
        }
    }

    /// Why a JSON text was refused.
    public enum Problem: Error, Equatable, Sendable {
        case invalid
        /// More than `maxDepth` arrays/objects inside each other.
        case tooDeep
    }

    /// Parses JSON text; nil when it is not JSON or nested too deep (see `parse`).
    public static func decode(_ bytes: some Collection<UInt8>) -> JSONValue? {
        try? parse(bytes)
    }

    /// The nesting `parse` allows by default: PHP's `max_input_nesting_level` (the preview
    /// server's `RequestLimits.maxDepth`).
    public static let defaultMaxDepth = 64

    /// Parses JSON text whose arrays and objects are nested at most `maxDepth` deep. The
    /// depth is checked first by a flat scan, so the recursive decoding below never sees
    /// a text that could exhaust the stack (4,000 `[` are one short request).
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth) throws(Problem) -> JSONValue {
        let data = Data(bytes)
        guard nestingDepth(data, limit: maxDepth) <= maxDepth else { throw .tooDeep }
        do { return try JSONDecoder().decode(JSONValue.self, from: data) } catch { throw .invalid }
    }

    /// The deepest nesting of `[`/`{` outside strings, counted up to `limit + 1`.
    static func nestingDepth(_ data: Data, limit: Int) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > deepest {
                    deepest = depth
                    if deepest > limit { return deepest }
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Compact JSON text; encoding these values cannot fail, but never crash if it does.
    public var text: String {
        (try? Self.encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// JSON text that is safe inside an HTML `<script>` element.
    public var scriptSafeText: String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
