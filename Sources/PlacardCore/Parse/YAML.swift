import PlacardRules
internal import Yams

/// A YAML mapping with the position of every key, decoded from Yams' node tree.
///
/// Exists so that front matter and `placard.yml` can report a problem at the line of the
/// offending key, and so that Yams' types stay inside the parse stage.
struct YAMLMapping: Sendable {
    struct Field: Sendable {
        var key: String
        var value: YAMLValue
        /// Where the key starts in the file, 1-based.
        var line, column: Int
    }

    var fields: [Field]

    subscript(key: String) -> Field? { fields.first { $0.key == key } }

    /// Front matter and `placard.yml` larger than this many bytes are refused.
    static let maxBytes = 64 << 10
    /// Nor may they hold more values (scalars, lists, mappings) than this.
    static let maxNodes = 20_000

    /// Parses `text`; `lineOffset` is the number of lines before it in its file.
    static func parse(_ text: String, file: String, lineOffset: Int) -> Result<YAMLMapping, Finding> {
        guard text.utf8.count <= maxBytes else {
            return .failure(Finding(.yamlSize, "this YAML is \(text.utf8.count) bytes; Placard reads front matter and \(Config.fileName) of at most \(maxBytes) bytes (64 KiB)",
                                    at: SourceLocation(file: file, line: lineOffset + 1, column: 1)))
        }
        if let (marker, line) = secondDocument(text) {
            return .failure(Finding(.yamlSyntax,
                                    "'\(marker)' on line \(lineOffset + line) ends this YAML document and another one follows, which Placard would not read; remove the '\(marker)' line (and merge what follows into the keys above)",
                                    at: SourceLocation(file: file, line: lineOffset + line, column: 1)))
        }
        if let fields = parseFlat(text, lineOffset: lineOffset) { return .success(YAMLMapping(fields: fields)) }
        return parseWithYams(text, file: file, lineOffset: lineOffset)
    }

    /// The document marker (`...` or `---` at the start of a line) after which `text` has more
    /// than blank lines and comments — a second YAML document — and its 1-based line; nil when
    /// there is one document. A `---` before any content starts the first document.
    static func secondDocument(_ text: String) -> (String, Int)? {
        var marker: (String, Int)?
        var content = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            let isMarker = ["...", "---"].first { line == $0 || line.hasPrefix($0 + " ") || line.hasPrefix($0 + "\t") }
            if let isMarker {
                if marker == nil, isMarker == "..." || content { marker = (isMarker, index + 1) }
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            if marker != nil { return marker }
            content = true
        }
        return nil
    }

    /// The general parser: YAML through Yams.
    static func parseWithYams(_ text: String, file: String, lineOffset: Int) -> Result<YAMLMapping, Finding> {
        // Anchors, aliases, forbidden characters and deep nesting never reach Yams.
        if let problem = YAMLGuard.check(text, file: file, lineOffset: lineOffset) { return .failure(problem) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(finding(for: error, text: text, file: file, lineOffset: lineOffset))
        } catch {
            return .failure(Finding(.yamlSyntax, "cannot read YAML: \(error)", at: SourceLocation(file: file, line: lineOffset + 1)))
        }
        guard let node else { return .success(YAMLMapping(fields: [])) }
        // Should an alias ever get past YAMLGuard, its expansion still stops here.
        guard node.count(upTo: maxNodes) <= maxNodes else {
            return .failure(Finding(.yamlSize, "this YAML expands to more than \(maxNodes) values; Placard reads at most \(maxNodes)",
                                    at: SourceLocation(file: file, line: lineOffset + 1, column: 1)))
        }
        guard case .mapping(let mapping) = node else {
            return .failure(Finding(.yamlSyntax, "expected 'key: value' lines, found \(YAMLValue(node, lineOffset: lineOffset).typeName)",
                                    at: SourceLocation(file: file, line: lineOffset + (node.mark?.line ?? 1))))
        }
        var fields: [Field] = []
        var seen: Set<String> = []
        for (key, value) in mapping {
            let line = lineOffset + (key.mark?.line ?? 1)
            // A complex key (`? [a]`, `? {a: b}`) is no setting name; Yams' `any` would trap on it.
            guard let name = key.string else {
                return .failure(Finding(.yamlSyntax, "a key must be a plain name, not \(YAMLValue(key, lineOffset: lineOffset).typeName); write 'name: value'",
                                       at: SourceLocation(file: file, line: line, column: key.mark?.column ?? 1)))
            }
            if !seen.insert(name).inserted {
                return .failure(Finding(.yamlDuplicateKey, "key '\(name)' appears twice; keep one",
                                        at: SourceLocation(file: file, line: line, column: key.mark?.column ?? 0)))
            }
            fields.append(Field(key: name, value: YAMLValue(value, lineOffset: lineOffset), line: line, column: key.mark?.column ?? 1))
        }
        return .success(YAMLMapping(fields: fields))
    }

