import Dispatch
import PlacardRules

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
        let (tree, loadFindings) = timed("load", &report) { Loader(project: project).load() }
        report.findings += loadFindings
        let (site, output) = assemble(tree, report: &report)
        guard let site, let output, !report.findings.hasErrors else { return report }
        let written = timed("write", &report) { () -> Result<Int, FileSystem.Error> in
            do throws(FileSystem.Error) { return .success(try Writer.write(output, to: project.output)) } catch { return .failure(error) }
        }
        switch written {
        case .success(let count):
            report.files = count
            report.wrote = true
        case .failure(let error):
            report.findings.append(.error("write.failed", "\(error); the previous output was left as it was",
                                          at: SourceLocation(file: Path.name(of: project.output))))
        }
        _ = site
        return report
    }

    /// Parse, render and bundle a loaded tree. Used by `build` and by `serve`, which keeps
    /// the tree in memory between rebuilds.
    public func assemble(_ tree: SourceTree, report: inout BuildReport) -> (Site?, [OutputFile]?) {
        let (config, configFindings) = Config.parse(tree.configText, file: Config.fileName)
        report.findings += configFindings
        let (site, parseFindings) = timed("parse", &report) { Parser.parse(tree, config: config) }
        report.findings += parseFindings
        let runtime = RuntimeAssets(stylesheet: site.stylesheet)
        let (pages, renderFindings) = timed("render", &report) { () -> ([RenderedPage], [Finding]) in
            let (templates, templateFindings) = TemplateSet.load(tree.templates)
            let (pages, findings) = Renderer(templates: templates, runtime: runtime, config: config).render(site)
            return (pages, templateFindings + findings)
        }
        report.findings += renderFindings
        let output = timed("bundle", &report) { () -> [OutputFile] in
            var byWidget: [String: [RenderedPage]] = [:]
            for page in pages { byWidget[page.widgetID, default: []].append(page) }
            var files = site.widgets.flatMap { Bundler.files(for: $0, pages: byWidget[$0.id] ?? [], site: site, runtime: runtime) }
            files.append(Bundler.placementsIndex(site))
            files += AppPages.files(for: site)
            return files
        }
        report.widgets = site.widgets.count
        report.pages = pages.count
        report.unsafeWidgets = site.widgets.filter(\.unsafeHTML).map(\.id).sorted()
        return (site, output)
    }

    @discardableResult
    func timed<T>(_ name: String, _ report: inout BuildReport, _ body: () -> T) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        report.stages.append(.init(name: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        return result
    }
}
