internal import Mustache
import PlacardRules
import PlacardSystem

/// A page rendered to its final HTML.
package struct RenderedPage: Sendable {
    package var widgetID: String
    /// Path inside the bundle (`index.html`, `guide/setup.html`).
    package var path: String
    package var html: String
    /// The text of each version for the search index; empty when the page is not indexed.
    package var search: [SearchDocument] = []
}

/// The render stage: Markdown through cmark, then each page through its Mustache template.
///
/// Exists as one pure function of a parsed `Site`, spread over all cores; the Mustache
/// context built here is the public contract templates are written against (docs/templates.md).
package struct Renderer: Sendable {
    package let templates: TemplateSet
    package let runtime: RuntimeAssets
    package let config: Config
    /// Render the partials `PartialCache` finds once per widget and folder depth; off only
    /// in the tests that compare the output both ways.
    package var cachesPartials = true
    /// Which pages the search index wants the text of (nil: none).
    package var search: SearchPlan?
    /// The real path of the project's `content/`: `scripts:` must be files inside it.
    package var contentReal: String?
    /// Where each rendered page's heading ids and `#fragment` links go, for the check of
    /// links between pages once all are rendered (`FragmentCheck`); nil: not collected.
    package var anchors: AnchorCollector?

    package init(templates: TemplateSet, runtime: RuntimeAssets, config: Config) {
        (self.templates, self.runtime, self.config) = (templates, runtime, config)
    }

    /// One Markdown file rendered to HTML, before templating.
    struct Body: Sendable {
        var html: String
        var findings: [Finding]
        var headings: [CommonMark.Heading] = []
        /// The links of this version that name a fragment of a page of the widget.
        var fragmentLinks: [PageAnchors.FragmentLink] = []
    }

    /// Renders the selected pages, handing each with its findings to `sink` as soon as it
    /// is done (on the thread that rendered it), so a large site never holds all its HTML
    /// at once; returns the findings. Findings about a widget as a whole (a missing
    /// template) come only with the widget rendered whole, not with some of its pages.
    package func render(_ site: Site, _ selection: RenderSelection = .all, sink: @Sendable (RenderedPage, [Finding]) -> Void) -> [Finding] {
        let plan = Plan(site: site, selection: selection, renderer: self)
        let pageFindings = ConcurrentMap.run(plan.jobs.count) { i -> [Finding] in
            let (page, findings) = renderPage(plan.jobs[i], plan: plan)
            if let page { sink(page, findings) }
            return findings
        }
        return plan.findings + pageFindings.flatMap { $0 }
    }

    /// `render` that keeps the pages, in site order (for the fuzz harnesses and tests).
    package func render(_ site: Site, _ selection: RenderSelection = .all) -> ([RenderedPage], [Finding]) {
        let plan = Plan(site: site, selection: selection, renderer: self)
        let results = ConcurrentMap.run(plan.jobs.count) { renderPage(plan.jobs[$0], plan: plan) }
        return (results.compactMap(\.0), plan.findings + results.flatMap(\.1))
    }

    /// The output paths (`<widget-id>/<page>.html`) of the selected pages, in site order.
    func outputPaths(_ site: Site, _ selection: RenderSelection = .all) -> [String] {
        site.widgets
            .filter { templates.names.contains($0.template) }
            .flatMap { widget in
                widget.pages.filter { selection.includes($0.slug, of: widget.id) }.map { widget.id + "/" + $0.outputPath }
            }
    }

    /// What rendering a site takes: one job per page, and what the pages of a widget share.
    struct Plan: Sendable {
        /// One page; a page of a widget whose template is missing is still rendered to
        /// HTML (for the link findings) but not through a template.
        struct Job: Sendable {
            /// Indexes into `widgets` and into that widget's `pages`.
            var widget, page: Int
        }

        /// The parts of the Mustache context that are the same on every page of a widget,
        /// built once (not once per page: a widget of n pages would build n² nav entries).
        struct Shared: Sendable {
            var site: TemplateObject
            /// The template words in the site's default language (`words`, see `RuntimeWords.templateWords`).
            var words: TemplateObject
            var widget: TemplateObject
            var nav: [TemplateObject]
            var navPaths: [String]
            var resolver: LinkResolver
            var options: CommonMark.Options
            var hasTemplate: Bool
            /// `content/_shared/logo.<ext>` when the project has one (`assets.logo`).
            var logo: String?
            /// The widget's page list file (`assets.nav`).
            var navIndex: String
            /// `scripts:` of the widget: bundle path and `integrity` of each (`scripts`).
            var scripts: [(path: String, integrity: String)]
            /// Whether the widget has a search index (`assets.search`).
            var searchable = false
            /// Folder depth of a page → what every page of the widget at that depth shares.
            var byDepth: [Int: Folder] = [:]
        }

        /// What the pages of a widget at one folder depth share: the `assets` and `scripts` of
        /// their context (paths relative to that depth), and the library with the cacheable
        /// partials already rendered for them (`PartialCache`; nil when nothing is cached).
        struct Folder: Sendable {
            var assets: TemplateObject
            var scripts: [TemplateObject]
            var library: MustacheLibrary?
        }

        let widgets: [Widget]
        private(set) var shared: [Shared]
        let jobs: [Job]
        /// Findings about the site's templates, before any page's.
        let findings: [Finding]

        init(site: Site, selection: RenderSelection, renderer: Renderer) {
            let widgets = site.widgets.filter { selection.includes(widget: $0.id) }
            let templates = renderer.templates
            var findings: [Finding] = []
            for widget in widgets where templates.folderRead && !templates.names.contains(widget.template) && selection.isWhole(widget.id) {
                var missing = Finding(.templateMissing,
                                      "\(widget.placement.code) widget '\(widget.id)' uses template '\(widget.template)', but templates/\(widget.template).mustache does not exist.\(Suggestion.didYouMean(widget.template, in: templates.names.sorted()))",
                                       at: widget.templateLocation)
                missing.widget = widget.id
                findings.append(missing)
            }
            for widget in widgets where templates.emptyNames.contains(widget.template) && selection.isWhole(widget.id) {
                var empty = Finding(.templateEmpty,
                                    "templates/\(widget.template).mustache is empty, so every page of the \(widget.placement.code) widget '\(widget.id)' would be an empty file; give it the page's HTML (extend base: {{<base}}…{{/base}})",
                                    at: SourceLocation(file: "templates/\(widget.template).mustache", line: 1, column: 1))
                empty.widget = widget.id
                findings.append(empty)
            }
            let siteContext: TemplateObject = ["title": TemplateText(renderer.config.title), "defaultLanguage": TemplateText(renderer.config.defaultLanguage),
                                               "showContext": renderer.config.showContext]
            var wordsContext: TemplateObject = [:]
            for (key, word) in renderer.config.runtimeWords.templateWords(renderer.config.defaultLanguage).sorted(by: { $0.key < $1.key }) {
                wordsContext[key] = TemplateText(word)
            }
            let logo = Renderer.logoNames.first { name in site.shared.contains { $0.relative == name } }
            var scripts: [[(path: String, integrity: String)]] = []
            for widget in widgets {
                let (found, problems) = Renderer.scripts(of: widget, shared: site.shared, content: renderer.contentReal)
                scripts.append(found)
                if selection.isWhole(widget.id) { findings += problems.inWidget(widget.id) }
                // A template of one's own that never shows {{#scripts}}: the files are copied, never loaded.
                if !found.isEmpty, templates.usable, templates.names.contains(widget.template),
                   !templates.loadsScripts.contains(widget.template), selection.isWhole(widget.id), let first = widget.scripts.first {
                    var unused = Finding(.templateScriptsUnused,
                                         "this widget lists scripts, but its template '\(widget.template)' (with what it includes) never shows {{#scripts}}, so its pages do not load them; add {{#scripts}}<script src=\"{{src}}\" integrity=\"{{integrity}}\" defer></script>{{/scripts}} to the template's <head>, as templates/partials/head.mustache does",
                                         at: first.location)
                    unused.widget = widget.id
                    findings.append(unused)
                }
            }
            shared = zip(widgets, scripts).map { widget, scripts in
                Shared(site: siteContext, words: wordsContext, widget: renderer.widgetContext(widget), nav: renderer.navigation(widget),
                       navPaths: widget.pages.map(\.outputPath), resolver: LinkResolver(widget: widget, shared: site.shared),
                       options: CommonMark.Options(unsafeHTML: widget.unsafeHTML, insertSnippets: widget.placement == .imTextarea, headingIDs: true, externalLinksInNewTab: widget.externalLinksInNewTab),
                       hasTemplate: templates.names.contains(widget.template) && !templates.emptyNames.contains(widget.template), logo: logo, navIndex: widget.pageList.file.name, scripts: scripts,
                       searchable: SearchIndex.isSearchable(widget))
            }
            for (w, widget) in widgets.enumerated() where shared[w].hasTemplate {
                for (p, page) in widget.pages.enumerated() where selection.includes(page.slug, of: widget.id) {
                    let depth = Renderer.depth(of: page.slug)
                    guard shared[w].byDepth[depth] == nil else { continue }
                    shared[w].byDepth[depth] = renderer.folderParts(depth: depth, shared: shared[w])
                    if renderer.cachesPartials {
                        // The page context of the first page at this depth (any would do).
                        let context = renderer.pageContext(widget: widget, page: p, bodies: [], shared: shared[w])
                        shared[w].byDepth[depth]?.library = templates.library(caching: context)
                    }
                }
            }
            // One job per page so all cores stay busy, whatever the widget sizes.
            var jobs: [Job] = []
            for (w, widget) in widgets.enumerated() {
                for (p, page) in widget.pages.enumerated() where selection.includes(page.slug, of: widget.id) {
                    jobs.append(Job(widget: w, page: p))
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
        // The languages share one HTML file, so they share its ids (default language first).
        var slugger = HeadingSlugger()
        let bodies = page.versions.map { version in
            let body = renderBody(version, slug: page.slug, widget: widget, options: shared.options, resolver: shared.resolver, slugger: &slugger)
            findings += body.findings
            return body
        }
        if let anchors {
            // A new set, not `taken` shrunk in place: that would keep its storage for every page.
            let other = slugger.taken.subtracting(bodies.flatMap { $0.headings.map(\.id) })
            var own = PageAnchors(widget: widget.id, slug: page.slug, defaultLanguage: page.versions[0].language, other: other.isEmpty ? [] : other)
            for (version, body) in zip(page.versions, bodies) {
                own.setIDs(body.headings.map(\.id), of: version.language)
                own.links += body.fragmentLinks
            }
            anchors.add(own)
        }
        guard shared.hasTemplate else { return (nil, findings) }
        let context = pageContext(widget: widget, page: job.page, bodies: bodies, shared: shared)
        guard let html = templates.render(context, template: widget.template, library: shared.byDepth[Renderer.depth(of: page.slug)]?.library) else {
            // swift-mustache renders nothing for a template its library lacks; a set with
            // errors renders nothing at all (those errors are already findings). Either way
            // no page is made: an empty file would be published as if it were the page.
            if templates.usable {
                var missing = Finding(.templateMissing, "templates/\(widget.template).mustache could not be rendered for \(page.versions[0].file)",
                                      at: widget.templateLocation)
                missing.widget = widget.id
                findings.append(missing)
            }
            return (nil, findings)
        }
        var rendered = RenderedPage(widgetID: widget.id, path: page.outputPath, html: html)
        if search?.indexes(page.slug, of: widget.id) == true {
            rendered.search = zip(page.versions, bodies).map { version, body in
                SearchDocument(language: version.language, title: version.title, html: body.html)
            }
        }
        return (rendered, findings)
    }

    func renderBody(_ version: PageVersion, slug: String, widget: Widget, options: CommonMark.Options, resolver: LinkResolver) -> Body {
        var slugger = HeadingSlugger()
        return renderBody(version, slug: slug, widget: widget, options: options, resolver: resolver, slugger: &slugger)
    }

    func renderBody(_ version: PageVersion, slug: String, widget: Widget, options: CommonMark.Options, resolver: LinkResolver,
                    slugger: inout HeadingSlugger) -> Body {
        var findings: [Finding] = []
        var fragmentLinks: [PageAnchors.FragmentLink] = []
        let result = CommonMark.render(version.markdown, options: options, slugger: &slugger) { link in
            let decision = resolver.resolve(link.destination, fromSlug: slug)
            if decision != .keep || link.destination.hasPrefix("#"), !link.isImage,
               let (target, fragment) = resolver.fragmentTarget(link.destination, fromSlug: slug) {
                fragmentLinks.append(PageAnchors.FragmentLink(
                    language: version.language, destination: link.destination, target: target, fragment: fragment,
                    location: SourceLocation(file: version.file, line: version.bodyLineOffset + link.line, column: link.column)))
            }
            switch decision {
            case .keep: return .keep
            case .replace(let url): return .replace(url)
            case .problem(let rule, let message):
                findings.append(Finding(rule, message, at: SourceLocation(file: version.file, line: version.bodyLineOffset + link.line, column: link.column)))
                return .keep
            }
        }
        let at = { (line: Int, column: Int) in SourceLocation(file: version.file, line: version.bodyLineOffset + line, column: column) }
        for line in result.ignoredSnippetLines {
            if widget.placement == .imMobileContextMenu {
                findings.append(Finding(.replyMobile,
                                        "the Bitrix24 mobile app has no message field to insert into (IMMOBILE_CONTEXT_MENU: no insert bridge, no clipboard): this block is shown as selectable text with no Insert button; move replies to an IM_TEXTAREA widget, or keep them here only to be read",
                                        at: at(line, 1)))
            } else {
                findings.append(Finding(.markdownInsertPlacement,
                                        "```insert and ```reply snippets only work in IM_TEXTAREA widgets (they post to the chat input); this \(widget.placement.code) page shows it with no Insert button",
                                        at: at(line, 1)))
            }
        }
        for message in result.messages {
            findings += Self.findings(for: message, at: at)
        }
        for item in result.unrendered {
            let (rule, message) = Self.message(for: item.kind)
            findings.append(Finding(rule, message, at: SourceLocation(file: version.file, line: version.bodyLineOffset + item.line, column: item.column)))
        }
        return Body(html: result.html, findings: findings.inWidget(widget.id), headings: result.headings, fragmentLinks: fragmentLinks)
    }

    /// What is wrong with a ```reply or ```insert block: over the length Bitrix24 keeps, words
    /// of its info string that mean nothing, and what of a reply's Markdown BBCode cannot say.
    static func findings(for message: MessageBlock, at: (Int, Int) -> SourceLocation) -> [Finding] {
        var findings: [Finding] = []
        let name = message.kind == .reply ? "reply" : "insert"
        if message.length > Reply.maximumLength {
            findings.append(Finding(.replyLength,
                                    "this ```\(name) block is \(message.length) characters as sent\(message.kind == .reply ? " (as BBCode)" : ""); Bitrix24 truncates a message at \(Reply.maximumLength): split it into shorter replies",
                                    at: at(message.line, message.column)))
        }
        for word in message.unknownWords {
            findings.append(Finding(.replyInfo,
                                    "'\(word)' means nothing after ```\(name) and is ignored: the only word it takes is 'replace' (Insert then replaces the field's text).\(Suggestion.didYouMean(word, in: MessageBlock.infoWords))",
                                    at: at(message.line, message.column)))
        }
        for problem in message.problems {
            let location = at(problem.line, problem.column)
            switch problem.kind {
            case .heading:
                findings.append(Finding(.replyUnsupported, "a chat message has no headings (BBCode has none): this reply sends it as a bold line, \(problem.sent)", at: location))
            case .image:
                findings.append(Finding(.replyUnsupported, "a chat message cannot show a Markdown image: this reply sends its link instead, \(problem.sent)", at: location))
            case .table:
                findings.append(Finding(.replyUnsupported, "a chat message has no tables (BBCode has none): this reply sends \(problem.sent), '|' and all; write a list instead", at: location))
            case .rawHTML:
                findings.append(Finding(.replyUnsupported, "a chat message cannot hold HTML: this reply leaves the raw HTML out and sends the rest; write it as Markdown or BBCode", at: location))
            case .unbalancedTag(let tag):
                findings.append(Finding(.replyBBCode, "'\(tag)' has no partner in this reply's BBCode (or crosses Markdown formatting): it is sent as text (a zero-width space after '[' keeps the messenger from reading it as a tag); close it within the same formatting", at: location))
            }
        }
        return findings
    }

    /// What is wrong with Markdown cmark does not render as meant, and what to write instead.
    static func message(for kind: CommonMark.Unrendered.Kind) -> (Rule, String) {
        switch kind {
        case .footnote:
            (.markdownGFM, "a footnote ([^1]: …) is GitHub syntax Placard does not render: the page shows it as text; write the note in the text, or as a list at the end of the page")
        case .rawHTML:
            (.markdownHTMLOmitted, "raw HTML is dropped here (the page gets <!-- raw HTML omitted -->); write it as Markdown, or set unsafeHTML: true in index.md to let it through")
        }
    }

    /// Navigation entries of a widget: one per page, each with its title in every language.
    /// Made on all cores: for a large widget this list was the longest step before rendering.
    func navigation(_ widget: Widget) -> [TemplateObject] {
        ConcurrentMap.run(widget.pages.count) { i in
            let page = widget.pages[i]
            return ["slug": TemplateText(page.slug), "path": TemplateText(page.outputPath), "titles": localized(page.versions.map { ($0.language, $0.title) }, widget: widget)]
        }
    }

    /// `[{lang, title, hidden, isDefault}]`, default language first and visible.
    func localized(_ values: [(String, String)], widget: Widget) -> [TemplateObject] {
        values.map { language, text in
            let isDefault = language == config.defaultLanguage
            return ["lang": TemplateText(language), "title": TemplateText(text), "hidden": !isDefault, "isDefault": isDefault]
        }
    }

    /// The scripts `scripts:` names, each with the `integrity` of its bytes, and a finding for
    /// each that is not a file of the widget or of `content/_shared/`, or cannot be read.
    /// `content` is the real path of `content/`: a script must really be a file in it, not a
    /// symlink to another file of the project (`cfg.js -> ../../placard.yml` would publish the config).
    static func scripts(of widget: Widget, shared: [Asset], content: String? = nil) -> ([(path: String, integrity: String)], [Finding]) {
        var found: [(path: String, integrity: String)] = [], findings: [Finding] = []
        for (path, location) in widget.scripts {
            let isShared = path.hasPrefix("_shared/")
            let pool = isShared ? shared : widget.assets
            let name = isShared ? String(path.dropFirst("_shared/".count)) : path
            guard let asset = pool.first(where: { $0.relative == name }) else {
                let candidates = pool.map { (isShared ? "_shared/" : "") + $0.relative }.filter { $0.hasSuffix(".js") }
                findings.append(Finding(.frontmatterScriptsInvalid,
                                        "scripts: '\(path)' is not a file of content/\(isShared ? "_shared" : widget.id)/; put the script there, or fix the name.\(Suggestion.didYouMean(path, in: candidates))",
                                        at: location))
                continue
            }
            if let content, let real = FileSystem.realPath(asset.source), !real.hasPrefix(content + "/") {
                findings.append(Finding(.frontmatterScriptsInvalid,
                                        "scripts: '\(path)' is a symlink to a file outside content/ (\(real.hasPrefix(Path.parent(of: content) + "/") ? String(real.dropFirst(Path.parent(of: content).count + 1)) : "another folder")), which every page would publish as a script; copy the script into content/ instead",
                                        at: location))
                continue
            }
            let bytes: [UInt8]
            do { bytes = try FileSystem.read(asset.source, limit: Loader.maximumTextFileSize) } catch {
                let reason = error.code == EFBIG
                    ? "is larger than \(Loader.maximumTextFileSize >> 20) MiB, the most a script of a widget may have"
                    : "cannot be read (\(error.reason ?? "error \(error.code)"))"
                findings.append(Finding(.frontmatterScriptsInvalid, "scripts: '\(path)' \(reason)", at: location))
                continue
            }
            found.append((path, FingerprintedFile.integrity(of: bytes)))
        }
        return (found, findings)
    }

    /// The names `assets.logo` looks for in `content/_shared/`, in this order.
    static let logoNames = ["logo.svg", "logo.png", "logo.webp", "logo.jpg"]

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
            "hasSearch": SearchIndex.isSearchable(widget),
            "showContext": widget.showContext ?? config.showContext,
        ]
        if let description = widget.descriptions[config.defaultLanguage] { widgetContext["description"] = TemplateText(description) }
        if case .string(let icon)? = widget.options["iconName"] { widgetContext["iconName"] = TemplateText(icon) }
        if case .string(let color)? = widget.options["color"], let hex = BindOptionRules.colorHex[color] {
            widgetContext["color"] = TemplateText(color)
            widgetContext["colorHex"] = TemplateText(hex)
        }
        return widgetContext
    }

    /// How many folders deep a page is (`guide/setup` is 1): what its relative asset paths depend on.
    static func depth(of slug: String) -> Int {
        slug.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
    }

    func pageContext(widget: Widget, page index: Int, bodies: [Body], shared: Plan.Shared) -> TemplateObject {
        let page = widget.pages[index]
        let depth = Renderer.depth(of: page.slug)
        let root = String(repeating: "../", count: depth)
        let folder = Path.parent(of: page.slug)
        let versions: [TemplateObject] = zip(page.versions, bodies).map { version, body in
            var object: TemplateObject = [
                "lang": TemplateText(version.language), "title": TemplateText(version.title), "html": TemplateText(body.html),
                "hidden": version.language != config.defaultLanguage, "isDefault": version.language == config.defaultLanguage]
            // The day of front matter's lastmod (else date), YYYY-MM-DD; absent without one.
            if let updated = version.updated { object["updated"] = TemplateText(updated) }
            let toc = TableOfContents(body.headings)
            object["toc"] = toc.entries
            object["hasToc"] = toc.isShown
            return object
        }
        let perFolder = shared.byDepth[depth] ?? folderParts(depth: depth, shared: shared)
        let link = { (i: Int) -> TemplateObject in
            ["url": TemplateText(PercentEncoding.encodePath(Path.relative(from: folder, to: shared.navPaths[i]))),
             "titles": shared.nav[i]["titles"] ?? [TemplateObject]()]
        }
        return [
            "site": shared.site,
            "words": shared.words,
            "widget": shared.widget,
            "page": ["slug": TemplateText(page.slug), "path": TemplateText(page.outputPath), "title": TemplateText(page.versions[0].title),
                     "isIndex": page.slug == "index"] as TemplateObject,
            "versions": versions,
            "nav": NavList(entries: shared.nav, paths: shared.navPaths, folder: folder, current: index),
            // The page's own links, for a navigation that works without the page list.
            "home": index > 0 ? link(0) : false,
            "prev": index > 1 ? link(index - 1) : false, // the page before the second is home
            "next": index + 1 < shared.nav.count ? link(index + 1) : false,
            "hasNav": shared.nav.count > 1,
            "root": TemplateText(root),
            "lang": TemplateText(config.defaultLanguage),
            "assets": perFolder.assets,
            "scripts": perFolder.scripts,
        ]
    }

    /// The `assets` and `scripts` of the context for a page `depth` folders deep: paths
    /// relative to it, the same for every page of the widget at that depth.
    func folderParts(depth: Int, shared: Plan.Shared) -> Plan.Folder {
        let root = String(repeating: "../", count: depth)
        var assets: TemplateObject = [
            "bx24": TemplateText(config.bx24Script),
            "script": TemplateText(root + runtime.script.name), "scriptIntegrity": TemplateText(runtime.script.integrity),
            "style": TemplateText(root + runtime.style.name), "styleIntegrity": TemplateText(runtime.style.integrity),
        ]
        // An optional asset is in the context only when it exists, so `{{#assets.logo}}`
        // leaves it out of the page instead of linking to a missing file.
        if let logo = shared.logo { assets["logo"] = TemplateText(root + "_shared/" + logo) }
        assets["nav"] = TemplateText(root + shared.navIndex)
        if shared.searchable { assets["search"] = TemplateText(root + SearchIndex.entryName) }
        let scripts = shared.scripts.map { ["src": TemplateText(root + PercentEncoding.encodePath($0.path)), "integrity": TemplateText($0.integrity)] as TemplateObject }
        return Plan.Folder(assets: assets, scripts: scripts, library: nil)
    }
}
