import Dispatch
import PlacardRules
import PlacardSystem

/// The build pipeline: load → parse → render → bundle → write, over one `BuildScope`.
///
/// Exists as the one orchestrator: `placard build` is `Pipeline.build(project)`, and
/// `serve` keeps a `Pipeline` and runs it again after each change — a full rebuild is the
/// same call as the build, an edit of some pages or widgets differs only in its scope, which
/// decides what is read again, what is rendered and which part of the output the writer
/// replaces. The stages are plain functions over explicit inputs (`Loader`, `Parser`,
/// `Renderer`, `Bundler`, `Writer`); each is timed, findings from all of them are collected,
/// and nothing is published while any error is known.
public struct Pipeline: Sendable {
    public let project: Project
    /// Whether the read sources are kept for the next run (serve). `placard build` lets them
    /// go once parsed, so a large site never holds its sources and its HTML at once.
    public let keepsSources: Bool
    /// What the command line changes in placard.yml for every run (`--base-url`, `--drafts`).
    public let overrides: Config.Overrides
    /// False for `placard check`: everything is built and checked in memory, and nothing
    /// on disk is touched (not even the output folder's leftovers).
    public let writes: Bool
    /// Where the run is, for a progress line; nil when nobody watches.
    public var progress: BuildProgress?
    /// Nil until the first full run.
    var memory: BuildMemory?
    /// Every finding of the current state (load, config, parse, templates, render, write).
    public private(set) var findings: [Finding] = []
    /// True when the output may not match the sources (an earlier run had errors, or none
    /// ran yet): the next clean run, whatever its scope, replaces the whole output.
    public private(set) var needsFullWrite = true

    public init(project: Project, keepsSources: Bool = true, overrides: Config.Overrides = Config.Overrides(), writes: Bool = true) {
        self.project = project
        self.keepsSources = keepsSources
        self.overrides = overrides
        self.writes = writes
    }

    /// One build of the whole project, as `placard build` runs it (and `placard check`,
    /// with `writes: false`).
    public static func build(_ project: Project, overrides: Config.Overrides = Config.Overrides(), writes: Bool = true,
                             progress: BuildProgress? = nil) -> BuildReport {
        var pipeline = Pipeline(project: project, keepsSources: false, overrides: overrides, writes: writes)
        pipeline.progress = progress
        return pipeline.run(.site)
    }

    public var config: Config { memory?.config ?? Config() }
    /// Ids of the widget folders in the loaded sources.
    public var widgetIDs: [String] { memory?.tree.widgets.map(\.id) ?? [] }

    /// Every widget of the current parse, in build order (serve's widget list is the last
    /// good one of these, kept when a run wrote).
    public var widgets: [Widget] { memory?.site.widgets ?? [] }

    /// The bundles' fingerprinted stylesheet of the last run (serve swaps it in open pages).
    package var runtimeStyle: FingerprintedFile? { memory?.runtime.style }

    /// The text of a source file (project-relative path) as the last run read it, or nil
    /// when it read no such text file (serve's error overlay shows lines of it).
    public func sourceText(of path: String) -> String? {
        guard let tree = memory?.tree else { return nil }
        if path == Config.fileName { return tree.configText }
        if let stylesheet = tree.stylesheet, stylesheet.path == path { return stylesheet.text }
        if let template = tree.templates.first(where: { $0.path == path }) { return template.text }
        for widget in tree.widgets {
            if let page = widget.markdown.first(where: { $0.path == path }) { return page.text }
        }
        return nil
    }

    /// Runs the stages for `scope`. A partial scope becomes a full run when there is no
    /// earlier run to build on, or when what it names is not in the sources any more (a
    /// widget appeared or vanished: that changes the site's list of bundles).
    public mutating func run(_ scope: BuildScope = .site) -> BuildReport {
        let start = DispatchTime.now().uptimeNanoseconds
        var report = runStages(scope)
        report.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return report
    }

    private mutating func runStages(_ scope: BuildScope) -> BuildReport {
        var report = BuildReport()
        if scope != .site, memory != nil, let part = loadPart(scope, &report) {
            return renderAndWrite(part, &report)
        }
        report = BuildReport()
        let start = DispatchTime.now().uptimeNanoseconds
        let refused = refuse(&report)
        report.record("prepare", since: start)
        if refused { return report }
        loadAll(&report)
        return renderAndWrite(Part(selection: .all), &report)
    }

