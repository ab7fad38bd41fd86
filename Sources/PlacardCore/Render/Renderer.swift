internal import Mustache
import PlacardRules
import PlacardSystem

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
        let plan = Plan(site: site, only: only, renderer: self)
        let results = ConcurrentMap.run(plan.jobs.count) { renderPage(plan.jobs[$0], plan: plan) }
        var pages: [RenderedPage] = []
        pages.reserveCapacity(results.count)
        var findings = plan.findings
        for (page, pageFindings) in results {
            if let page { pages.append(page) }
            findings += pageFindings
        }
        return (pages, findings)
    }

    /// Renders only the pages `slugs` of widget `id`, exactly as `render` renders them (for
    /// `serve` after an edit of those pages). Findings about the widget as a whole (a
    /// missing template) are `render`'s only.
    public func render(_ site: Site, widget id: String, pages slugs: Set<String>) -> ([RenderedPage], [Finding]) {
        let plan = Plan(site: site, only: [id], renderer: self)
        let jobs = plan.jobs.filter { slugs.contains(plan.widgets[$0.widget].pages[$0.page].slug) }
        let results = ConcurrentMap.run(jobs.count) { renderPage(jobs[$0], plan: plan) }
        return (results.compactMap(\.0), results.flatMap(\.1))
    }

    /// `render` that hands each page to `sink` as soon as it is rendered (from any thread,
    /// with its position in the order `render` returns the pages) instead of keeping them,
    /// so a large site never holds all its HTML at once. Returns the same findings.
    func render(_ site: Site, only: Set<String>? = nil, sink: @Sendable (Int, RenderedPage) -> Void) -> [Finding] {
        let plan = Plan(site: site, only: only, renderer: self)
        let pageFindings = ConcurrentMap.run(plan.jobs.count) { i -> [Finding] in
            let (page, findings) = renderPage(plan.jobs[i], plan: plan)
            if let page, let slot = plan.jobs[i].slot { sink(slot, page) }
            return findings
        }
        return plan.findings + pageFindings.flatMap { $0 }
    }

    /// The output paths (`<widget-id>/<page>.html`) `render` produces, in its order.
    func outputPaths(_ site: Site, only: Set<String>? = nil) -> [String] {
        site.widgets
            .filter { (only?.contains($0.id) ?? true) && templates.names.contains($0.template) }
            .flatMap { widget in widget.pages.map { widget.id + "/" + $0.outputPath } }
    }

    /// What rendering a site takes: one job per page, and what the pages of a widget share.
    struct Plan: @unchecked Sendable {
        struct Job {
            var widget: Int
            var page: Int
            /// Position among the rendered pages; nil when the widget's template is missing
            /// (its Markdown is still rendered, for the link findings).
            var slot: Int?
        }

        /// The parts of the Mustache context that are the same on every page of a widget,
        /// built once (not once per page: a widget of n pages would build n² nav entries).
        struct Shared {
            var site: TemplateObject
            var widget: TemplateObject
            var nav: [TemplateObject]
            var navPaths: [String]
            var resolver: LinkResolver
            var options: CommonMark.Options
            var hasTemplate: Bool
        }

        let widgets: [Widget]
        let shared: [Shared]
        let jobs: [Job]
        /// Findings about the site's templates, before any page's.
        let findings: [Finding]

        init(site: Site, only: Set<String>?, renderer: Renderer) {
            let widgets = site.widgets.filter { only?.contains($0.id) ?? true }
            let templates = renderer.templates
            var findings: [Finding] = []
            for widget in widgets where !templates.names.contains(widget.template) {
                var missing = Finding(.templateMissing,
                                      "\(widget.placement.code) widget '\(widget.id)' uses template '\(widget.template)', but templates/\(widget.template).mustache does not exist.\(Suggestion.didYouMean(widget.template, in: templates.names.sorted()))",
                                       at: widget.templateLocation)
                missing.widget = widget.id
                findings.append(missing)
            }
            let siteContext: TemplateObject = ["title": TemplateText(renderer.config.title), "defaultLanguage": TemplateText(renderer.config.defaultLanguage)]
            shared = widgets.map { widget in
                Shared(site: siteContext, widget: renderer.widgetContext(widget), nav: renderer.navigation(widget),
                       navPaths: widget.pages.map(\.outputPath), resolver: LinkResolver(widget: widget, shared: site.shared),
                       options: CommonMark.Options(unsafeHTML: widget.unsafeHTML, insertSnippets: widget.placement == .imTextarea),
                       hasTemplate: templates.names.contains(widget.template))
            }
            // One job per page so all cores stay busy, whatever the widget sizes.
            var jobs: [Job] = []
            var slot = 0
            for (w, widget) in widgets.enumerated() {
                let hasTemplate = shared[w].hasTemplate
                for p in widget.pages.indices {
                    jobs.append(Job(widget: w, page: p, slot: hasTemplate ? slot : nil))
                    if hasTemplate { slot += 1 }
                }
            }
            self.widgets = widgets
            self.jobs = jobs
            self.findings = findings
        }
    }

    /// Renders the Markdown of every version of one page, then the page through its template.
    func renderPage(_ job: Plan.Job, plan: Plan) -> (RenderedPage?, [Finding]) {
        let widget = plan.widgets[job.widget]
        let shared = plan.shared[job.widget]
        let page = widget.pages[job.page]
        var findings: [Finding] = []
        let bodies = page.versions.map { version in
            let body = renderBody(version, slug: page.slug, widget: widget, options: shared.options, resolver: shared.resolver)
            findings += body.findings
            return body
        }
        guard shared.hasTemplate else { return (nil, findings) }
        let context = pageContext(widget: widget, page: job.page, bodies: bodies, shared: shared)
        let html = templates.render(context, template: widget.template) ?? ""
        return (RenderedPage(widgetID: widget.id, path: page.outputPath, html: html), findings)
    }

    func renderBody(_ version: PageVersion, slug: String, widget: Widget, options: CommonMark.Options, resolver: LinkResolver) -> Body {
        var findings: [Finding] = []
        let result = CommonMark.render(version.markdown, options: options) { link in
            switch resolver.resolve(link.destination, fromSlug: slug) {
            case .keep: return .keep
            case .replace(let url): return .replace(url)
            case .problem(let rule, let message):
                findings.append(Finding(rule, message, at: SourceLocation(file: version.file, line: version.bodyLineOffset + link.line, column: link.column)))
                return .keep
            }
        }
        for line in result.ignoredSnippetLines {
            findings.append(Finding(.markdownInsertPlacement,
                                    "```insert snippets only work in IM_TEXTAREA widgets (they post to the chat input); this \(widget.placement.code) page shows it as plain code",
                                    at: SourceLocation(file: version.file, line: version.bodyLineOffset + line, column: 1)))
        }
        return Body(html: result.html, findings: findings.inWidget(widget.id))
    }

    /// Navigation entries of a widget: one per page, each with its title in every language.
    func navigation(_ widget: Widget) -> [TemplateObject] {
        widget.pages.map { page in
            ["slug": TemplateText(page.slug), "path": TemplateText(page.outputPath), "titles": localized(page.versions.map { ($0.language, $0.title) }, widget: widget)]
        }
    }

    /// `[{lang, title, hidden, isDefault}]`, default language first and visible.
    func localized(_ values: [(String, String)], widget: Widget) -> [TemplateObject] {
        values.map { language, text in
            let isDefault = language == config.defaultLanguage
            return ["lang": TemplateText(language), "title": TemplateText(text), "hidden": !isDefault, "isDefault": isDefault]
        }
    }

    /// The `widget` part of the context, the same on every page of the widget.
    func widgetContext(_ widget: Widget) -> TemplateObject {
        let placement = widget.placement
        var widgetContext: TemplateObject = [
            "id": TemplateText(widget.id),
            "placement": TemplateText(placement.code),
            "title": TemplateText(widget.titles[config.defaultLanguage] ?? widget.id),
            "titles": localized(widget.languages.compactMap { l in widget.titles[l].map { (l, $0) } }, widget: widget),
            "isTextarea": placement == .imTextarea,
            "isSidebar": placement == .imSidebar,
            "isContextMenu": placement == .imContextMenu,
            "isNavigation": placement == .imNavigation,
            "isMobile": placement == .imMobileContextMenu,
            "surface": TemplateText(placement.surface.rawValue),
            "delivers": placement.delivers.map(TemplateText.init),
            "deliversDialogId": placement.delivers("dialogId"),
            "deliversMessageId": placement.delivers("messageId"),
            "deliversURI": placement.delivers("URI"),
        ]
        if let description = widget.descriptions[config.defaultLanguage] { widgetContext["description"] = TemplateText(description) }
        if case .string(let icon)? = widget.options["iconName"] { widgetContext["iconName"] = TemplateText(icon) }
        if case .string(let color)? = widget.options["color"], let hex = BindOptionRules.colorHex[color] {
            widgetContext["color"] = TemplateText(color)
            widgetContext["colorHex"] = TemplateText(hex)
        }
        return widgetContext
    }

    func pageContext(widget: Widget, page index: Int, bodies: [Body], shared: Plan.Shared) -> TemplateObject {
        let page = widget.pages[index]
        let depth = page.slug.split(separator: "/").count - 1
        let root = String(repeating: "../", count: depth)
        let folder = Path.parent(of: page.slug)
        let versions: [TemplateObject] = zip(page.versions, bodies).map { version, body in
            ["lang": TemplateText(version.language), "title": TemplateText(version.title), "html": TemplateText(body.html),
             "hidden": version.language != config.defaultLanguage, "isDefault": version.language == config.defaultLanguage]
        }
        return [
            "site": shared.site,
            "widget": shared.widget,
            "page": ["slug": TemplateText(page.slug), "path": TemplateText(page.outputPath), "title": TemplateText(page.versions[0].title),
                     "isIndex": page.slug == "index"] as TemplateObject,
            "versions": versions,
            "nav": NavList(entries: shared.nav, paths: shared.navPaths, folder: folder, current: index),
            "hasNav": shared.nav.count > 1,
            "root": TemplateText(root),
            "lang": TemplateText(config.defaultLanguage),
            "assets": [
                "bx24": TemplateText(config.bx24Script),
                "script": TemplateText(root + runtime.script.name), "scriptIntegrity": TemplateText(runtime.script.integrity),
                "style": TemplateText(root + runtime.style.name), "styleIntegrity": TemplateText(runtime.style.integrity),
            ] as TemplateObject,
        ]
    }
}

