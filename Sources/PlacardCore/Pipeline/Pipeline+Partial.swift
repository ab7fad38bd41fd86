import PlacardRules
import PlacardSystem

/// Load and parse for serve's partial scopes: what an edit changed is read and parsed
/// again into the kept `BuildMemory`, and the part of the site to render is worked out.
///
/// An edit of one page re-reads and re-parses that page only, and renders it alone unless
/// the edit changed what the widget's other pages show of it (its title, weight or
/// languages, or the page appearing or going away): then the widget is rendered whole from
/// the kept parse. A file that is new, gone or unreadable, or a widget's `index.md`, has the
/// widget read again from disk, as `.widgets` does.
extension Pipeline {
    /// The part to render after loading and parsing `scope`, or nil when it takes a full run.
    mutating func loadPart(_ scope: BuildScope, _ report: inout BuildReport) -> Part? {
        let known = Set(widgetIDs)
        switch scope {
        case .site:
            return nil
        case .widgets(let ids):
            guard !ids.isEmpty, ids.isSubset(of: known), report.time("load", { reload(widgets: ids) }) else { return nil }
            report.time("parse") { for id in ids.sorted() { reparse(widget: id) } }
            // No widget left to publish (the last one became a draft): the full run says so.
            if publishesNothing { return nil }
            return Part(selection: RenderSelection(widgets: ids))
        case .pages(let changes):
            guard !changes.isEmpty, Set(changes.keys).isSubset(of: known),
                  let (whole, edited) = report.time("load", { readEdited(changes) }) else { return nil }
            var widgets = whole
            var part = Part(selection: RenderSelection(widgets: []))
            report.time("parse") {
                for id in whole.sorted() { reparse(widget: id) }
                for (id, slugs) in edited.sorted(by: { $0.key < $1.key }) {
                    if let (render, files) = reparse(pages: slugs, of: id) {
                        part.selection.pages[id] = render
                        part.replaced[id] = files
                    } else {
                        widgets.insert(id)
                    }
                }
            }
            if publishesNothing { return nil }
            part.selection.widgets = widgets
            return part
        }
    }

    /// The kept site has no widget left, as when an edit made the last one a draft: only a
    /// full run checks that (`content.drafts-only`), so the partial one gives way to it.
    private var publishesNothing: Bool { memory?.site.widgets.isEmpty ?? true }

    /// Reads each edited page again into the kept sources. Returns the widgets read again
    /// whole (their set of files may have changed) and, per other widget, the slugs of the
    /// edited pages; nil when a widget is gone.
    private mutating func readEdited(_ changes: [String: Set<String>]) -> (whole: Set<String>, edited: [String: Set<String>])? {
        guard var memory else { return nil }
        var whole: Set<String> = [], edited: [String: Set<String>] = [:]
        for (id, paths) in changes {
            guard let w = memory.tree.widgets.firstIndex(where: { $0.id == id }) else { return nil }
            for path in paths.sorted() {
                guard let (file, text) = readEdited(path, in: memory.tree.widgets[w], languages: memory.config.languages) else {
                    whole.insert(id)
                    break
                }
                memory.tree.widgets[w].markdown[file].text = text
                edited[id, default: []].insert(Parser.splitName(memory.tree.widgets[w].markdown[file].relative, languages: memory.config.languages).slug)
            }
        }
        for id in whole { edited[id] = nil }
        self.memory = memory
        return reload(widgets: whole) ? (whole, edited) : nil
    }

    /// Reads the folders of these widgets into the kept sources again; false when one is gone.
    private mutating func reload(widgets ids: Set<String>) -> Bool {
        for id in ids.sorted() {
            let (files, found) = Loader(project: project).loadWidget(id)
            guard let files, let index = memory?.tree.widgets.firstIndex(where: { $0.id == id }) else { return false }
            memory?.tree.widgets[index] = files
            memory?.loadFindings.removeAll { BuildMemory.owner(of: $0) == id }
            memory?.loadFindings += found
        }
        return true
    }

