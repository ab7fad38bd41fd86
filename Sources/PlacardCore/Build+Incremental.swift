import Dispatch
import PlacardRules
import PlacardSystem

/// A build that stays in memory between rebuilds, for `placard serve`.
///
/// Exists so that a save costs what it changed: the loaded `SourceTree`, the parsed `Site`,
/// the templates, the runtime files and every finding are kept between rebuilds. An edit
/// of one page re-reads, re-parses, re-renders and rewrites that page only (its whole
/// widget when the edit changed what the other pages show of it: its title, weight or
/// languages); a widget whose files changed otherwise is read and parsed again and
/// published alone by `Writer.replace`. Like `Builder.build`, nothing is written while any
/// error is known; the first clean rebuild after a failed one writes the whole output.
public struct IncrementalBuild: Sendable {
    public let project: Project
    public private(set) var tree = SourceTree(configText: nil, widgets: [], shared: [], templates: [], stylesheet: nil)
    public private(set) var config = Config()
    /// Every finding of the current state (load, config, parse, templates, render).
    public private(set) var findings: [Finding] = []
    /// True when `dist/` may not match the tree (an earlier build had errors, or none ran yet).
    public private(set) var needsFullWrite = true

    /// What the last full build made that rebuilds reuse.
    private struct Cache: Sendable {
        var site: Site
        var templates: TemplateSet
        var runtime: RuntimeAssets
    }

    /// Nil until the first `rebuildAll`.
    private var cache: Cache?
    private var loadFindings: [Finding] = []
    private var configFindings: [Finding] = []
    private var templateFindings: [Finding] = []
    /// Parse findings per widget id; findings outside any widget folder are under "".
    private var parseFindings: [String: [Finding]] = [:]
    /// Render findings per widget id; findings outside any widget folder are under "".
    private var renderFindings: [String: [Finding]] = [:]

    public init(project: Project) { self.project = project }

    /// Ids of the widget folders in the loaded tree.
    public var widgetIDs: [String] { tree.widgets.map(\.id) }

    /// What a rebuild renders: everything, or some widgets whole and some pages of others.
    private enum Scope {
        case site
        /// `pages`: widget id → the slugs to render and the files whose findings they replace.
        case parts(widgets: Set<String>, pages: [String: (slugs: Set<String>, files: Set<String>)])
    }

    /// Loads, renders and writes everything.
    public mutating func rebuildAll() -> BuildReport {
        var report = BuildReport()
        let project = self.project
        let (tree, findings) = Self.timed("load", &report) { Loader(project: project).load() }
        self.tree = tree
        loadFindings = findings
        (config, configFindings) = Config.parse(tree.configText, file: Config.fileName)
        let config = self.config
        let (site, parsed) = Self.timed("parse", &report) { Parser.parse(tree, config: config) }
        parseFindings = Self.byOwner(parsed)
        let (templates, templateFindings) = Self.timed("render", &report) { TemplateSet.load(tree.templates, unreadable: tree.unreadableTemplates) }
        self.templateFindings = templateFindings
        cache = Cache(site: site, templates: templates, runtime: RuntimeAssets(stylesheet: site.stylesheet))
        finish(&report, scope: .site)
        return report
    }

    /// Re-reads `content/<id>/` of each widget and rebuilds those widgets only. A widget
    /// that appeared or vanished changes the site's list of bundles: that is a full rebuild.
    public mutating func rebuild(widgets ids: Set<String>) -> BuildReport {
        let known = Set(tree.widgets.map(\.id))
        guard cache != nil, !ids.isEmpty, ids.isSubset(of: known) else { return rebuildAll() }
        var report = BuildReport()
        guard Self.timed("load", &report, { reload(widgets: ids) }) else { return rebuildAll() }
        Self.timed("parse", &report) { for id in ids.sorted() { reparse(widget: id) } }
        finish(&report, scope: .parts(widgets: ids, pages: [:]))
        return report
    }

