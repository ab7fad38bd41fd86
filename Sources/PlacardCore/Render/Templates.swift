internal import Mustache
import PlacardRules

/// The project's Mustache templates, parsed once and checked for missing partials.
///
/// Exists because swift-mustache renders a missing partial or parent as nothing; Placard
/// checks every `{{>name}}` and `{{<name}}` itself so a typo is an error at its line. Each
/// template is parsed with `EscapedHTML.pragma` above its first line (a standalone tag,
/// so it adds nothing to the output); error lines are reported as in the file. Templates
/// are scanned first (`TemplateScan`, `TemplateGraph`): too large, nested too deep,
/// including themselves or using dynamic names, they are errors and nothing is rendered.
package struct TemplateSet: Sendable {
    let library: MustacheLibrary
    /// False when loading found an error: then nothing is rendered.
    let usable: Bool
    package let names: Set<String>
    /// The partials rendered once per widget and folder depth (`PartialCache`); empty in a
    /// set with errors.
    let cacheable: Set<String>
    /// The template files as read: where the build's own check traces a reference a
    /// template wrote (`SourceTrace`).
    package var sources: [TextFile] = []
    /// False when `templates/` could not be read at all (reported by the load stage): a
    /// widget's template is then not reported missing, the folder is.
    package var folderRead = true
    /// The templates that hold only whitespace (a widget's template must not be one).
    package var emptyNames: Set<String> = []
    /// The templates that show `{{#scripts}}` (themselves or through what they include or
    /// extend): a widget with `scripts:` whose template is not among them never loads them.
    var loadsScripts: Set<String> = []

    /// The templates of `files`; `unreadable` are the `relative` paths of templates that
    /// exist but could not be read (already reported): they count as existing, and
    /// nothing is rendered.
    package static func load(_ files: [TextFile], unreadable: [String] = [], folderRead: Bool = true) -> (TemplateSet, [Finding]) {
        var library = MustacheLibrary()
        var names = Set(unreadable.map { String($0.dropLast(".mustache".count)) })
        var findings: [Finding] = []
        var scans: [(name: String, file: TextFile, scan: TemplateScan)] = []
        EscapedHTML.registered
        for file in files {
            let name = String(file.relative.dropLast(".mustache".count))
            names.insert(name)
            // Checked before swift-mustache parses the text: its parser recurses once per level.
            guard file.text.utf8.count <= TemplateScan.maxBytes else {
                findings.append(Finding(.templateSize,
                                        "template is \(file.text.utf8.count) bytes; Placard reads templates of at most \(TemplateScan.maxBytes) bytes (1 MiB)",
                                        at: SourceLocation(file: file.path)))
                continue
            }
            let scan = TemplateScan(file.text)
            if let at = scan.tooDeep {
                findings.append(Finding(.templateDepth,
                                        "sections, parents and blocks nest more than \(TemplateScan.maxDepth) deep here; Placard refuses deeper templates (check for a missing {{/name}})",
                                        at: SourceLocation(file: file.path, line: at.line, column: at.column)))
                continue
            }
            scans.append((name, file, scan))
            do {
                library.register(try MustacheTemplate(string: EscapedHTML.pragma + file.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                if case .sectionCloseNameIncorrect? = error.error as? MustacheTemplate.Error, let (open, close) = scan.mismatchedClose {
                    let opener = ["#": "section", "^": "inverted section", "$": "block", "<": "parent"]
                    let kind: String, sigil: String
                    switch open.kind {
                    case .inverted: (kind, sigil) = (opener["^"]!, "^")
                    case .block: (kind, sigil) = (opener["$"]!, "$")
                    case .parent: (kind, sigil) = (opener["<"]!, "<")
                    default: (kind, sigil) = (opener["#"]!, "#")
                    }
                    findings.append(Finding(.templateSyntax,
                                            "template error: {{/\(close.name)}} closes the \(kind) {{\(sigil)\(open.name)}} opened on line \(open.line), which is still open; close it with {{/\(open.name)}} first (or fix the name)",
                                            at: SourceLocation(file: file.path, line: close.line, column: close.column)))
                    continue
                }
                findings.append(Finding(.templateSyntax,
                                        "template error: \(describe(error.error)) in '\(error.context.line.trimmed)'",
                                        at: SourceLocation(file: file.path, line: error.context.lineNumber - 1, column: error.context.columnNumber)))
            } catch {
                findings.append(Finding(.templateSyntax, "template error: \(error)", at: SourceLocation(file: file.path)))
            }
        }
        // An empty template renders nothing: every page made through it would be an empty
        // file, reported at dist/… by the output check. Said at the template instead (a
        // parent here; a widget's own template in `Renderer.Plan`).
        let empty = Set(files.filter { $0.text.allSatisfy(\.isWhitespace) }.map { String($0.relative.dropLast(".mustache".count)) })
        var reportedEmpty: Set<String> = []
        for (_, file, scan) in scans {
            for reference in scan.references where reference.isParent && empty.contains(reference.name) && !reportedEmpty.contains(reference.name) {
                reportedEmpty.insert(reference.name)
                findings.append(Finding(.templateEmpty,
                                        "templates/\(reference.name).mustache is empty, so every page made through it (\(file.path) extends it) would be an empty file; give it the page's HTML (run 'placard init' in a new folder for the default one)",
                                        at: SourceLocation(file: "templates/\(reference.name).mustache", line: 1, column: 1)))
            }
        }
        for (_, file, scan) in scans {
            for reference in scan.references {
                let kind = reference.isParent ? "parent" : "partial"
                if reference.isDynamic {
                    findings.append(Finding(reference.isParent ? .templateParentDynamic : .templatePartialDynamic,
                                            "dynamic \(kind) '*\(reference.name)' is not supported: its template is only known while rendering, so Placard cannot check that it exists and does not include itself; name the template",
                                            at: SourceLocation(file: file.path, line: reference.line, column: reference.column)))
                } else if !reference.name.isEmpty, !names.contains(reference.name) {
                    findings.append(Finding(reference.isParent ? .templateParentMissing : .templatePartialMissing,
                                            "\(kind) '\(reference.name)' does not exist: there is no templates/\(reference.name).mustache.\(Suggestion.didYouMean(reference.name, in: names.sorted()))",
                                            at: SourceLocation(file: file.path, line: reference.line, column: reference.column)))
                }
            }
        }
        findings += TemplateGraph(scans.map { ($0.name, $0.file.path, $0.scan) }).findings()
        // Names and blocks are checked in a set that renders: before, they would be noise.
        if !findings.hasErrors { findings += TemplateNames.findings(scans.map { ($0.name, $0.file.path, $0.scan) }) }
        // Nothing is rendered through a set with errors: a cycle would never end.
        let usable = !findings.hasErrors && unreadable.isEmpty
        let cacheable = usable ? PartialCache.cacheable(Dictionary(scans.map { ($0.name, $0.scan) }, uniquingKeysWith: { a, _ in a })) : []
        var set = TemplateSet(library: usable && folderRead ? library : MustacheLibrary(), usable: usable && folderRead, names: names, cacheable: cacheable,
                            sources: files, folderRead: folderRead, emptyNames: empty)
        set.loadsScripts = Self.showing("scripts", in: Dictionary(scans.map { ($0.name, $0.scan) }, uniquingKeysWith: { a, _ in a }))
        return (set, findings)
    }

    /// The templates that use `name` (or a name inside it) themselves or in a template they
    /// include or extend, at any depth.
    static func showing(_ name: String, in scans: [String: TemplateScan]) -> Set<String> {
        var found: Set<String> = []
        for start in scans.keys {
            var seen: Set<String> = [], queue = [start]
            while let next = queue.popLast() {
                guard seen.insert(next).inserted, let scan = scans[next] else { continue }
                if scan.names.contains(where: { $0.name == name || $0.name.hasPrefix(name + ".") }) {
                    found.insert(start)
                    break
                }
                queue += scan.references.filter { !$0.isDynamic }.map(\.name)
            }
        }
        return found
    }

    /// The page, or nil when the set has errors (nothing is rendered then). `library` is
    /// one from `library(caching:)`, or the set's own.
    func render(_ context: TemplateObject, template: String, library: MustacheLibrary? = nil) -> String? {
        guard usable else { return nil }
        return (library ?? self.library).render(context, withTemplate: template)
    }

    /// The set's library with each cacheable partial replaced by its output for `context`
    /// (a page context of one widget and folder depth), or nil when nothing is cacheable.
    /// An output with a tag's opening braces in it is left to be rendered on every page:
    /// as a template it would be read as tags.
    func library(caching context: TemplateObject) -> MustacheLibrary? {
        guard usable, !cacheable.isEmpty else { return nil }
        var cached = library
        for name in cacheable.sorted() {
            guard let output = library.render(context, withTemplate: name), !output.contains("{{"),
                  let template = try? MustacheTemplate(string: output) else { continue }
            cached.register(template, named: name)
        }
        return cached
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

