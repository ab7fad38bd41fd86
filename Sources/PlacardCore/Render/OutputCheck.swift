import PlacardRules
import PlacardSystem
import PlacardVerify

/// The build's own verification: verify's page and reference rules on each page as it is
/// rendered, in memory, each finding traced to the source that wrote what it is about.
///
/// Exists so that a build that succeeds produces output that `placard verify` passes: a
/// template that loads `_shared/logo.svg` in a project without it fails the build at the
/// template's line, instead of building with exit 0 and failing verify and package later.
/// It runs on the rendering threads (no second pass over the output) and knows every path
/// the output will hold before the first page is rendered.
struct OutputCheck: Sendable {
    private let checker: PageChecker
    /// Output page path → the widget's template name and the page's versions.
    private let pages: [String: (template: String, versions: [PageVersion])]
    private let templates: [TextFile]

    /// `pagePaths`: every page the output will hold (`<widget>/<page>.html`); `files`:
    /// every other file of it (bundles and site-level files).
    init(site: Site, pagePaths: [String], files: [OutputFile], templates: TemplateSet, label: String) {
        var sizes = Dictionary(pagePaths.map { ($0, 0) }, uniquingKeysWith: { a, _ in a })
        var byPath: [String: OutputFile] = [:]
        for file in files {
            byPath[file.path] = file
            sizes[file.path] = switch file.content {
            case .text(let text): text.utf8.count
            case .bytes(let bytes): bytes.count
            case .copy(let source): FileSystem.size(of: source) ?? 0
            }
        }
        let placements = Dictionary(site.widgets.map { ($0.id, $0.placement.code) }, uniquingKeysWith: { a, _ in a })
        let known = byPath
        checker = PageChecker(files: sizes, read: { known[$0]?.bytes }, placements: placements,
                              bx24Script: site.config.bx24Script, label: label)
        var pages: [String: (String, [PageVersion])] = [:]
        for widget in site.widgets {
            for page in widget.pages { pages[widget.id + "/" + page.outputPath] = (widget.template, page.versions) }
        }
        self.pages = pages
        self.templates = templates.sources
    }

    /// The findings about one rendered page, each at the Markdown or template line that
    /// wrote its subject when that can be found (the output location becomes a note).
    /// `known` are the page's render findings: a problem they already report at the same
    /// line (a broken Markdown link) is not reported twice.
    func findings(for page: RenderedPage, known: [Finding]) -> [Finding] {
        let path = page.widgetID + "/" + page.path
        let bytes = Array(page.html.utf8)
        let found = checker.check(path, bytes: bytes)
        guard !found.isEmpty else { return [] }
        let source = pages[path]
        let reported = Set(known.compactMap { finding in finding.location.map { "\($0.file):\($0.line)" } })
        return found.compactMap { finding in
            let subject = finding.location.flatMap { SourceTrace.subject(at: $0, in: bytes) }
            let traced = subject.flatMap { subject in
                source.flatMap { SourceTrace.locate(subject, versions: $0.versions, templates: templates, preferred: $0.template) }
            }
            if let traced, reported.contains("\(traced.file):\(traced.line)") { return nil }
            var moved = SourceTrace.moved(finding, to: traced)
            moved.widget = page.widgetID
            return moved
        }
    }

    /// The findings of many pages as one list: a problem a template makes on every page is
    /// one finding (at the template line) with a note saying how many pages have it.
    static func merge(_ byPage: [String: [Finding]]) -> [Finding] {
        struct Key: Hashable {
            var rule: String
            var severity: Severity
            var location: SourceLocation?
        }
        var order: [Key] = []
        var first: [Key: Finding] = [:]
        var count: [Key: Int] = [:]
        for path in byPage.keys.sorted() {
            for finding in byPage[path] ?? [] {
                let key = Key(rule: finding.rule, severity: finding.severity, location: finding.location)
                if first[key] == nil {
                    order.append(key)
                    first[key] = finding
                }
                count[key, default: 0] += 1
            }
        }
        return order.map { key in
            var finding = first[key]!
            if let n = count[key], n > 1 {
                finding.notes.append(Finding.Note("and on \(n - 1) more page\(n == 2 ? "" : "s") built from the same line"))
            }
            return finding
        }
    }
}
