import PlacardSystem
import PlacardRules
import PlacardVerify

/// The load stage: reads `placard.yml`, `content/` and `templates/` into a `SourceTree`.
///
/// Exists to be the single place that touches the project's files, so that symlinks and
/// paths escaping the project, non-UTF-8 text and unreadable files are caught once, with
/// the file named, before any other stage runs.
package struct Loader: Sendable {
    package let project: Project

    package init(project: Project) { self.project = project }

    package func load() -> (SourceTree, [Finding]) {
        var findings: [Finding] = []
        let reads = DeferredReads()
        var tree = SourceTree(configText: nil, widgets: [], shared: [], templates: [], stylesheet: nil)
        // A project folder that is not there: one sentence about it, not one per missing part.
        if !FileSystem.isDirectory(project.root) {
            let what = FileSystem.kind(of: project.root) == .missing ? "does not exist" : "is not a folder"
            findings.append(Finding(.projectContentMissing,
                                    "the project folder \(DisplayText.escaped(project.root)) \(what); pass the project's folder with --root, or create a project with 'placard init <folder>'",
                                    at: SourceLocation(file: DisplayText.escaped(project.root))))
            return (tree, findings)
        }

        // placard.yml, content/ and templates/ follow the same rule as every file below them:
        // a symlink is followed only when its target stays inside the project.
        switch topLevel(project.configPath, display: Config.fileName, findings: &findings) {
        case .file: tree.configText = readText(project.configPath, display: Config.fileName, findings: &findings)
        case .directory:
            findings.append(Finding(.projectConfigNotAFile, "\(Config.fileName) is a folder; it must be a YAML file (or absent for the defaults)",
                                    at: SourceLocation(file: Config.fileName)))
        default: break
        }

        let contentKind = topLevel(project.contentPath, display: "content", findings: &findings)
        if contentKind != .directory {
            if contentKind != nil {
                findings.append(Finding(.projectContentMissing,
                                        "no content/ folder in \(project.root); create content/<widget-id>/index.md, or run 'placard init'",
                                        at: SourceLocation(file: "content")))
            }
        } else {
            for name in list(project.contentPath, display: "content", findings: &findings) {
                if name.hasPrefix(".") { continue }
                let display = "content/\(name)"
                let path = Path.join(project.contentPath, name)
                guard let (kind, target) = follow(path, display: display, findings: &findings) else { continue }
                if kind != .directory {
                    findings.append(Finding(.contentStrayFile,
                                            "\(display) is not inside a widget folder and is ignored; move it to content/<widget-id>/ or content/_shared/",
                                            at: SourceLocation(file: display)))
                    continue
                }
                if name == "_shared" {
                    var markdown: [TextFile] = []
                    walk(path, display: display, real: target, markdown: &markdown, assets: &tree.shared, findings: &findings, reads: reads)
                    continue
                }
                if name.hasPrefix("_") { continue }
                guard Project.isValidWidgetID(name) else {
                    findings.append(Finding(.widgetIdInvalid,
                                            "widget folder '\(name)' is not a valid widget id: use lower-case letters, digits, '-' and '_' (it becomes the bundle's URL path)",
                                            at: SourceLocation(file: display)))
                    continue
                }
                var widget = WidgetFiles(id: name, markdown: [], assets: [])
                let before = findings.count
                reads.widget = name
                walk(path, display: display, real: target, markdown: &widget.markdown, assets: &widget.assets, findings: &findings, reads: reads)
                reads.widget = nil
                for i in before..<findings.count { findings[i].widget = name }
                tree.widgets.append(widget)
            }
            if tree.widgets.isEmpty {
                findings.append(Finding(.contentEmpty, "content/ has no widget folders; add content/<widget-id>/index.md",
                                        at: SourceLocation(file: "content")))
            }
        }

        let templatesKind = topLevel(project.templatesPath, display: "templates", findings: &findings)
        if templatesKind != .directory {
            tree.templatesRead = false
            if templatesKind != nil {
                findings.append(Finding(.projectTemplatesMissing,
                                        "no templates/ folder in \(project.root); it needs base.mustache and one template per placement (run 'placard init' for a starting set)",
                                        at: SourceLocation(file: "templates")))
            }
        } else {
            var files: [TextFile] = []
            var assets: [Asset] = []
            walk(project.templatesPath, display: "templates", markdown: &files, assets: &assets, findings: &findings, reads: reads, textExtension: ".mustache")
            tree.templates = files
            if let css = assets.first(where: { $0.relative == "style.css" }) {
                if let text = readText(css.source, display: "templates/style.css", findings: &findings) {
                    tree.stylesheet = TextFile(path: "templates/style.css", relative: "style.css", text: text)
                }
            }
        }
        let texts = reads.run(into: &findings)
        for i in tree.widgets.indices {
            tree.widgets[i].unreadable = DeferredReads.unread(tree.widgets[i].markdown, texts)
            tree.widgets[i].markdown = DeferredReads.fill(tree.widgets[i].markdown, texts)
        }
        tree.unreadableTemplates = DeferredReads.unread(tree.templates, texts)
        tree.templates = DeferredReads.fill(tree.templates, texts)
        return (tree, findings)
    }

    /// Reads the files of one widget again (for `serve`'s partial rebuilds).
    package func loadWidget(_ id: String) -> (WidgetFiles?, [Finding]) {
        var findings: [Finding] = []
        let path = Path.join(project.contentPath, id)
        guard FileSystem.isDirectory(path) else { return (nil, findings) }
        var widget = WidgetFiles(id: id, markdown: [], assets: [])
        let reads = DeferredReads()
        walk(path, display: "content/\(id)", markdown: &widget.markdown, assets: &widget.assets, findings: &findings, reads: reads)
        let texts = reads.run(into: &findings)
        widget.unreadable = DeferredReads.unread(widget.markdown, texts)
        widget.markdown = DeferredReads.fill(widget.markdown, texts)
        return (widget, findings.inWidget(id))
    }

    /// Reads one tree (a widget, `_shared/` or `templates/`) with `FolderWalk`'s rules:
    /// Markdown (or `textExtension`) files are read later, on all cores; other files are
    /// assets; everything the walk leaves out is a finding at it.
    private func walk(_ path: String, display: String, real: String? = nil,
                      markdown: inout [TextFile], assets: inout [Asset], findings: inout [Finding],
                      reads: DeferredReads, textExtension: String = ".md") {
        FolderWalk.walk(path, real: real, inside: project.realRoot, skipHidden: true) { event in
            switch event {
            case .entry(let relative, let absolute, .file(let size)):
                let shown = display + "/" + relative
                if relative.hasSuffix(textExtension) {
                    reads.add(path: absolute, display: shown, findingIndex: findings.count)
                    markdown.append(TextFile(path: shown, relative: relative, text: ""))
                } else {
                    // The bound verify, check and package apply to text files of a bundle: a
                    // build that succeeds must verify clean.
                    if size > VerifyInput.maximumScannedSize, VerifyInput.isScanned(relative) {
                        findings.append(Finding(.pathTooLarge,
                                                "\(shown) has \(size) bytes; verify, check and package read HTML, CSS, JavaScript and JSON files of at most \(VerifyInput.maximumScannedSize >> 20) MiB and refuse the bundle otherwise: make it smaller (minify, split) or leave it out",
                                                at: SourceLocation(file: shown)))
                    }
                    assets.append(Asset(source: absolute, relative: relative))
                }
            case .entry(let relative, _, let entry):
                if let finding = Self.finding(entry, display: display + "/" + relative) { findings.append(finding) }
            case .cycle(let relative):
                let shown = display + "/" + relative
                findings.append(Finding(.pathSymlinkCycle,
                                        "\(shown) is a symlink to a folder that contains it, so reading it would never end; remove the link",
                                        at: SourceLocation(file: shown)))
            case .repeated(let relative, let first):
                let shown = display + "/" + relative
                findings.append(Finding(.pathSymlinkDuplicate,
                                        "\(shown) is the folder \(first.isEmpty ? display : display + "/" + first) again (reached through a symlink) and is left out; remove the link, or link to the files instead",
                                        at: SourceLocation(file: shown)))
            case .undecodableName(let relative):
                findings.append(Self.undecodable(display + "/" + relative))
            case .unreadable(let relative, let error):
                findings.append(Finding(.pathUnreadable, "\(error); check its permissions",
                                        at: SourceLocation(file: relative.isEmpty ? display : display + "/" + relative)))
            case .tooDeep(let relative):
                let shown = display + "/" + relative
                findings.append(Finding(.pathTooDeep, "\(shown) is more than 64 folders deep and is left out; flatten the folders",
                                        at: SourceLocation(file: shown)))
            }
        }
    }

    /// The kind of `placard.yml`, `content` or `templates` under the walk's rules:
    /// `.missing` when absent, nil (with a finding) when refused.
    private func topLevel(_ path: String, display: String, findings: inout [Finding]) -> FileSystem.Kind? {
        if FileSystem.kind(of: path) == .missing { return .missing }
        return follow(path, display: display, findings: &findings)?.kind
    }

    /// The kind of `path` after following a symlink that stays inside the project (with the
    /// link's real target); nil (with a finding) for a symlink escaping it, a dangling one,
    /// a loop, or anything that is neither a regular file nor a folder.
    private func follow(_ path: String, display: String, findings: inout [Finding]) -> (kind: FileSystem.Kind, target: String?)? {
        switch FolderWalk.entry(path, inside: project.realRoot) {
        case .file: return (.file, nil)
        case .folder(let target): return (.directory, target)
        case let entry:
            if let finding = Self.finding(entry, display: display) { findings.append(finding) }
            return nil
        }
    }

    /// A name that is not UTF-8, shown with its bytes escaped.
    static func undecodable(_ shown: String) -> Finding {
        Finding(.pathNameEncoding, "\(shown): the name is not valid UTF-8 (bytes shown as \\xNN), so it would be left out of the build; rename it",
                at: SourceLocation(file: shown))
    }

    /// The finding for an entry the walk does not take.
    static func finding(_ entry: FolderWalk.Entry, display: String) -> Finding? {
        let at = SourceLocation(file: display)
        switch entry {
        case .file, .folder: return nil
        case .loop:
            return Finding(.pathSymlinkLoop, "\(display) is a symlink loop (its links lead back to each other); remove it or point it at a real file", at: at)
        case .dangling:
            return Finding(.pathSymlinkDangling, "\(display) is a symlink to a missing file; remove it or restore its target", at: at)
        case .unfollowable(let code):
            return Finding(.pathUnreadable, "\(display) is a symlink that cannot be followed (\(String(cString: strerror(code)))); check its target", at: at)
        case .outside(let real):
            return Finding(.pathEscape, "\(display) is a symlink to '\(real)', outside the project; copy the file into the project instead", at: at)
        case .special:
            return Finding(.pathSpecial, "\(display) is not a regular file or folder (a FIFO, socket or device); Placard reads only regular files: remove it or replace it with a file", at: at)
        }
    }

    /// The UTF-8 names in a folder; a name that is not UTF-8 is an error at it (it could
    /// not become a page or a URL, and would otherwise vanish from the build).
    private func list(_ path: String, display: String, findings: inout [Finding]) -> [String] {
        do {
            let listing = try FileSystem.listing(path)
            for bytes in listing.undecodable where bytes.first != UInt8(ascii: ".") {
                findings.append(Self.undecodable(display + "/" + FileSystem.escapedName(bytes)))
            }
            return listing.names
        } catch {
            findings.append(Finding(.pathUnreadable, "\(error); check its permissions", at: SourceLocation(file: display)))
            return []
        }
    }

    private func readText(_ path: String, display: String, findings: inout [Finding]) -> String? {
        Self.readText(path, display: display, findings: &findings)
    }

    /// The largest Markdown, template or stylesheet file the load stage reads (16 MiB):
    /// far above any real page, and a bound on the memory one file can take.
    package static let maximumTextFileSize = 16 << 20

    static func readText(_ path: String, display: String, findings: inout [Finding]) -> String? {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(path, limit: maximumTextFileSize) } catch {
            if error.code == EFBIG {
                findings.append(Finding(.pathTooLarge, "\(display) is too large: \(error.reason ?? "")", at: SourceLocation(file: display)))
            } else {
                findings.append(Finding(.pathUnreadable, "\(error); check its permissions", at: SourceLocation(file: display)))
            }
            return nil
        }
        return UTF8Text.decode(bytes, file: display, findings: &findings)
    }
}