/// The `nav` list of one page: the widget's entries, each with its `url` relative to the
/// page and `current` set on the page itself.
///
/// Exists because the list has as many entries as the widget has pages, and most templates
/// show it on some pages only: an entry is made when a template reads it, so a widget of
/// n pages does not cost n² entries. To a template it is the array it stands for (same
/// items, transforms and text).
struct NavList: MustacheSequence, MustacheParent, MustacheTransformable, CustomStringConvertible {
    let entries: [TemplateObject]
    let paths: [String]
    let folder: String
    let current: Int

    struct Iterator: IteratorProtocol {
        let list: NavList
        var index = 0
        mutating func next() -> TemplateObject? {
            guard index < list.entries.count else { return nil }
            defer { index += 1 }
            return list.entry(index)
        }
    }

    func makeIterator() -> Iterator { Iterator(list: self) }
    var underestimatedCount: Int { entries.count }

    func entry(_ i: Int) -> TemplateObject {
        var entry = entries[i]
        entry["url"] = TemplateText(Path.relative(from: folder, to: paths[i]))
        entry["current"] = i == current
        return entry
    }

    /// The array this list stands for.
    var array: [TemplateObject] { entries.indices.map(entry) }

    /// Like an array, the list has no named children (`{{nav.x}}` is empty).
    func child(named: String) -> Any? { nil }
    func transform(_ name: String) -> Any? { array.transform(name) }
    var description: String { array.description }
}
