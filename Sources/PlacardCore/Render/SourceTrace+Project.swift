import PlacardRules
import PlacardSystem

extension SourceTrace {
    /// Verify's findings about `directory` (the project's built output, shown as `label`)
    /// moved to the project's sources: a page's reference to the Markdown or template line
    /// that wrote it, a key of a bundle's `placement.json` to the front matter of its
    /// `index.md` (or, for HANDLER, to `baseURL`/`hosting` in placard.yml). Findings that
    /// cannot be traced stay where they are; the sources are read only when some finding
    /// is about an output file.
    package static func trace(_ findings: [Finding], project: Project, directory: String, label: String) -> [Finding] {
        trace(findings, project: project, label: label) { relative in
            try? FileSystem.read(Path.join(directory, relative), limit: 32 << 20)
        }
    }

    /// `trace` over output files read by `read` (relative path → bytes), such as a build
    /// held in memory (`placard check`).
    package static func trace(_ findings: [Finding], project: Project, label: String, read: (String) -> [UInt8]?) -> [Finding] {
        let prefix = label.isEmpty ? "" : label + "/"
        guard findings.contains(where: { $0.location.map { $0.line > 0 && $0.file.hasPrefix(prefix) } == true }) else { return findings }
        let (tree, _) = Loader(project: project).load()
        let (config, _) = Config.parse(tree.configText, file: Config.fileName)
        let (site, _) = Parser.parse(tree, config: config)
        let widgets = Dictionary(site.widgets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let files = Dictionary(tree.widgets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var outputs: [String: [UInt8]] = [:]
        return findings.map { finding in
            guard let location = finding.location, location.line > 0, location.file.hasPrefix(prefix) else { return finding }
            let relative = String(location.file.dropFirst(prefix.count))
            guard let slash = relative.firstIndex(of: "/") else { return finding }
            let id = String(relative[..<slash]), inside = String(relative[relative.index(after: slash)...])
            if outputs[relative] == nil { outputs[relative] = read(relative) ?? [] }
            let bytes = outputs[relative] ?? []
            if inside == "placement.json", let widget = files[id] {
                let key = jsonKeyPath(at: location, in: bytes)
                return moved(finding, to: bindingSource(key, widget: widget, config: config, configText: tree.configText))
            }
            guard inside.hasSuffix(".html"), let widget = widgets[id],
                  let page = widget.pages.first(where: { $0.outputPath == inside }),
                  let subject = subject(at: location, in: bytes) else { return finding }
            return moved(finding, to: locate(subject, versions: page.versions, templates: tree.templates, preferred: widget.template))
        }
    }

    /// Where the value of a `placement.json` key comes from.
    static func bindingSource(_ key: [String], widget files: WidgetFiles, config: Config, configText: String?) -> SourceLocation? {
        guard let top = key.first else { return nil }
        if top == "HANDLER" {
            guard let text = configText, case .success(let fields) = YAMLMapping.parse(text, file: Config.fileName, lineOffset: 0) else {
                return SourceLocation(file: Config.fileName)
            }
            let field = fields["baseURL"] ?? fields["hosting"]
            return field.map { SourceLocation(file: Config.fileName, line: $0.line, column: $0.column) } ?? SourceLocation(file: Config.fileName)
        }
        var file = "index.md", name: String
        switch top {
        case "PLACEMENT": name = "placement"
        case "TITLE": name = "title"
        case "DESCRIPTION": name = "description"
        case "OPTIONS": name = "options"
        case "LANG_ALL":
            guard key.count >= 3 else { return nil }
            if key[1] != config.defaultLanguage { file = "index.\(key[1]).md" }
            name = key[2] == "DESCRIPTION" ? "description" : "title"
        default: return nil
        }
        guard let source = files.markdown.first(where: { $0.relative == file }),
              case .success(let frontMatter) = FrontMatter.split(source.text, file: source.path) else { return nil }
        let at = { (field: YAMLMapping.Field) in SourceLocation(file: source.path, line: field.line, column: field.column) }
        guard let field = frontMatter.fields[name] else {
            // OPTIONS without `options:` are the placement's defaults, made from `placement:`.
            return frontMatter.fields["placement"].map(at) ?? SourceLocation(file: source.path)
        }
        if name == "options", key.count >= 2, case .mapping(let options) = field.value, let option = options[key[1]] {
            return at(option)
        }
        return at(field)
    }
}
