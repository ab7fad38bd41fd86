import Dispatch
import PlacardRules
import PlacardSystem

/// What a build did: findings, per-stage timings and counts.
public struct BuildReport: Sendable {
    public struct Stage: Sendable {
        public var name: String
        public var seconds: Double
    }

    public var findings: [Finding] = []
    public var stages: [Stage] = []
    public var widgets = 0
    public var pages = 0
    public var files = 0
    /// Widget ids built with `unsafeHTML: true`.
    public var unsafeWidgets: [String] = []
    /// True once the new output has been swapped in.
    public var wrote = false
    /// Set when the output folder may not be replaced (nothing was read or written); the
    /// same sentence is also the `output.refused` finding.
    public var refusal: OutputFolder.Refusal?
    public var seconds: Double { stages.reduce(0) { $0 + $1.seconds } }
    public var succeeded: Bool { !findings.hasErrors }

    public init() {}
}

/// The build pipeline: load → parse → render → bundle → write.
///
/// Exists as the one entry point the CLI, `serve` and the tests call; each stage is a
/// separate file or folder, each is timed, and findings from all stages are collected
/// before anything is reported. Nothing is written when any stage found an error.
public struct Builder: Sendable {
    public let project: Project

    public init(project: Project) { self.project = project }

    public func build() -> BuildReport {
        var report = BuildReport()
        let project = self.project
        if let refusal = OutputFolder.prepare(project) {
            report.refusal = refusal
            report.findings.append(Finding(.outputRefused, refusal.description, at: SourceLocation(file: Path.name(of: project.output))))
            return report
        }
        // The source tree goes out of scope once parsed: pages keep only their Markdown.
        let site: Site, config: Config, templateFiles: [TextFile], unreadableTemplates: [String]
        do {
            let (tree, loadFindings) = timed("load", &report) { Loader(project: project).load() }
            report.findings += loadFindings
            let configFindings: [Finding]
            (config, configFindings) = Config.parse(tree.configText, file: Config.fileName)
            report.findings += configFindings
            let parseFindings: [Finding]
            (site, parseFindings) = timed("parse", &report) { Parser.parse(tree, config: config) }
            report.findings += parseFindings
            templateFiles = tree.templates
            unreadableTemplates = tree.unreadableTemplates
        }
        let runtime = RuntimeAssets(stylesheet: site.stylesheet)
        report.findings += OutputCollisions.findings(site, runtime: runtime)
        let failedBefore = report.findings.hasErrors

        // Render, writing each page into the staging folder as soon as it is done (only
        // when nothing has failed so far; a later error discards the folder).
        let (renderFindings, pagePaths, stream) = timed("render", &report) { () -> ([Finding], [String], Result<Writer.Stream, FileSystem.Error>?) in
            let (templates, templateFindings) = TemplateSet.load(templateFiles, unreadable: unreadableTemplates)
            let renderer = Renderer(templates: templates, runtime: runtime, config: config)
            let paths = renderer.outputPaths(site)
            var stream: Result<Writer.Stream, FileSystem.Error>?
            if !failedBefore, !templateFindings.hasErrors {
                do throws(FileSystem.Error) {
                    stream = .success(try Writer.Stream(output: project.output, folders: paths.map(Path.parent(of:))))
                } catch {
                    stream = .failure(error)
                }
            }
            let open = try? stream?.get()
            let findings = renderer.render(site) { _, page in
                open?.write(OutputFile(path: page.widgetID + "/" + page.path, content: .text(page.html)))
            }
            return (templateFindings + findings, paths, stream)
        }
        report.findings += renderFindings
        // Everything but the pages: runtime, placement.json, assets, placements.json, app pages.
        let files = timed("bundle", &report) { () -> [OutputFile] in
            Bundler.siteFiles(site, runtime: runtime) { _ in [] }
        }
        report.widgets = site.widgets.count
        report.pages = pagePaths.count
        report.unsafeWidgets = site.widgets.filter(\.unsafeHTML).map(\.id).sorted()
        guard !report.findings.hasErrors, let stream else {
            if case .success(let open)? = stream { open.discard() }
            return report
        }
        let written = timed("write", &report) { () -> Result<Int, FileSystem.Error> in
            let open: Writer.Stream
            switch stream {
            case .success(let value): open = value
            case .failure(let error): return .failure(error)
            }
            do throws(FileSystem.Error) {
                try open.makeFolders(forFiles: files.map(\.path))
                open.write(files)
                if let failure = open.firstFailure(in: Self.fileOrder(site: site, pages: pagePaths, files: files)) {
                    open.discard(keepAncestors: true)
                    return .failure(failure)
                }
            } catch {
                open.discard(keepAncestors: true)
                return .failure(error)
            }
            do throws(FileSystem.Error) { try open.commit() } catch { return .failure(error) }
            return .success(pagePaths.count + files.count)
        }
        switch written {
        case .success(let count):
            report.files = count
            report.wrote = true
        case .failure(let error):
            report.findings.append(Finding(.writeFailed, "\(error); the previous output was left as it was",
                                           at: SourceLocation(file: Path.name(of: project.output))))
        }
        return report
    }

    /// The order of `assemble`'s files (each widget's pages, then its other files, then the
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

    @discardableResult
    func timed<T>(_ name: String, _ report: inout BuildReport, _ body: () -> T) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        report.stages.append(.init(name: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        return result
    }
}