    /// Rebuilds after edits of Markdown files: `changes` maps a widget id to the
    /// project-relative paths of its edited files (`content/<id>/guide.de.md`).
    ///
    /// Each edited file that the tree already has is read again and its page parsed again
    /// in the cached site; only that page is rendered and written, unless the edit changed
    /// what the widget's other pages show of it (title, weight, languages, or the page
    /// appearing or going away), which re-renders the widget from the cached parse. A file
    /// that is new, gone or unreadable, or `index.md` (the widget's own front matter),
    /// rebuilds its widget from disk as `rebuild(widgets:)` does.
    public mutating func rebuild(pages changes: [String: Set<String>]) -> BuildReport {
        let known = Set(tree.widgets.map(\.id))
        guard cache != nil, !changes.isEmpty, Set(changes.keys).isSubset(of: known) else { return rebuildAll() }
        var report = BuildReport()
        // Load: the new text of each edited page; a widget whose set of files may have
        // changed is read again whole.
        let reloaded = Self.timed("load", &report) { () -> (whole: Set<String>, edited: [String: Set<String>])? in
            var whole: Set<String> = [], edited: [String: Set<String>] = [:]
            for (id, paths) in changes {
                guard let w = tree.widgets.firstIndex(where: { $0.id == id }) else { return nil }
                for path in paths.sorted() {
                    guard let (file, text) = readEdited(path, in: tree.widgets[w]) else {
                        whole.insert(id)
                        break
                    }
                    tree.widgets[w].markdown[file].text = text
                    edited[id, default: []].insert(Parser.splitName(tree.widgets[w].markdown[file].relative).slug)
                }
            }
            for id in whole { edited[id] = nil }
            return reload(widgets: whole) ? (whole, edited) : nil
        }
        guard let (whole, edited) = reloaded else { return rebuildAll() }
        // Parse: the edited pages in the cached site.
        var widgets = whole
        var pages: [String: (slugs: Set<String>, files: Set<String>)] = [:]
        Self.timed("parse", &report) {
            for id in whole.sorted() { reparse(widget: id) }
            for (id, slugs) in edited.sorted(by: { $0.key < $1.key }) {
                if let part = reparse(pages: slugs, of: id) { pages[id] = part } else { widgets.insert(id) }
            }
        }
        finish(&report, scope: .parts(widgets: widgets, pages: pages))
        return report
    }

    /// The widget a finding is about (as the loader, parser or renderer marked it), or ""
    /// for project-wide findings.
    static func owner(of finding: Finding) -> String { finding.widget ?? "" }

    static func byOwner(_ findings: [Finding]) -> [String: [Finding]] {
        var result: [String: [Finding]] = [:]
        for finding in findings { result[owner(of: finding), default: []].append(finding) }
        return result
    }

    /// Reads the folders of these widgets into the tree again; false when one is gone.
    private mutating func reload(widgets ids: Set<String>) -> Bool {
        for id in ids.sorted() {
            let (files, found) = Loader(project: project).loadWidget(id)
            guard let files, let index = tree.widgets.firstIndex(where: { $0.id == id }) else { return false }
            tree.widgets[index] = files
            loadFindings = loadFindings.filter { Self.owner(of: $0) != id } + found
        }
        return true
    }

    /// The index in `files.markdown` and the new text of an edited page, or nil when the
    /// widget must be read again: `index.md`, a file the tree does not have (new, or
    /// unreadable before), one that is gone, no longer a plain file, or unreadable now.
    private func readEdited(_ path: String, in files: WidgetFiles) -> (Int, String)? {
        guard let index = files.markdown.firstIndex(where: { $0.path == path }),
              Parser.splitName(files.markdown[index].relative).slug != "index" else { return nil }
        let full = Path.join(project.root, path)
        guard FileSystem.kind(of: full) == .file else { return nil }
        var found: [Finding] = []
        guard let text = Loader.readText(full, display: path, findings: &found), found.isEmpty else { return nil }
        return (index, text)
    }

    /// Parses one widget of the tree again into the cached site.
    private mutating func reparse(widget id: String) {
        guard let files = tree.widgets.first(where: { $0.id == id }) else { return }
        var found: [Finding] = []
        let widget = Parser.parseWidget(files, config: config, findings: &found)
        parseFindings[id] = found
        setWidget(id, widget)
    }

