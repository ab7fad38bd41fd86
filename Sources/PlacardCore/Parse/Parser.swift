import PlacardRules
import PlacardSystem

/// The parse stage: front matter and placement rules turn a `SourceTree` into a `Site`.
///
/// Exists so that every rule about the content model (required keys, placement codes,
/// OPTIONS, languages, page ordering) is checked in one pass, all findings collected.
package enum Parser {
    static let indexKeys = ["placement", "title", "description", "options", "template", "unsafeHTML", "draft", "scripts", "search", "externalLinks", "showContext"]
    static let pageKeys = ["title", "weight", "draft", "date", "lastmod", "search"]
    static let translationIndexKeys = ["title", "description"]

    package static func parse(_ tree: SourceTree, config: Config) -> (Site, [Finding]) {
        var findings: [Finding] = []
        var widgets: [Widget] = []
        for files in tree.widgets {
            if let widget = parseWidget(files, config: config, findings: &findings) { widgets.append(widget) }
        }
        // Every widget a draft: the build would publish an output without a single widget.
        let drafts = findings.filter { $0.rule == Rule.frontmatterDraft.id && $0.message.hasPrefix("the widget ") }
        if widgets.isEmpty, !drafts.isEmpty, !findings.hasErrors {
            let names = drafts.compactMap(\.widget).map { "'\($0)'" }.joined(separator: ", ")
            findings.append(Finding(.contentDraftsOnly,
                                    "every widget is a draft (\(names)), so this build would publish no widget at all; remove 'draft: true' from a widget's index.md to publish it, or preview the drafts with 'placard serve --drafts'",
                                    at: drafts[0].location))
        }
        return (Site(config: config, widgets: widgets, shared: tree.shared, stylesheet: tree.stylesheet), findings)
    }

    /// `page.de.md` → ("page", "de"); `page.pt-br.md` → ("page", "pt-br"); `page.md` →
    /// ("page", nil); `api.get.md` → ("api.get", nil): the part after the last dot is a
    /// language only when it is a language code (`LanguageCodes`) or one of `languages`,
    /// the codes placard.yml names (`Config.languages`: `page.fil.md` with `languages: [fil]`).
    package static func splitName(_ relative: String, languages: Set<String>) -> (slug: String, language: String?) {
        let stem = relative.hasSuffix(".md") ? relative.dropLast(3) : relative[...]
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex, stem[stem.index(before: dot)] != "/" {
            let suffix = stem[stem.index(after: dot)...]
            if suffix.utf8.count <= 7, LanguageCodes.isLanguage(suffix) {
                return (String(stem[..<dot]), String(suffix))
            }
            if !languages.isEmpty, suffix.utf8.count <= 35, languages.contains(suffix.lowercased()) {
                return (String(stem[..<dot]), String(suffix))
            }
        }
        return (String(stem), nil)
    }

    static func parseWidget(_ files: WidgetFiles, config: Config, findings: inout [Finding]) -> Widget? {
        // Everything found while parsing the widget's files belongs to the widget.
        let before = findings.count
        defer { for i in before..<findings.count where findings[i].widget == nil { findings[i].widget = files.id } }
        let indexPath = "content/\(files.id)/index.md"
        let defaultLanguage = config.defaultLanguage
        let projectLanguages = config.languages
        let bySlug = group(files.markdown, defaultLanguage: defaultLanguage, languages: projectLanguages, findings: &findings)
        guard let indexVersions = bySlug["index"], indexVersions.contains(where: { $0.language == defaultLanguage }) else {
            // An index.md that could not be read has its own finding already.
            if files.unreadable.contains("index.md") { return nil }
            findings.append(Finding(.widgetIndexMissing,
                                    "content/\(files.id)/ has no index.md; it declares the widget (placement, title, options)",
                                    at: SourceLocation(file: indexPath)))
            return nil
        }

        var widget = Widget(
            id: files.id, placement: .imSidebar, titles: [:], descriptions: [:], options: [:], template: "",
            unsafeHTML: false, pages: [], assets: files.assets, languages: [], indexFile: indexPath,
            templateLocation: SourceLocation(file: indexPath, line: 1, column: 1))
        var placementOK = false
        var pages: [Page] = []

        let slugs = bySlug.keys.sorted()
        var entriesBySlug = slugs.map { bySlug[$0]! }
        // Split every file's front matter on all cores first; the findings are still made
        // below, one file after the other, in the same order as ever.
        let splitFiles = entriesBySlug.flatMap { entries in entries.first?.language == defaultLanguage ? entries.map(\.file) : [] }
        var splits = ConcurrentMap.run(splitFiles.count) { FrontMatter.split(splitFiles[$0].text, file: splitFiles[$0].path) }[...]
        for (index, slug) in slugs.enumerated() {
            let entries = entriesBySlug[index]
            entriesBySlug[index] = []
            let count = entries.first?.language == defaultLanguage ? entries.count : 0
            let page = parsePage(slug, entries, splits: splits.prefix(count), defaultLanguage: defaultLanguage,
                                 findings: &findings) { language, title, frontMatter, file, findings in
                widget.titles[language] = title
                if let description = frontMatter.fields["description"]?.value.string { widget.descriptions[language] = description }
                if language == defaultLanguage {
                    placementOK = parseIndex(frontMatter.fields, file: file.path, into: &widget, findings: &findings)
                }
            }
            splits = splits.dropFirst(count)
            if let page { pages.append(page) }
        }
        guard placementOK, widget.titles[defaultLanguage] != nil else { return nil }
        if !config.includesDrafts {
            if let index = pages.first(where: { $0.slug == "index" }), let at = index.draft {
                findings.append(draftNote("the widget '\(files.id)'", at: at))
                return nil
            }
            for page in pages {
                guard let at = page.draft else { continue }
                findings.append(draftNote("the page '\(page.slug)'", at: at))
                widget.draftSlugs.insert(page.slug)
            }
            pages.removeAll(where: \.isDraft)
        }
        sortPages(&pages)
        widget.search = pages.first(where: { $0.slug == "index" })?.search ?? true
        widget.pages = pages
        widget.unbuiltSlugs = unbuiltSlugs(files, built: pages, languages: projectLanguages).subtracting(widget.draftSlugs)
        widget.listedLanguages = projectLanguages
        widget.settlePages()
        widget.languages = languages(of: pages, defaultLanguage: defaultLanguage)
        return widget
    }

    /// The Markdown files of a widget by page slug, each page's versions default language
    /// first, then by language. A file named for the default language (`page.en.md`) next
    /// to `page.md` is left out, with an error.
    static func group(_ markdown: [TextFile], defaultLanguage: String, languages: Set<String>,
                      findings: inout [Finding]) -> [String: [(language: String, file: TextFile)]] {
        var bySlug: [String: [(language: String, file: TextFile)]] = [:]
        for file in markdown {
            let (slug, language) = splitName(file.relative, languages: languages)
            if language == defaultLanguage, markdown.contains(where: { $0.relative == slug + ".md" }) {
                findings.append(Finding(.pageDuplicate,
                                        "\(file.path) and \(slug).md are both the '\(defaultLanguage)' version of '\(slug)'; keep one",
                                        at: SourceLocation(file: file.path)))
                continue
            }
            bySlug[slug, default: []].append((language ?? defaultLanguage, file))
        }
        for (slug, entries) in bySlug {
            bySlug[slug] = entries.sorted { a, b in
                (a.language == defaultLanguage ? 0 : 1, a.language) < (b.language == defaultLanguage ? 0 : 1, b.language)
            }
        }
        return bySlug
    }

    /// One page from its files (`group`'s order) and, when the first is in the default
    /// language, their split front matter in the same order. Nil when the page has no
    /// default-language file or no version with a title. The `index` page hands each
    /// version to `index` (the widget's titles, placement and options) instead of reading
    /// a weight; a version without a title too (with a nil title), so its other errors
    /// are reported with the missing title.
    static func parsePage(
        _ slug: String, _ entries: [(language: String, file: TextFile)],
        splits: some Sequence<Result<FrontMatter, Finding>>, defaultLanguage: String, findings: inout [Finding],
        index: (_ language: String, _ title: String?, _ frontMatter: FrontMatter, _ file: TextFile, _ findings: inout [Finding]) -> Void
    ) -> Page? {
        guard entries.first?.language == defaultLanguage else {
            if let file = entries.first?.file {
                findings.append(Finding(.pageDefaultLanguageMissing,
                                        "\(file.path) is a translation of '\(slug)', but there is no \(slug).md in the default language '\(defaultLanguage)'; add it",
                                        at: SourceLocation(file: file.path)))
            }
            return nil
        }
        var page = Page(slug: slug, weight: 0, versions: [])
        for ((language, file), split) in zip(entries, splits) {
            let frontMatter: FrontMatter
            switch split {
            case .success(let value): frontMatter = value
            case .failure(let finding): findings.append(finding); continue
            }
            let isDefault = language == defaultLanguage
            let allowed = slug == "index" ? (isDefault ? indexKeys : translationIndexKeys) : (isDefault ? pageKeys : ["title", "date", "lastmod"])
            for field in frontMatter.fields.fields where !allowed.contains(field.key) {
                let known = indexKeys + pageKeys
                let note = known.contains(field.key)
                    ? "is only read from the default-language index.md"
                    : "is not a front-matter key Placard knows (\(allowed.joined(separator: ", ")))"
                findings.append(Finding(.frontmatterKeyUnknown,
                                        "'\(field.key)' \(note) and is ignored.\(known.contains(field.key) ? "" : Suggestion.didYouMean(field.key, in: allowed))",
                                        at: SourceLocation(file: file.path, line: field.line, column: field.column)))
            }
            // Only a widget's index.md needs front matter (its placement); a page without
            // one is all body, its title taken from its first heading or its file name.
            if !frontMatter.fenced, slug == "index" {
                let titleLine = file.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("title:") }
                let problem = file.text.allSatisfy(\.isWhitespace) ? "is empty"
                    : titleLine.map { "has no front matter fence: its first line is not '---', so 'title:' on line \($0 + 1) is page text" }
                    ?? "has no front matter (its first line is not '---')"
                findings.append(Finding(.frontmatterMissing,
                                        "\(file.path) \(problem); a widget's index.md starts with front matter: a line '---', then 'placement: …' and 'title: …', then '---'",
                                        at: SourceLocation(file: file.path, line: 1, column: 1)))
                continue
            }
            var body = frontMatter.body
            let heading = PageTitle.firstHeading(of: body)
            let written = frontMatter.fields["title"]?.value.string.flatMap { $0.isEmpty ? nil : $0 }
            // The first `# heading` is the title when none is written, and is then not repeated
            // as a second <h1>; nor is it when it says what the written title says.
            if let heading, written == nil || written == heading.title { body = heading.bodyWithout }
            let title = written ?? heading?.title ?? PageTitle.fromFileName(slug)
            if slug == "index", written == nil, heading == nil {
                findings.append(Finding(.frontmatterTitleMissing, "\(file.path) needs a 'title:' in its front matter (or a '# heading' to take it from)",
                                        at: SourceLocation(file: file.path, line: 1, column: 1)))
                // The placement and options are still checked: every error of index.md at once.
                index(language, nil, frontMatter, file, &findings)
                continue
            }
            var updated: String?
            for key in ["lastmod", "date"] {
                guard let field = frontMatter.fields[key] else { continue }
                if let day = field.value.string.flatMap(PageTitle.day) {
                    if updated == nil { updated = day }
                } else {
                    findings.append(Finding(.frontmatterDateInvalid, "\(key) must be a date written YYYY-MM-DD (a time may follow: 2026-03-05T10:00:00Z)",
                                            at: SourceLocation(file: file.path, line: field.line, column: field.column)))
                }
            }
            if isDefault, let draft = frontMatter.fields["draft"] {
                if let flag = draft.value.bool {
                    page.draft = flag ? SourceLocation(file: file.path, line: draft.line, column: draft.column) : nil
                } else {
                    findings.append(Finding(.frontmatterDraftInvalid, "draft must be true or false (a draft is left out unless the build runs with --drafts)",
                                            at: SourceLocation(file: file.path, line: draft.line, column: draft.column)))
                }
            }
            if isDefault, let search = frontMatter.fields["search"] {
                if let flag = search.value.bool { page.search = flag } else {
                    findings.append(Finding(.frontmatterSearchInvalid, "search must be true or false (in index.md, false turns the widget's search off; on another page, false leaves the page out of the search)",
                                            at: SourceLocation(file: file.path, line: search.line, column: search.column)))
                }
            }
            if slug == "index" {
                index(language, title, frontMatter, file, &findings)
            } else if isDefault, let weight = frontMatter.fields["weight"] {
                if let text = weight.value.string, let number = Int(text) { page.weight = number } else {
                    findings.append(Finding(.frontmatterWeightInvalid, "weight must be an integer (pages are sorted by it, lowest first)",
                                            at: SourceLocation(file: file.path, line: weight.line, column: weight.column)))
                }
            }
            var version = PageVersion(language: language, title: title, markdown: body,
                                      file: file.path, bodyLineOffset: frontMatter.bodyLineOffset)
            version.updated = updated
            page.versions.append(version)
        }
        return page.versions.isEmpty ? nil : page
    }

    /// Parses one page of a widget again, from the widget's files (for `serve`, after an
    /// edit of one of them): the page (nil when it is not built), the files whose findings
    /// it replaces (every Markdown file of `slug`), and the findings a whole-widget parse
    /// makes about those files. Not for `index`, whose front matter is the widget's.
    static func parsePage(_ slug: String, in files: WidgetFiles, defaultLanguage: String, languages: Set<String>) -> (page: Page?, files: Set<String>, findings: [Finding]) {
        // Only the files of this slug decide its versions and duplicates.
        let own = files.markdown.filter { splitName($0.relative, languages: languages).slug == slug }
        var findings: [Finding] = []
        let entries = group(own, defaultLanguage: defaultLanguage, languages: languages, findings: &findings)[slug] ?? []
        let splits = entries.first?.language == defaultLanguage ? entries.map { FrontMatter.split($0.file.text, file: $0.file.path) } : []
        let page = parsePage(slug, entries, splits: splits, defaultLanguage: defaultLanguage, findings: &findings) { _, _, _, _, _ in }
        return (page, Set(own.map(\.path)), findings.inWidget(files.id))
    }

    /// The note that a draft is left out of this build.
    static func draftNote(_ what: String, at location: SourceLocation) -> Finding {
        Finding(.frontmatterDraft, "\(what) is a draft (draft: true) and is left out of this build; build with --drafts to include it, or remove draft: to publish it",
                at: location)
    }

    /// The slugs of the Markdown files of a widget that are not among its built `pages`
    /// (refused with an error, or unreadable): links to them are not broken.
    static func unbuiltSlugs(_ files: WidgetFiles, built pages: [Page], languages: Set<String>) -> Set<String> {
        Set((files.markdown.map(\.relative) + files.unreadable).map { splitName($0, languages: languages).slug }).subtracting(pages.map(\.slug))
    }

    /// `index` first, then by weight, default-language title and slug.
    static func sortPages(_ pages: inout [Page]) {
        pages.sort { a, b in
            if (a.slug == "index") != (b.slug == "index") { return a.slug == "index" }
            if a.weight != b.weight { return a.weight < b.weight }
            if a.versions[0].title != b.versions[0].title { return a.versions[0].title < b.versions[0].title }
            return a.slug < b.slug
        }
    }

    /// The default language, then every other language some page has, sorted.
    static func languages(of pages: [Page], defaultLanguage: String) -> [String] {
        var languages: Set<String> = []
        for page in pages { for version in page.versions { languages.insert(version.language) } }
        return [defaultLanguage] + languages.subtracting([defaultLanguage]).sorted()
    }

    /// Reads the widget-level keys of the default-language `index.md`. False if the widget
    /// cannot be built (no valid placement).
    static func parseIndex(_ fields: YAMLMapping, file: String, into widget: inout Widget, findings: inout [Finding]) -> Bool {
        func at(_ field: YAMLMapping.Field) -> SourceLocation { SourceLocation(file: file, line: field.line, column: field.column) }
        guard let placementField = fields["placement"], let code = placementField.value.string else {
            let codes = Placement.buildable.map(\.code).joined(separator: ", ")
            // A misspelt key (`placment:`) is where the fix goes: the error points at it.
            if fields["placement"] == nil,
               let near = fields.fields.first(where: { $0.key != "placement" && Suggestion.closest(to: $0.key, in: ["placement"]) == "placement" && !indexKeys.contains($0.key) }) {
                findings.append(Finding(.placementMissing,
                                        "\(file) needs 'placement:', one of \(codes); '\(near.key)' here is not a key Placard knows. Did you mean 'placement'?",
                                        at: at(near)))
                return false
            }
            findings.append(Finding(.placementMissing,
                                    "\(file) needs 'placement:', one of \(codes)",
                                    at: fields["placement"].map(at) ?? SourceLocation(file: file, line: 1, column: 1)))
            return false
        }
        if let problem = Placement.problem(withCode: code) {
            findings.append(problem.at(at(placementField)))
            return false
        }
        let placement = Placement.named(code)!
        widget.placement = placement
        widget.template = placement.templateName

        if let field = fields["template"] {
            if let name = field.value.string, !name.isEmpty, Path.normalize(name) == name {
                widget.template = name.hasSuffix(".mustache") ? String(name.dropLast(9)) : name
                widget.templateLocation = at(field)
            } else {
                findings.append(Finding(.frontmatterTemplateInvalid, "template must be a template name inside templates/, such as 'im-sidebar'", at: at(field)))
            }
        }
        if let field = fields["scripts"] {
            let items: [YAMLValue]
            switch field.value {
            case .list(let list): items = list
            case .scalar: items = [field.value]
            case .mapping, .null:
                // A mapping (`scripts: {chart: chart.js}`) or nothing at all loads nothing: say so.
                items = []
                findings.append(Finding(.frontmatterScriptsInvalid,
                                        "scripts must be a list of JavaScript files of this widget's folder or content/_shared/, such as [chart.js, _shared/lib.js], not \(field.value.typeName)",
                                        at: at(field)))
            }
            var listed: Set<String> = []
            for item in items {
                // `../_shared/x.js` (as a Markdown link would say it) is the bundle's `_shared/x.js`.
                guard let text = item.string, let path = Path.normalize(text.hasPrefix("../_shared/") ? String(text.dropFirst(3)) : text),
                      path.hasSuffix(".js") else {
                    findings.append(Finding(.frontmatterScriptsInvalid,
                                            "scripts lists JavaScript files of this widget's folder or content/_shared/, such as 'chart.js' or '_shared/lib.js'",
                                            at: at(field)))
                    continue
                }
                guard listed.insert(path).inserted else {
                    findings.append(Finding(.frontmatterScriptsInvalid,
                                            "scripts lists '\(path)' twice, so every page would load and run it twice; list each script once",
                                            at: at(field)))
                    continue
                }
                widget.scripts.append((path, at(field)))
            }
        }
        if let field = fields["unsafeHTML"] {
            if let flag = field.value.bool { widget.unsafeHTML = flag } else {
                findings.append(Finding(.frontmatterUnsafeHTMLInvalid, "unsafeHTML must be true or false", at: at(field)))
            }
        }
        if let field = fields["externalLinks"] {
            // Where the widget's Markdown links to other sites open (docs/markdown.md).
            switch field.value.string {
            case "new-tab"?: widget.externalLinksInNewTab = true
            case "same-frame"?: widget.externalLinksInNewTab = false
            default:
                let written = field.value.string.map { "'\($0)'" } ?? "not a word"
                findings.append(Finding(.frontmatterExternalLinksInvalid,
                                        "externalLinks is \(written); it is new-tab (links to other sites open a new tab, the default) or same-frame (they replace the widget in its frame).\(Suggestion.didYouMean(field.value.string ?? "", in: ["new-tab", "same-frame"]))",
                                        at: at(field)))
            }
        }
        if let field = fields["showContext"] {
            if let flag = field.value.bool { widget.showContext = flag } else {
                findings.append(Finding(.frontmatterShowContextInvalid,
                                        "showContext must be true or false: true shows the chat, message and page this widget was opened for to every user, false only in 'placard serve' (without it, placard.yml's showContext decides)",
                                        at: at(field)))
            }
        }

        var entries: [OptionEntry] = []
        var missingAt = SourceLocation(file: file, line: placementField.line, column: placementField.column)
        if let field = fields["options"] {
            missingAt = at(field)
            switch field.value {
            case .mapping(let mapping):
                for option in mapping.fields {
                    let value: OptionValue
                    switch option.value {
                    case .scalar(let text, _): value = .string(text)
                    case .list(let items):
                        value = items.allSatisfy({ $0.string != nil }) ? .list(items.compactMap(\.string)) : .unsupported(type: "nested list")
                    case .mapping: value = .unsupported(type: "mapping")
                    case .null: value = .unsupported(type: "empty value")
                    }
                    let location = SourceLocation(file: file, line: option.line, column: option.column)
                    entries.append(OptionEntry(key: option.key, value: value, location: location))
                }
            case .null: break
            default:
                findings.append(Finding(.frontmatterOptionsInvalid, "options must be a mapping of placement.bind OPTIONS keys", at: at(field)))
            }
        }
        let (options, problems) = BindOptionRules.validate(entries, for: placement, missingAt: missingAt)
        widget.options = options
        findings += problems
        return true
    }
}