    /// What a run renders, and per widget rendered in part the files whose findings it replaces.
    struct Part {
        var selection: RenderSelection
        var replaced: [String: Set<String>] = [:]
    }

    /// Checks that the output folder may be replaced; a refusal is the run's one finding.
    private mutating func refuse(_ report: inout BuildReport) -> Bool {
        guard writes, let refusal = OutputFolder.prepare(project) else { return false }
        needsFullWrite = true
        report.refusal = refusal
        report.findings.append(Finding(.outputRefused, refusal.description, at: SourceLocation(file: Path.name(of: project.output))))
        findings = report.findings
        return true
    }

    /// Load and parse of the whole project (and loading its templates, which is the
    /// render stage's first step).
    private mutating func loadAll(_ report: inout BuildReport) {
        let project = self.project, overrides = self.overrides
        let (tree, loadFindings) = report.time("load") { Loader(project: project).load() }
        let (config, configFindings, site, parsed) = report.time("parse") { () -> (Config, [Finding], Site, [Finding]) in
            let (config, configFindings) = Config.parse(tree.configText, file: Config.fileName, overrides: overrides)
            let (site, parsed) = Parser.parse(tree, config: config)
            return (config, configFindings, site, parsed)
        }
        let (templates, templateFindings) = report.time("render") { TemplateSet.load(tree.templates, unreadable: tree.unreadableTemplates, folderRead: tree.templatesRead) }
        memory = BuildMemory(
            tree: keepsSources ? tree : SourceTree(configText: nil, widgets: [], shared: [], templates: [], stylesheet: nil),
            config: config, site: site, templates: templates, runtime: RuntimeAssets(stylesheet: site.stylesheet, words: config.runtimeWords),
            loadFindings: loadFindings, configFindings: configFindings, templateFindings: templateFindings,
            parseFindings: BuildMemory.byOwner(parsed))
    }