    /// The fast path for the front matter nearly every page has: flat `key: value` lines.
    ///
    /// Reads by hand only lines that are blank, a `#` comment, or `key: value` with the key
    /// at the start of the line and a value that is plain text (no indicator first, no
    /// `: ` or ` #` inside), `"text"` without escapes or `'text'` without quotes inside.
    /// Anything else (nesting, lists, flow collections, anchors, tags, escapes, comments
    /// after a value, tabs, `\r`, control or line-separator characters, a repeated key)
    /// returns nil and goes to Yams, so the fields, values, lines and columns are always
    /// the ones Yams gives (the tests compare both on every case).
    static func parseFlat(_ text: String, lineOffset: Int) -> [Field]? {
        var text = text
        return text.withUTF8 { bytes -> [Field]? in
            var hasNonASCII = false
            for byte in bytes {
                if byte < 0x20 && byte != UInt8(ascii: "\n") || byte == 0x7F { return nil }
                if byte >= 0x80 { hasNonASCII = true }
            }
            if hasNonASCII {
                // C1 controls (NEL is a YAML line break), U+2028/9 (line breaks), BOM, non-characters.
                for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                    let v = scalar.value
                    if (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF { return nil }
                }
            }
            func isKeyStart(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b == UInt8(ascii: "_") }
            func isKeyByte(_ b: UInt8) -> Bool { isKeyStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") }
            func string(_ from: Int, _ to: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self) }
            let space = UInt8(ascii: " "), colon = UInt8(ascii: ":")

            var fields: [Field] = []
            var seen: Set<String> = []
            var start = 0, line = 0
            while start < bytes.count {
                line += 1
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                defer { start = end + 1 }
                if end == start || bytes[start] == UInt8(ascii: "#") { continue }
                guard isKeyStart(bytes[start]) else { return nil }
                var i = start + 1
                while i < end, isKeyByte(bytes[i]) { i += 1 }
                guard i < end, bytes[i] == colon else { return nil }
                let key = string(start, i)
                i += 1
                guard i == end || bytes[i] == space else { return nil }
                while i < end, bytes[i] == space { i += 1 }
                let value: YAMLValue
                if i == end {
                    value = .null
                } else {
                    let first = bytes[i]
                    if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                        var close = i + 1
                        while close < end, bytes[close] != first {
                            if bytes[close] == UInt8(ascii: "\\") && first == UInt8(ascii: "\"") { return nil }
                            close += 1
                        }
                        guard close < end else { return nil }
                        var rest = close + 1
                        while rest < end, bytes[rest] == space { rest += 1 }
                        guard rest == end else { return nil }
                        value = .scalar(string(i + 1, close), quoted: true)
                    } else {
                        if "-?:,[]{}#&*!|>'\"%@`".utf8.contains(first) { return nil }
                        var last = end
                        while bytes[last - 1] == space { last -= 1 }
                        guard bytes[last - 1] != colon else { return nil }
                        for j in i..<last - 1 {
                            if bytes[j] == colon && bytes[j + 1] == space { return nil }
                            if bytes[j] == space && bytes[j + 1] == UInt8(ascii: "#") { return nil }
                        }
                        value = YAMLValue.plain(string(i, last))
                    }
                }
                guard seen.insert(key).inserted else { return nil }
                fields.append(Field(key: key, value: value, line: lineOffset + line, column: 1))
            }
            return fields
        }
    }

    private static func finding(for error: YamlError, text: String, file: String, lineOffset: Int) -> Finding {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: lineOffset + mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return Finding(.yamlSyntax, "invalid YAML: \(detail)\(problem); check the indentation and quote values containing ':' or '#'", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence; the one to remove is the later one.
            let first = context.mark
            if duplicates.count == 1, let second = laterKey(duplicates[0], after: first, in: text) {
                return Finding(.yamlDuplicateKey, "key '\(duplicates[0])' appears twice (first on line \(lineOffset + first.line)); keep one",
                               at: SourceLocation(file: file, line: lineOffset + second.line, column: second.column),
                               notes: [Finding.Note("'\(duplicates[0])' first appears here", at: at(first))])
            }
            return Finding(.yamlDuplicateKey, "key '\(duplicates.joined(separator: "', '"))' appears twice; keep one", at: at(first))
        default:
            return Finding(.yamlSyntax, "invalid YAML: \(error)", at: SourceLocation(file: file, line: lineOffset + 1))
        }
    }
}

