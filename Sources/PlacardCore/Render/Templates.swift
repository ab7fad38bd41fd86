import Mustache
import PlacardRules

/// The project's Mustache templates, parsed once and checked for missing partials.
///
/// Exists because swift-mustache renders a missing partial or parent as nothing; Placard
/// checks every `{{>name}}` and `{{<name}}` itself so a typo is an error at its line. Each
/// template is parsed with `EscapedHTML.pragma` above its first line (a standalone tag,
/// so it adds nothing to the output); error lines are reported as in the file.
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    public let names: Set<String>
    /// Project-relative file of each template, for findings.
    let files: [String: String]

    public static func load(_ files: [TextFile]) -> (TemplateSet, [Finding]) {
        var library = MustacheLibrary()
        var names: Set<String> = []
        var paths: [String: String] = [:]
        var findings: [Finding] = []
        EscapedHTML.registered
        for file in files {
            let name = String(file.relative.dropLast(".mustache".count))
            names.insert(name)
            paths[name] = file.path
            do {
                library.register(try MustacheTemplate(string: EscapedHTML.pragma + file.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                findings.append(.error("template.syntax",
                                       "template error: \(describe(error.error)) in '\(error.context.line.trimmed)'",
                                       at: SourceLocation(file: file.path, line: error.context.lineNumber - 1, column: error.context.columnNumber)))
            } catch {
                findings.append(.error("template.syntax", "template error: \(error)", at: SourceLocation(file: file.path)))
            }
        }
        for file in files {
            for reference in references(in: file.text) where !names.contains(reference.name) {
                let kind = reference.isParent ? "parent" : "partial"
                findings.append(.error("template.\(kind).missing",
                                       "\(kind) '\(reference.name)' does not exist: there is no templates/\(reference.name).mustache.\(Suggestion.didYouMean(reference.name, in: names.sorted()))",
                                       at: SourceLocation(file: file.path, line: reference.line, column: reference.column)))
            }
        }
        return (TemplateSet(library: library, names: names, files: paths), findings)
    }

    func render(_ context: TemplateObject, template: String) -> String? {
        library.render(context, withTemplate: template)
    }

    struct Reference: Equatable {
        var name: String
        var isParent: Bool
        var line: Int
        var column: Int
    }

    /// `{{> name}}` and `{{< name}}` tags with their positions (default delimiters; dynamic
    /// `{{>*name}}` partials are skipped since their name is only known at render time).
    static func references(in text: String) -> [Reference] {
        var result: [Reference] = []
        let bytes = Array(text.utf8)
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1; i += 1; continue }
            guard bytes[i] == UInt8(ascii: "{"), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") else { i += 1; continue }
            var j = i + 2
            while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
            guard j < bytes.count, bytes[j] == UInt8(ascii: ">") || bytes[j] == UInt8(ascii: "<") else { i += 2; continue }
            let isParent = bytes[j] == UInt8(ascii: "<")
            j += 1
            while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
            let start = j
            while j + 1 < bytes.count, !(bytes[j] == UInt8(ascii: "}") && bytes[j + 1] == UInt8(ascii: "}")), bytes[j] != UInt8(ascii: "\n") { j += 1 }
            let name = String(decoding: bytes[start..<j], as: UTF8.self).trimmed
            if !name.isEmpty, !name.hasPrefix("*") {
                let column = String(decoding: bytes[lineStart..<i], as: UTF8.self).count + 1
                result.append(Reference(name: name, isParent: isParent, line: line, column: column))
            }
            i = j
        }
        return result
    }

    private static func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: "a section is closed with the wrong name"
        case .unfinishedName: "a tag is not closed with '}}'"
        case .expectedSectionEnd: "a section is never closed ({{/name}} missing)"
        case .invalidSetDelimiter: "invalid set-delimiter tag"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            "only {{$block}} overrides may appear inside a {{<parent}} tag"
        default: "\(error)"
        }
    }
}