    /// The index in `files.markdown` and the new text of an edited page, or nil when the
    /// widget must be read again: `index.md`, a file the sources do not have (new, or
    /// unreadable before), one that is gone, no longer a plain file, or unreadable now.
    private func readEdited(_ path: String, in files: WidgetFiles, languages: Set<String>) -> (Int, String)? {
        guard let index = files.markdown.firstIndex(where: { $0.path == path }),
              Parser.splitName(files.markdown[index].relative, languages: languages).slug != "index" else { return nil }
        let full = Path.join(project.root, path)
        guard FileSystem.kind(of: full) == .file else { return nil }
        var found: [Finding] = []
        guard let text = Loader.readText(full, display: path, findings: &found), found.isEmpty else { return nil }
        return (index, text)
    }

    /// Parses one widget of the kept sources again into the kept site.
    private mutating func reparse(widget id: String) {
        guard var memory, let files = memory.tree.widgets.first(where: { $0.id == id }) else { return }
        var found: [Finding] = []
        let widget = Parser.parseWidget(files, config: memory.config, findings: &found)
        memory.parseFindings[id] = found
        var byID = Dictionary(memory.site.widgets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        byID[id] = widget
        memory.site.widgets = memory.tree.widgets.compactMap { byID[$0.id] }
        self.memory = memory
    }

    /// Parses the pages `slugs` of a widget again into the kept site. Returns the slugs to
    /// render and the files whose findings they replace, or nil when the whole widget must
    /// be rendered (what its other pages show of an edited page changed, or the widget is
    /// not in the site).
    private mutating func reparse(pages slugs: Set<String>, of id: String) -> (Set<String>, Set<String>)? {
        guard !slugs.contains("index"), var memory, let files = memory.tree.widgets.first(where: { $0.id == id }),
              let w = memory.site.widgets.firstIndex(where: { $0.id == id }) else {
            reparse(widget: id)
            return nil
        }
        var widget = memory.site.widgets[w]
        var render: Set<String> = [], replaced: Set<String> = [], sameNavigation = true
        for slug in slugs.sorted() {
            let (page, pageFiles, found) = Parser.parsePage(slug, in: files, defaultLanguage: memory.config.defaultLanguage, languages: memory.config.languages)
            if page?.isDraft == true || widget.draftSlugs.contains(slug) {
                // Whether a draft is built decides the widget's page list and its links.
                reparse(widget: id)
                return nil
            }
            memory.parseFindings[id] = (memory.parseFindings[id] ?? []).filter { !pageFiles.contains($0.location?.file ?? "") } + found
            replaced.formUnion(pageFiles)
            let old = widget.pages.firstIndex { $0.slug == slug }
            if Self.navigationKey(old.map { widget.pages[$0] }) != Self.navigationKey(page) { sameNavigation = false }
            switch (old, page) {
            case let (old?, page?): widget.pages[old] = page
            case let (old?, nil): widget.pages.remove(at: old)
            case let (nil, page?): widget.pages.append(page)
            case (nil, nil): break
            }
            if page != nil { render.insert(slug) }
        }
        widget.unbuiltSlugs = Parser.unbuiltSlugs(files, built: widget.pages, languages: memory.config.languages)
        if !sameNavigation {
            Parser.sortPages(&widget.pages)
            widget.languages = Parser.languages(of: widget.pages, defaultLanguage: memory.config.defaultLanguage)
        }
        if !sameNavigation { widget.settlePages() }
        memory.site.widgets[w] = widget
        self.memory = memory
        return sameNavigation ? (render, replaced) : nil
    }

    /// What the other pages of a widget (navigation, order, languages, links, the search
    /// index's page ids) see of a page.
    private static func navigationKey(_ page: Page?) -> [String]? {
        page.map { page in ["\(page.weight)", "\(page.search)"] + page.versions.flatMap { [$0.language, $0.title] } }
    }
}
