import Dispatch
import PlacardRules

/// A build that stays in memory between rebuilds, for `placard serve`.
///
/// Exists so that a one-page edit re-reads and re-renders only its widget: the loaded
/// `SourceTree` and the findings of every other widget are kept, and `Writer.replace`
/// publishes the one rebuilt bundle. Like `Builder.build`, nothing is written while any
/// error is known; the first clean rebuild after a failed one writes the whole output.
public struct IncrementalBuild: Sendable {
    public let project: Project
    public private(set) var tree = SourceTree(configText: nil, widgets: [], shared: [], templates: [], stylesheet: nil)
    public private(set) var config = Config()
    /// Every finding of the current state (load, config, parse, templates, render).
    public private(set) var findings: [Finding] = []
    /// True when `dist/` may not match the tree (an earlier build had errors, or none ran yet).
    public private(set) var needsFullWrite = true

    private var loadFindings: [Finding] = []
    /// Render findings per widget id; findings outside any widget folder are under "".
    private var renderFindings: [String: [Finding]] = [:]

    public init(project: Project) { self.project = project }

    /// Ids of the widget folders in the loaded tree.
    public var widgetIDs: [String] { tree.widgets.map(\.id) }

    /// Loads, renders and writes everything.
    public mutating func rebuildAll() -> BuildReport {
        var report = BuildReport()
        let (tree, findings) = Self.timed("load", &report) { Loader(project: project).load() }
        self.tree = tree
        loadFindings = findings
        renderFindings = [:]
        finish(&report, only: nil)
        return report
    }

    /// Re-reads `content/<id>/` of each widget and rebuilds those widgets only. A widget
    /// that appeared or vanished changes the site's list of bundles: that is a full rebuild.
    public mutating func rebuild(widgets ids: Set<String>) -> BuildReport {
        let known = Set(tree.widgets.map(\.id))
        guard !ids.isEmpty, ids.isSubset(of: known) else { return rebuildAll() }
        var report = BuildReport()
        let project = self.project
        let loaded = Self.timed("load", &report) { ids.sorted().map { ($0, Loader(project: project).loadWidget($0)) } }
        for (id, (files, findings)) in loaded {
            guard let files, let index = tree.widgets.firstIndex(where: { $0.id == id }) else { return rebuildAll() }
            tree.widgets[index] = files
            loadFindings = loadFindings.filter { Self.owner(of: $0) != id } + findings
        }
        finish(&report, only: needsFullWrite ? nil : ids)
        return report
    }

    /// The widget a finding is about (`content/<id>/…`), or "" for project-wide findings.
    static func owner(of finding: Finding) -> String {
        guard let file = finding.location?.file, file.hasPrefix("content/") else { return "" }
        let rest = file.dropFirst("content/".count)
        return String(rest.prefix { $0 != "/" })
    }

    private mutating func finish(_ report: inout BuildReport, only: Set<String>?) {
        let (config, configFindings) = Config.parse(tree.configText, file: Config.fileName)
        self.config = config
        let tree = self.tree
        let (site, parseFindings) = Self.timed("parse", &report) { Parser.parse(tree, config: config) }
        let runtime = RuntimeAssets(stylesheet: site.stylesheet)
        let (pages, templateFindings, rendered) = Self.timed("render", &report) { () -> ([RenderedPage], [Finding], [Finding]) in
            let (templates, templateFindings) = TemplateSet.load(tree.templates)
            let (pages, findings) = Renderer(templates: templates, runtime: runtime, config: config).render(site, only: only)
            return (pages, templateFindings, findings)
        }
        if let only {
            for id in only { renderFindings[id] = [] }
        } else {
            renderFindings = [:]
        }
        for finding in rendered { renderFindings[Self.owner(of: finding), default: []].append(finding) }
        findings = loadFindings + configFindings + parseFindings + templateFindings
            + renderFindings.keys.sorted().flatMap { renderFindings[$0] ?? [] }
        report.findings = findings
        report.widgets = only.map { ids in site.widgets.count { ids.contains($0.id) } } ?? site.widgets.count
        report.pages = pages.count
        report.unsafeWidgets = site.widgets.filter(\.unsafeHTML).map(\.id).sorted()
        guard !findings.hasErrors else {
            needsFullWrite = true
            return
        }
        var byWidget: [String: [RenderedPage]] = [:]
        for page in pages { byWidget[page.widgetID, default: []].append(page) }
        let project = self.project
        let written = Self.timed("write", &report) { () -> Result<Int, FileSystem.Error> in
            do throws(FileSystem.Error) {
                let shared = [Bundler.placementsIndex(site)] + AppPages.files(for: site)
                if let only {
                    var count = shared.count
                    for widget in site.widgets where only.contains(widget.id) {
                        let files = Bundler.files(for: widget, pages: byWidget[widget.id] ?? [], site: site, runtime: runtime)
                        try Writer.replace(folder: widget.id, with: files, extra: shared, in: project.output)
                        count += files.count
                    }
                    return .success(count)
                }
                return .success(try Writer.write(Bundler.siteFiles(site, runtime: runtime) { byWidget[$0] ?? [] }, to: project.output))
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
            report.findings.append(.error("write.failed", "\(error); the previous output was left as it was",
                                          at: SourceLocation(file: Path.name(of: project.output))))
            findings = report.findings
        }
    }

    private static func timed<T>(_ name: String, _ report: inout BuildReport, _ body: () -> T) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        report.stages.append(.init(name: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        return result
    }
}
