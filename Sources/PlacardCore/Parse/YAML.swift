import PlacardRules
import Yams

/// A YAML mapping with the position of every key, decoded from Yams' node tree.
///
/// Exists so that front matter and `placard.yml` can report a problem at the line of the
/// offending key, and so that Yams' types stay inside the parse stage.
struct YAMLMapping: Sendable {
    struct Field: Sendable {
        var key: String
        var value: YAMLValue
        var line: Int
        var column: Int
    }

    var fields: [Field]

    subscript(key: String) -> Field? { fields.first { $0.key == key } }

    /// Parses `text`; `lineOffset` is the number of lines before it in its file.
    static func parse(_ text: String, file: String, lineOffset: Int) -> Result<YAMLMapping, Finding> {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(finding(for: error, file: file, lineOffset: lineOffset))
        } catch {
            return .failure(.error("yaml.syntax", "cannot read YAML: \(error)", at: SourceLocation(file: file, line: lineOffset + 1)))
        }
        guard let node else { return .success(YAMLMapping(fields: [])) }
        guard case .mapping(let mapping) = node else {
            return .failure(.error("yaml.syntax", "expected 'key: value' lines, found \(YAMLValue(node, lineOffset: lineOffset).typeName)",
                                   at: SourceLocation(file: file, line: lineOffset + (node.mark?.line ?? 1))))
        }
        var fields: [Field] = []
        var seen: Set<String> = []
        for (key, value) in mapping {
            let name = key.string ?? "\(key.any)"
            let line = lineOffset + (key.mark?.line ?? 1)
            if !seen.insert(name).inserted {
                return .failure(.error("yaml.duplicate-key", "key '\(name)' appears twice; keep one",
                                       at: SourceLocation(file: file, line: line, column: key.mark?.column ?? 0)))
            }
            fields.append(Field(key: name, value: YAMLValue(value, lineOffset: lineOffset), line: line, column: key.mark?.column ?? 1))
        }
        return .success(YAMLMapping(fields: fields))
    }

    private static func finding(for error: YamlError, file: String, lineOffset: Int) -> Finding {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: lineOffset + mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return .error("yaml.syntax", "invalid YAML: \(detail)\(problem); check the indentation and quote values containing ':' or '#'", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error("yaml.duplicate-key", "key '\(duplicates.joined(separator: "', '"))' appears twice; keep one", at: at(context.mark))
        default:
            return .error("yaml.syntax", "invalid YAML: \(error)", at: SourceLocation(file: file, line: lineOffset + 1))
        }
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
            if !quoted && ["", "~", "null", "Null", "NULL"].contains(scalar.string) { self = .null } else {
                self = .scalar(scalar.string, quoted: quoted)
            }
        case .sequence(let sequence): self = .list(sequence.map { YAMLValue($0, lineOffset: lineOffset) })
        case .mapping(let mapping):
            self = .mapping(YAMLMapping(fields: mapping.map { key, value in
                .init(key: key.string ?? "", value: YAMLValue(value, lineOffset: lineOffset),
                      line: lineOffset + (key.mark?.line ?? 1), column: key.mark?.column ?? 0)
            }))
        case .alias: self = .null
        }
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
