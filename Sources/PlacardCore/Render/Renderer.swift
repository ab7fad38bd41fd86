import Dispatch
import PlacardRules

/// A page rendered to its final HTML.
public struct RenderedPage: Sendable {
    public var widgetID: String
    /// Path inside the bundle (`index.html`, `guide/setup.html`).
    public var path: String
    public var html: String
}

/// The render stage: Markdown through cmark, then each page through its Mustache template.
///
/// Exists as one pure function of a parsed `Site`, spread over all cores; the Mustache
/// context built here is the public contract templates are written against (see README).
public struct Renderer: Sendable {
    public let templates: TemplateSet
    public let runtime: RuntimeAssets
    public let config: Config

    public init(templates: TemplateSet, runtime: RuntimeAssets, config: Config) {
        self.templates = templates
        self.runtime = runtime
        self.config = config
    }

    /// One Markdown file rendered to HTML, before templating.
    struct Body: Sendable {
        var html: String
        var findings: [Finding]
    }

    public func render(_ site: Site, only: Set<String>? = nil) -> ([RenderedPage], [Finding]) {
        var findings: [Finding] = []
        let widgets = site.widgets.filter { only?.contains($0.id) ?? true }
        for widget in widgets where !templates.names.contains(widget.template) {
            findings.append(.error("template.missing",
                                   "\(widget.placement.code) widget '\(widget.id)' uses template '\(widget.template)', but templates/\(widget.template).mustache does not exist.\(Suggestion.didYouMean(widget.template, in: templates.names.sorted()))",
                                   at: widget.templateLocation))
        }
        // Flatten to one job per page version so all cores stay busy, whatever the widget sizes.
        struct Job { var widget: Int; var page: Int; var version: Int }
        var jobs: [Job] = []
        for (w, widget) in widgets.enumerated() {
            for (p, page) in widget.pages.enumerated() {
                for v in page.versions.indices { jobs.append(Job(widget: w, page: p, version: v)) }
            }
        }
        let allJobs = jobs
        let resolvers = widgets.map { LinkResolver(widget: $0, shared: site.shared) }
        let bodies = ConcurrentMap.run(jobs.count) { i -> Body in
            let job = allJobs[i]
            let widget = widgets[job.widget]
            let page = widget.pages[job.page]
            return renderBody(page.versions[job.version], slug: page.slug, widget: widget, resolver: resolvers[job.widget])
        }
        // Regroup the bodies per page, then template every page.
        var bodyIndex: [Int: [Int: [Body]]] = [:]
        for (i, job) in jobs.enumerated() { bodyIndex[job.widget, default: [:]][job.page, default: []].append(bodies[i]) }
        for body in bodies { findings += body.findings }

        var pageJobs: [(widget: Int, page: Int)] = []
        for (w, widget) in widgets.enumerated() where templates.names.contains(widget.template) {
            for p in widget.pages.indices { pageJobs.append((w, p)) }
        }
        // The contexts are immutable once built; Mustache needs them as `[String: Any]`.
        let navs = Unchecked(widgets.map(navigation))
        let bodiesByPage = bodyIndex
        let allPageJobs = pageJobs
        let rendered = ConcurrentMap.run(allPageJobs.count) { i -> RenderedPage in
            let (w, p) = allPageJobs[i]
            let widget = widgets[w]
            let context = pageContext(widget: widget, page: p, bodies: bodiesByPage[w]![p]!, nav: navs.value[w])
            let html = templates.render(context, template: widget.template) ?? ""
            return RenderedPage(widgetID: widget.id, path: widget.pages[p].outputPath, html: html)
        }
        return (rendered, findings)
    }

    func renderBody(_ version: PageVersion, slug: String, widget: Widget, resolver: LinkResolver) -> Body {
        var findings: [Finding] = []
        let options = CommonMark.Options(unsafeHTML: widget.unsafeHTML, insertSnippets: widget.placement == .imTextarea)
        let result = CommonMark.render(version.markdown, options: options) { link in
            switch resolver.resolve(link.destination, fromSlug: slug) {
            case .keep: return .keep
            case .replace(let url): return .replace(url)
            case .problem(let rule, let message):
                findings.append(.error(rule, message, at: SourceLocation(file: version.file, line: version.bodyLineOffset + link.line, column: link.column)))
                return .keep
            }
        }
        for line in result.ignoredSnippetLines {
            findings.append(.warning("markdown.insert.placement",
                                     "```insert snippets only work in IM_TEXTAREA widgets (they post to the chat input); this \(widget.placement.code) page shows it as plain code",
                                     at: SourceLocation(file: version.file, line: version.bodyLineOffset + line, column: 1)))
        }
        return Body(html: result.html, findings: findings)
    }

