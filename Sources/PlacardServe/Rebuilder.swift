import Foundation
import PlacardCore
import PlacardRules
import PlacardSystem
import PlacardReport

/// Runs `serve`'s builds, publishes their outcome and prints one line per build.
///
/// Exists so that the watcher thread only says *what changed*; this type hands the plan
/// (edited pages, whole widgets, or everything) as a scope to the `Pipeline` that keeps the
/// loaded and parsed project in memory between rebuilds, turns errors into overlay data
/// with the source lines around them, and never stops the server on a failed build (the
/// last good output stays in `dist/`).
public struct Rebuilder: Sendable {
    public private(set) var session: Pipeline
    public let live: LiveState
    let print: @Sendable (String) -> Void
    /// The findings the log has shown, errors included, as `key(_:)`: each is printed once,
    /// when it appears (or changes), and said resolved when it goes.
    var logged: [String: Finding] = [:]
    /// Errors of the last build that the log had printed before it (a failed build's line says
    /// how many, instead of printing them again on every save).
    var repeatedErrors = 0

    public init(project: Project, live: LiveState, overrides: Config.Overrides = Config.Overrides(), print: @escaping @Sendable (String) -> Void) {
        session = Pipeline(project: project, overrides: overrides)
        self.live = live
        self.print = print
    }

    public var project: Project { session.project }

    /// The first build; prints every finding, warnings included.
    public mutating func initialBuild() {
        let report = session.run(.site)
        DiagnosticPrinter().print(report.findings)
        logged = Dictionary(report.findings.map { (Self.key($0), $0) }, uniquingKeysWith: { a, _ in a })
        finish(report, changed: nil, label: "Built")
    }

    public mutating func apply(_ plan: RebuildPlan) {
        switch plan {
        case .nothing:
            return
        case .full:
            let report = session.run(.site)
            printErrors(report)
            finish(report, changed: nil, label: "Rebuilt everything:")
        case .stylesheet:
            // Pages that show the overlay (or an older output) reload as after any full build.
            let swappable = live.status.ok
            let report = session.run(.site)
            printErrors(report)
            let style = swappable ? session.runtimeStyle.map { Stylesheet(name: $0.name, integrity: $0.integrity) } : nil
            finish(report, changed: nil, label: "Rebuilt the stylesheet:", stylesheet: style)
        case .widgets(let ids):
            rebuild(ids, .widgets(ids))
        case .pages(let pages):
            rebuild(Set(pages.keys), .pages(pages))
        }
    }

    /// A rebuild of some widgets (whole or page by page), labelled with their ids unless
    /// it turned into a full one.
    mutating func rebuild(_ ids: Set<String>, _ scope: BuildScope) {
        let known = Set(session.widgetIDs), wasFull = session.needsFullWrite
        let report = session.run(scope)
        let changed: [String]? = !wasFull && ids.isSubset(of: known) && ids.isSubset(of: Set(session.widgetIDs)) ? ids.sorted() : nil
        printErrors(report)
        finish(report, changed: changed, label: "Rebuilt \(changed?.joined(separator: ", ") ?? "everything"):")
    }

    /// The findings the log has not shown yet (errors first), and one line for each shown one
    /// that is gone; those still standing are counted, not printed again.
    mutating func printErrors(_ report: BuildReport) {
        var now: [String: Finding] = [:]
        for finding in report.findings { now[Self.key(finding)] = finding }
        let fresh = report.findings.filter { logged[Self.key($0)] == nil }
        repeatedErrors = report.findings.filter { $0.severity == .error && logged[Self.key($0)] != nil }.count
        DiagnosticPrinter().print(fresh.filter { $0.severity == .error } + fresh.filter { $0.severity != .error })
        for (key, gone) in logged.sorted(by: { $0.key < $1.key }) where now[key] == nil {
            print("Resolved: " + DisplayText.escaped((gone.location.map { "\($0): " } ?? "") + "\(gone.severity.rawValue) [\(gone.rule)]"))
        }
        logged = now
    }

    /// What makes two findings the same one in the log.
    static func key(_ finding: Finding) -> String {
        "\(finding.rule)\u{0}\(finding.location?.description ?? "")\u{0}\(finding.message)"
    }

    func finish(_ report: BuildReport, changed: [String]?, label: String, stylesheet: Stylesheet? = nil) {
        let ms = Int((report.seconds * 1000).rounded())
        let errors = report.findings.filter { $0.severity == .error }.sortedForDisplay()
        let notices = report.findings.filter { $0.severity != .error }.sortedForDisplay()
        let pages = "\(report.pages) page\(report.pages == 1 ? "" : "s")"
        let repeated = repeatedErrors > 0 ? ", \(repeatedErrors) of them printed before" : ""
        // Whether there is an output to keep: one this server wrote, or one from before it.
        let hasOutput = report.wrote || !live.widgets.isEmpty || FileSystem.kind(of: Path.join(project.output, "placements.json")) == .file
        if report.succeeded {
            print("\(label) \(report.widgets) widget\(report.widgets == 1 ? "" : "s"), \(pages) in \(ms) ms.")
        } else if hasOutput {
            print("Build failed (\(errors.count) error\(errors.count == 1 ? "" : "s")\(repeated), \(ms) ms): the preview keeps the last good output and shows the errors in open pages.")
        } else {
            print("Build failed (\(errors.count) error\(errors.count == 1 ? "" : "s")\(repeated), \(ms) ms): there is no output to preview yet; the errors show in open pages, and the preview appears when the build succeeds.")
        }
        let site = SiteInfo(bx24Script: session.config.bx24Script, defaultLanguage: session.config.defaultLanguage, title: session.config.title)
        let session = self.session
        // The widget list of the output that was just written; a failed build keeps the last good one.
        let widgets = report.wrote ? session.widgets.map { PreviewWidget(widget: $0, binding: Bundler.binding(for: $0, config: session.config)) } : nil
        live.publish(ok: report.succeeded, changed: changed, milliseconds: ms,
                     errors: errors.prefix(10).map { Self.problem($0, source: session.sourceText(of:)) },
                     warnings: report.findings.warningCount, site: site, widgets: widgets,
                     stylesheet: report.succeeded && report.wrote ? stylesheet : nil,
                     notices: notices.prefix(LiveState.maxNotices).map { Self.problem($0, source: session.sourceText(of:)) },
                     noticeCount: notices.count, hasOutput: hasOutput)
    }

    /// Overlay data for a finding, with up to three lines on either side of its line from
    /// `source` (the text of a project-relative file, as the build read it).
    public static func problem(_ finding: Finding, source: (String) -> String?) -> OverlayProblem {
        let location = finding.location ?? SourceLocation(file: "")
        var snippet: [OverlayProblem.Line] = []
        if location.line > 0, let text = source(location.file) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
            let first = max(1, location.line - 3), last = min(lines.count, location.line + 3)
            if first <= last {
                for number in first...last {
                    var text = String(lines[number - 1])
                    if text.hasSuffix("\r") { text.removeLast() }
                    if text.count > 300 { text = String(text.prefix(300)) + "…" }
                    snippet.append(.init(number: number, text: text))
                }
            }
        }
        return OverlayProblem(file: location.file, line: location.line, column: location.column,
                              message: finding.message, rule: finding.rule, snippet: snippet, severity: finding.severity.rawValue)
    }
}
