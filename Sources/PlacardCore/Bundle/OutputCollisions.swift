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
        }
        return findings
    }

    private static func collision(_ file: String, bundlePath: String, what: String) -> Finding {
        Finding(.assetCollision,
                "\(file) would be written to \(bundlePath), which is \(what); rename or move the file",
                at: SourceLocation(file: file))
    }
}