    /// Puts `widget` (nil: the widget does not build) into the cached site, in tree order.
    private mutating func setWidget(_ id: String, _ widget: Widget?) {
        guard var site = cache?.site else { return }
        var byID = Dictionary(site.widgets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        byID[id] = widget
        site.widgets = tree.widgets.compactMap { byID[$0.id] }
        cache?.site = site
    }

    /// Parses the pages `slugs` of a widget again into the cached site. Returns what to
    /// render, or nil when the whole widget must be rendered (what its other pages show of
    /// an edited page changed, or the widget is not in the site).
    private mutating func reparse(pages slugs: Set<String>, of id: String) -> (slugs: Set<String>, files: Set<String>)? {
        guard !slugs.contains("index"), let files = tree.widgets.first(where: { $0.id == id }),
              let w = cache?.site.widgets.firstIndex(where: { $0.id == id }), var widget = cache?.site.widgets[w] else {
            reparse(widget: id)
            return nil
        }
        var render: Set<String> = [], replaced: Set<String> = [], sameNavigation = true
        for slug in slugs.sorted() {
            let (page, pageFiles, found) = Parser.parsePage(slug, in: files, defaultLanguage: config.defaultLanguage)
            parseFindings[id] = (parseFindings[id] ?? []).filter { !pageFiles.contains($0.location?.file ?? "") } + found
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
        widget.unbuiltSlugs = Parser.unbuiltSlugs(files, built: widget.pages)
        if !sameNavigation {
            Parser.sortPages(&widget.pages)
            widget.languages = Parser.languages(of: widget.pages, defaultLanguage: config.defaultLanguage)
        }
        cache?.site.widgets[w] = widget
        return sameNavigation ? (render, replaced) : nil
    }

    /// What the other pages of a widget (navigation, order, languages, links) see of a page.
    private static func navigationKey(_ page: Page?) -> [String]? {
        page.map { page in ["\(page.weight)"] + page.versions.flatMap { [$0.language, $0.title] } }
    }

    private mutating func finish(_ report: inout BuildReport, scope: Scope) {
        guard let cache else { return }
        let site = cache.site
        let renderer = Renderer(templates: cache.templates, runtime: cache.runtime, config: config)
        var pages = Self.timed("render", &report) { () -> [RenderedPage] in
            switch scope {
            case .site:
                let (pages, found) = renderer.render(site)
                renderFindings = Self.byOwner(found)
                return pages
            case .parts(let widgets, let parts):
                var pages: [RenderedPage] = []
                if !widgets.isEmpty {
                    let (rendered, found) = renderer.render(site, only: widgets)
                    for id in widgets { renderFindings[id] = [] }
                    for finding in found { renderFindings[Self.owner(of: finding), default: []].append(finding) }
                    pages += rendered
                }
                for (id, part) in parts.sorted(by: { $0.key < $1.key }) {
                    let (rendered, found) = renderer.render(site, widget: id, pages: part.slugs)
                    renderFindings[id] = (renderFindings[id] ?? []).filter { !part.files.contains($0.location?.file ?? "") } + found
                    pages += rendered
                }
                return pages
            }
        }
        findings = loadFindings + configFindings + parseFindings.keys.sorted().flatMap { parseFindings[$0] ?? [] }
            + OutputCollisions.findings(site, runtime: cache.runtime) + templateFindings + renderFindings.keys.sorted().flatMap { renderFindings[$0] ?? [] }
        report.findings = findings
        report.unsafeWidgets = site.widgets.filter(\.unsafeHTML).map(\.id).sorted()
        var scope = scope
        if case .parts(let widgets, let parts) = scope {
            let touched = widgets.union(parts.keys)
            report.widgets = site.widgets.count { touched.contains($0.id) }
        } else {
            report.widgets = site.widgets.count
        }
        report.pages = pages.count
        guard !findings.hasErrors else {
            needsFullWrite = true
            return
        }
        if needsFullWrite, case .parts(let widgets, _) = scope {
            // The first clean build after a failed one: dist/ may lag behind in any widget,
            // so the widgets not rendered whole yet are rendered too (their findings are known).
            scope = .site
            let rest = Set(site.widgets.map(\.id)).subtracting(widgets)
            let more = Self.timed("render", &report) { renderer.render(site, only: rest).0 }
            pages = pages.filter { widgets.contains($0.widgetID) } + more
            report.widgets = site.widgets.count
            report.pages = pages.count
        }
        let project = self.project
        if case .site = scope, let refusal = OutputFolder.prepare(project) {
            needsFullWrite = true
            report.findings.append(Finding(.outputRefused, refusal.description, at: SourceLocation(file: Path.name(of: project.output))))
            report.refusal = refusal
            findings = report.findings
            return
        }
        let written = Self.timed("write", &report) { () -> Result<Int, FileSystem.Error> in
            var byWidget: [String: [RenderedPage]] = [:]
            for page in pages { byWidget[page.widgetID, default: []].append(page) }
            do throws(FileSystem.Error) {
                switch scope {
                case .site:
                    return .success(try Writer.write(Bundler.siteFiles(site, runtime: cache.runtime) { byWidget[$0] ?? [] }, to: project.output))
                case .parts(let widgets, _):
                    var count = 0
                    if !widgets.isEmpty {
                        let shared = [Bundler.placementsIndex(site)] + AppPages.files(for: site)
                        count += shared.count
                        for widget in site.widgets where widgets.contains(widget.id) {
                            let files = Bundler.files(for: widget, pages: byWidget[widget.id] ?? [], site: site, runtime: cache.runtime)
                            try Writer.replace(folder: widget.id, with: files, extra: shared, in: project.output)
                            count += files.count
                        }
                    }
                    let edited = pages.filter { !widgets.contains($0.widgetID) }
                        .map { OutputFile(path: $0.widgetID + "/" + $0.path, content: .text($0.html)) }
                    try Writer.update(edited, in: project.output)
                    return .success(count + edited.count)
                }
            } catch {
                return .failure(error)
            }
        }
        switch written {
        case .success(let count):
            report.files = count
            report.wrote = true
            needsFullWrite = false
        case .failure(let error):
            needsFullWrite = true
            report.findings.append(Finding(.writeFailed, "\(error); the previous output was left as it was",
                                           at: SourceLocation(file: Path.name(of: project.output))))
            findings = report.findings
        }
    }

    /// Times `body` as stage `name`; one right after a stage of the same name adds to it.
    @discardableResult
    private static func timed<T>(_ name: String, _ report: inout BuildReport, _ body: () -> T) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if report.stages.last?.name == name {
            report.stages[report.stages.count - 1].seconds += seconds
        } else {
            report.stages.append(.init(name: name, seconds: seconds))
        }
        return result
    }
}
