import PlacardRules

/// Finds files of a widget folder whose place in the bundle is taken by a file the build
/// generates: a page, the runtime script or stylesheet, `placement.json`, or a copy of
/// `content/_shared/`.
///
/// Exists because the bundle stage writes the generated files and the widget's own files
/// into the same folder: `content/<w>/placement.json`, or `faq.html` next to `faq.md`,
/// would silently replace the generated file or be replaced by it. Each collision is an
/// error at the source file. Only in-memory names are compared (no file system access).
enum OutputCollisions {
    static func findings(_ site: Site, runtime: RuntimeAssets) -> [Finding] {
        var findings: [Finding] = []
        var reportedShared: Set<String> = []
        for widget in site.widgets {
            // Bundle path → what generates it; pages by index, named only when one collides.
            var generated: [String: String] = [
                runtime.script.name: "Placard's runtime script",
                runtime.style.name: "Placard's runtime stylesheet",
                "placement.json": "the widget's placement.bind body",
                widget.pageList.file.name: "the widget's page list",
            ]
            let searchable = SearchIndex.isSearchable(widget)
            if searchable { generated[runtime.search.name] = "Placard's search script" }
            var pages: [String: Int] = [:]
            for (index, page) in widget.pages.enumerated() { pages[page.outputPath] = index }
            func what(_ path: String) -> String? {
                if let what = generated[path] { return what }
                if searchable, path.hasPrefix("search/") { return "in the folder of the widget's search index (search/)" }
                guard let index = pages[path] else { return nil }
                let page = widget.pages[index]
                return "the page made from \(page.versions.first?.file ?? "content/\(widget.id)/\(page.slug).md")"
            }
            for shared in site.shared {
                let path = "_shared/" + shared.relative
                let existing = what(path)
                if let existing, reportedShared.insert(shared.relative).inserted {
                    findings.append(collision("content/_shared/\(shared.relative)", bundlePath: "\(widget.id)/\(path)", what: existing))
                }
                generated[path] = existing ?? "the copy of content/_shared/\(shared.relative)"
            }
            for asset in widget.assets {
                if let what = what(asset.relative) {
                    findings.append(collision("content/\(widget.id)/\(asset.relative)", bundlePath: "\(widget.id)/\(asset.relative)", what: what))
                }
            }
            // Paths that differ only in letter case (`Tone.md` next to `tone.md`): one file on
            // macOS and Windows, where the bundle is often unpacked, edited or zipped.
            var entries: [(path: String, source: String?)] = generated.keys.sorted().map { ($0, nil) }
            entries += widget.pages.map { ($0.outputPath, $0.versions.first?.file ?? "content/\(widget.id)/\($0.slug).md") }
            entries += widget.assets.map { ($0.relative, "content/\(widget.id)/\($0.relative)") }
            findings += caseCollisions(entries, folder: widget.id)
        }
        findings += caseCollisions(site.widgets.map { ($0.id, "content/\($0.id)/index.md") }, folder: nil)
        return findings
    }

    /// One finding per path of `entries` that differs from an earlier one only in letter case,
    /// at its source (or the earlier one's, when it is generated).
    static func caseCollisions(_ entries: [(path: String, source: String?)], folder: String?) -> [Finding] {
        var seen: [String: (path: String, source: String?)] = [:], findings: [Finding] = []
        let shown = { (path: String) in folder.map { "\($0)/\(path)" } ?? "\(path)/" }
        for entry in entries {
            let key = entry.path.lowercased()
            guard let first = seen[key] else { seen[key] = entry; continue }
            guard first.path != entry.path, let source = entry.source ?? first.source else { continue }
            let other = entry.source == nil ? entry.path : first.path
            let mine = entry.source == nil ? first.path : entry.path
            findings.append(Finding(.assetCollision,
                                    "\(source) would be written to \(shown(mine)), which differs from \(shown(other)) only in letter case: on macOS and Windows they are one file, so one would replace the other; rename one of them",
                                    at: SourceLocation(file: source)))
        }
        return findings
    }

    private static func collision(_ file: String, bundlePath: String, what: String) -> Finding {
        Finding(.assetCollision,
                "\(file) would be written to \(bundlePath), which is \(what); rename or move the file",
                at: SourceLocation(file: file))
    }
}