/// The text files a walk found, read afterwards on all cores.
///
/// Exists so that reading (and UTF-8 checking) thousands of pages is not one file after
/// the other, while the tree and the findings come out exactly as a one-by-one walk makes
/// them: each read's finding goes where the walk would have put it, and a file that could
/// not be read is left out of its list.
final class DeferredReads {
    private var jobs: [(path: String, display: String, findingIndex: Int, widget: String?)] = []
    /// The widget whose folder the walk is in; its reads' findings belong to it.
    var widget: String?

    func add(path: String, display: String, findingIndex: Int) {
        jobs.append((path, display, findingIndex, widget))
    }

    /// Reads every file; inserts the findings into `findings`; returns the texts by display path.
    func run(into findings: inout [Finding]) -> [String: String] {
        let jobs = self.jobs
        let results = ConcurrentMap.run(jobs.count) { i -> (String?, Finding?) in
            var found: [Finding] = []
            let text = Loader.readText(jobs[i].path, display: jobs[i].display, findings: &found)
            return (text, found.first)
        }
        var texts: [String: String] = [:]
        texts.reserveCapacity(jobs.count)
        var inserted = 0
        for (job, (text, finding)) in zip(jobs, results) {
            if let text { texts[job.display] = text }
            if var finding {
                finding.widget = job.widget
                findings.insert(finding, at: job.findingIndex + inserted)
                inserted += 1
            }
        }
        self.jobs = []
        return texts
    }

    /// The `relative` paths of the `files` that could not be read.
    static func unread(_ files: [TextFile], _ texts: [String: String]) -> [String] {
        files.filter { texts[$0.path] == nil }.map(\.relative)
    }

    /// `files` with their texts; those that could not be read are dropped.
    static func fill(_ files: [TextFile], _ texts: [String: String]) -> [TextFile] {
        files.compactMap { file in texts[file.path].map { TextFile(path: file.path, relative: file.relative, text: $0) } }
    }
}

/// Strict UTF-8 decoding that reports where the first bad byte is.
enum UTF8Text {
    static func decode(_ bytes: [UInt8], file: String, findings: inout [Finding]) -> String? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        // Find the first invalid sequence for the message.
        var line = 1, column = 1
        var iterator = body.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput: break loop
            case .error: break loop
            }
        }
        findings.append(Finding(.fileEncoding,
                                "\(file) is not valid UTF-8 (first bad byte at line \(line), column \(column)); save it as UTF-8",
                                at: SourceLocation(file: file, line: line, column: column)))
        return nil
    }
}