extension YAMLMapping {
    /// Where `key` is written again in the block mapping whose first `key` is at `first`
    /// (1-based line and column): the next line indented to the same column that starts
    /// with the key, plain or quoted, then `:`; in a flow mapping, on the same line after a
    /// `,`. Nil when it cannot be found.
    static func laterKey(_ key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0[...] }
        guard first.line >= 1, first.line <= lines.count, first.column >= 1 else { return nil }
        let spellings = [key, "\"\(key)\"", "'\(key)'"]
        func keyAt(_ rest: Substring) -> Bool {
            spellings.contains { spelling in
                guard rest.hasPrefix(spelling) else { return false }
                return rest.dropFirst(spelling.count).drop { $0 == " " }.first == ":"
            }
        }
        let indent = first.column - 1
        for index in first.line..<lines.count {
            let line = lines[index]
            guard line.count > indent, line.prefix(indent).allSatisfy({ $0 == " " }) else { continue }
            if keyAt(line.dropFirst(indent)) { return (index + 1, first.column) }
        }
        // A flow mapping: `{a: 1, a: 2}`.
        let line = lines[first.line - 1]
        var rest = line.dropFirst(first.column)
        while let comma = rest.firstIndex(of: ",") {
            rest = rest[rest.index(after: comma)...]
            let start = rest.drop { $0 == " " }
            if keyAt(start) { return (first.line, line.distance(from: line.startIndex, to: start.startIndex) + 1) }
        }
        return nil
    }
}

extension Node {
    /// The number of nodes in this tree, aliases expanded, counting stops past `limit`.
    /// Iterative, so a deep tree cannot overflow the stack.
    func count(upTo limit: Int) -> Int {
        var count = 0
        var pending = [self]
        while let node = pending.popLast(), count <= limit {
            count += 1
            switch node {
            case .sequence(let sequence): pending += sequence
            case .mapping(let mapping): for (key, value) in mapping { pending.append(key); pending.append(value) }
            case .scalar, .alias: break
            }
        }
        return count
    }
}

/// A YAML value reduced to what Placard's keys can hold. Scalars keep their source text,
/// so `extranet: N` stays the string "N" instead of becoming a boolean.
enum YAMLValue: Sendable {
    case scalar(String, quoted: Bool)
    case list([YAMLValue])
    case mapping(YAMLMapping)
    case null

    init(_ node: Node, lineOffset: Int) {
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            self = quoted ? .scalar(scalar.string, quoted: true) : .plain(scalar.string)
        case .sequence(let sequence): self = .list(sequence.map { YAMLValue($0, lineOffset: lineOffset) })
        case .mapping(let mapping):
            self = .mapping(YAMLMapping(fields: mapping.map { key, value in
                .init(key: key.string ?? "", value: YAMLValue(value, lineOffset: lineOffset),
                      line: lineOffset + (key.mark?.line ?? 1), column: key.mark?.column ?? 0)
            }))
        case .alias: self = .null
        }
    }

    /// An unquoted scalar: YAML's null spellings are `.null`, anything else is text.
    static func plain(_ text: String) -> YAMLValue {
        ["", "~", "null", "Null", "NULL"].contains(text) ? .null : .scalar(text, quoted: false)
    }

    var string: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    var typeName: String {
        switch self {
        case .scalar: "a value"
        case .list: "a list"
        case .mapping: "a mapping"
        case .null: "nothing"
        }
    }

    /// The scalar as a boolean (`true/false/yes/no`), or nil.
    var bool: Bool? {
        guard case .scalar(let text, false) = self else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }
}