    /// Navigation entries of a widget: one per page, each with its title in every language.
    func navigation(_ widget: Widget) -> [[String: Any]] {
        widget.pages.map { page in
            ["slug": page.slug, "path": page.outputPath, "titles": localized(page.versions.map { ($0.language, $0.title) }, widget: widget)]
        }
    }

    /// `[{lang, title, hidden, isDefault}]`, default language first and visible.
    func localized(_ values: [(String, String)], widget: Widget) -> [[String: Any]] {
        values.map { language, text in
            let isDefault = language == config.defaultLanguage
            return ["lang": language, "title": text, "hidden": !isDefault, "isDefault": isDefault]
        }
    }

    func pageContext(widget: Widget, page index: Int, bodies: [Body], nav: [[String: Any]]) -> [String: Any] {
        let page = widget.pages[index]
        let depth = page.slug.split(separator: "/").count - 1
        let root = String(repeating: "../", count: depth)
        let folder = Path.parent(of: page.slug)
        let navEntries: [[String: Any]] = nav.enumerated().map { i, entry in
            var entry = entry
            entry["url"] = Path.relative(from: folder, to: entry["path"] as! String)
            entry["current"] = i == index
            return entry
        }
        let versions: [[String: Any]] = zip(page.versions, bodies).map { version, body in
            ["lang": version.language, "title": version.title, "html": body.html,
             "hidden": version.language != config.defaultLanguage, "isDefault": version.language == config.defaultLanguage]
        }
        let placement = widget.placement
        var widgetContext: [String: Any] = [
            "id": widget.id,
            "placement": placement.code,
            "title": widget.titles[config.defaultLanguage] ?? widget.id,
            "titles": localized(widget.languages.compactMap { l in widget.titles[l].map { (l, $0) } }, widget: widget),
            "isTextarea": placement == .imTextarea,
            "isSidebar": placement == .imSidebar,
            "isContextMenu": placement == .imContextMenu,
            "isNavigation": placement == .imNavigation,
            "isMobile": placement == .imMobileContextMenu,
            "surface": placement.surface.rawValue,
            "delivers": placement.delivers,
            "deliversDialogId": placement.delivers("dialogId"),
            "deliversMessageId": placement.delivers("messageId"),
            "deliversURI": placement.delivers("URI"),
        ]
        if let description = widget.descriptions[config.defaultLanguage] { widgetContext["description"] = description }
        if case .string(let icon)? = widget.options["iconName"] { widgetContext["iconName"] = icon }
        if case .string(let color)? = widget.options["color"], let hex = BindOptionRules.colorHex[color] {
            widgetContext["color"] = color
            widgetContext["colorHex"] = hex
        }
        return [
            "site": ["title": config.title, "defaultLanguage": config.defaultLanguage],
            "widget": widgetContext,
            "page": ["slug": page.slug, "path": page.outputPath, "title": page.versions[0].title,
                     "isIndex": page.slug == "index"],
            "versions": versions,
            "nav": navEntries,
            "hasNav": navEntries.count > 1,
            "root": root,
            "lang": config.defaultLanguage,
            "assets": [
                "bx24": config.bx24Script,
                "script": root + runtime.script.name, "scriptIntegrity": runtime.script.integrity,
                "style": root + runtime.style.name, "styleIntegrity": runtime.style.integrity,
            ],
        ]
    }
}

/// `concurrentPerform` that collects results in order, so output never depends on timing.
enum ConcurrentMap {
    static func run<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let slots = SendableBuffer(buffer: results)
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.buffer[i] = body(i) }
        return results.map { $0! }
    }
}

/// A value that is never mutated after it is shared, but whose type cannot say so
/// (Mustache contexts are `[String: Any]`).
struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Each iteration writes only its own slot, so sharing the buffer across threads is safe.
private struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T?>
}