    /// Render, bundle and write of `part`; the output is replaced only when no stage found
    /// an error.
    private mutating func renderAndWrite(_ requested: Part, _ report: inout BuildReport) -> BuildReport {
        guard var memory else { return report }
        defer { if !keepsSources { self.memory = nil } }
        var part = requested
        // Known before rendering (the collision check among them runs once per run).
        let before = memory.findingsBeforeRender
        let clean = !before.hasErrors
        if clean, needsFullWrite, !part.selection.isAll {
            // The first clean run after a failed one: the output may lag behind in any widget.
            if refuse(&report) { return report }
            part = Part(selection: .all)
        }
        let site = memory.site
        // The search index of a widget rendered in part is built on the kept one; without
        // it (or when the index's pages changed), the widget is rendered whole.
        let fullPlan = SearchPlan(site: site)
        for id in part.selection.pages.keys.sorted() where fullPlan.widgets[id] != nil && !part.selection.isWhole(id) {
            let kept = memory.search[id]
            if kept == nil || kept!.keys.sorted() != fullPlan.widgets[id]!.languages
                || kept!.contains(where: { $0.value.pages.count != fullPlan.widgets[id]!.slugs[$0.key]?.count }) {
                part.selection.pages[id] = nil
                part.selection.widgets?.insert(id)
            }
        }
        var renderer = Renderer(templates: memory.templates, runtime: memory.runtime, config: memory.config)
        renderer.contentReal = FileSystem.realPath(project.contentPath)
        let anchors = AnchorCollector()
        renderer.anchors = anchors
        let selection = part.selection
        var searchPlan = fullPlan
        searchPlan.widgets = searchPlan.widgets.filter { selection.includes(widget: $0.key) }
        renderer.search = searchPlan
        let paths = renderer.outputPaths(site, selection)
        let target: Writer.Target = selection.widgets.map { ids in .folders(ids.intersection(site.widgets.map(\.id))) } ?? .everything
        // Pages go to the writer as they are rendered, unless something has failed already.
        let session: Result<Writer.Session, FileSystem.Error>? = clean && writes
            ? Result { () throws(FileSystem.Error) in try Writer.Session(output: project.output, target: target, paths: paths) }
            : nil
        let open = try? session?.get()
        // The bundles are assembled first: the render stage checks each page against
        // every path the output will hold.
        let runtime = memory.runtime
        let checked = Locked<[String: [Finding]]>([:])
        // A run that does not write keeps the pages for the caller to verify.
        let kept: Locked<[String: [UInt8]]>? = writes || !clean ? nil : Locked([:])
        let progress = self.progress
        let search = SearchCollector(plan: searchPlan, kept: memory.search.filter { !selection.isWhole($0.key) })
        // The render stage checks each page against every path the output will hold (so it
        // lays out the bundles first), unless errors are known already: then the output is
        // not written, and its consequences (a link to a page that failed) would be noise.
        let (found, everyFile) = report.time("render") { () -> ([Finding], [OutputFile]) in
            let everyFile = Bundler.files(site, widgets: nil, runtime: runtime)
            // The search entries are made after the pages, which link to them.
            let entries = fullPlan.widgets.keys.sorted().map { OutputFile(path: $0 + "/" + SearchIndex.entryName, content: .bytes([])) }
            let check = clean ? OutputCheck(site: site, pagePaths: selection.isAll ? paths : renderer.outputPaths(site), files: everyFile + entries,
                                            templates: memory.templates, label: Path.name(of: project.output)) : nil
            progress?.start("render", total: paths.count)
            let found = renderer.render(site, selection) { page, known in
                open?.write(OutputFile(page: page))
                kept?.withLock { $0[page.widgetID + "/" + page.path] = Array(page.html.utf8) }
                if !page.search.isEmpty { search.add(widget: page.widgetID, slug: String(page.path.dropLast(5)), documents: page.search) }
                progress?.advance()
                if let own = check?.findings(for: page, known: known) { checked.withLock { $0[page.widgetID + "/" + page.path] = own } }
            }
            return (found, everyFile)
        }
        memory.record(render: found, of: selection, replacing: part.replaced)
        memory.record(output: checked.current, of: selection)
        memory.record(anchors: anchors.collected, of: selection)
        self.memory = memory
        // Links between pages are checked once every page they name is rendered (or kept),
        // while the search index is put together.
        let (fragments, indexed) = Self.checkLinksAndFinish(search, anchors: clean ? memory.anchors : [:], report: &report)
        findings = before + BuildMemory.flatten(memory.renderFindings) + OutputCheck.merge(memory.outputFindings) + fragments
        report.findings = findings
        report.unsafeWidgets = site.widgets.filter(\.unsafeHTML).map(\.id).sorted()
        report.widgets = site.widgets.count { selection.includes(widget: $0.id) }
        report.widgetPages = site.widgets.filter { selection.includes(widget: $0.id) }.map { widget in
            (widget.id, widget.pages.count { selection.includes($0.slug, of: widget.id) })
        }
        report.pages = paths.count
        let (searchFiles, searchStates, staleSearchFiles) = indexed
        if keepsSources {
            memory.search = memory.search.filter { id, _ in fullPlan.widgets[id] != nil && !searchPlan.widgets.keys.contains(id) }
                .merging(searchStates) { _, new in new }
            self.memory = memory
        }
        let files = report.time("bundle") { (selection.isAll ? everyFile : Bundler.files(site, widgets: selection.widgets, runtime: runtime)) + searchFiles }
        if let kept, !findings.hasErrors {
            var output = kept.current
            for file in files { output[file.path] = file.bytes }
            report.output = output
        }
        guard !findings.hasErrors, let session else {
            open?.discard()
            needsFullWrite = true
            return report
        }
        progress?.start("write", total: 0)
        let written = report.time("write") { () -> Result<Int, FileSystem.Error> in
            do throws(FileSystem.Error) {
                let open = try session.get()
                do throws(FileSystem.Error) {
                    try open.makeFolders(forFiles: files.map(\.path))
                    open.write(files)
                    open.remove(atCommit: staleSearchFiles)
                    if let failure = open.firstFailure(in: Self.fileOrder(site: site, pages: paths, files: files)) { throw failure }
                    try open.commit()
                } catch {
                    open.discard(keepAncestors: true)
                    throw error
                }
            } catch {
                return .failure(error)
            }
            return .success(paths.count + files.count)
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
        return report
    }

    /// The order of the written files (each widget's pages, then its other files, then the
    /// site's), which decides which failed write is reported.
    static func fileOrder(site: Site, pages: [String], files: [OutputFile]) -> [String] {
        var pagesByWidget: [Substring: [String]] = [:]
        for path in pages { pagesByWidget[path.prefix { $0 != "/" }, default: []].append(path) }
        var order: [String] = []
        var rest = files[...]
        for widget in site.widgets {
            order += pagesByWidget[Substring(widget.id)] ?? []
            while let file = rest.first, file.path.hasPrefix(widget.id + "/") {
                order.append(file.path)
                rest = rest.dropFirst()
            }
        }
        return order + rest.map(\.path)
    }
}
