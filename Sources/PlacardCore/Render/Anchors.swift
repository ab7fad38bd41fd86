import PlacardRules
import PlacardSystem

/// What one page offers as link targets (the ids of its headings, by language, and the
/// ids its raw HTML sets) and the `#fragment` links its Markdown writes to pages of its widget.
///
/// Exists because a link `guide.md#setup` can only be checked once `guide.md` is rendered:
/// pages render in parallel, so each leaves this behind and `FragmentCheck` reads them all.
package struct PageAnchors: Sendable {
    package struct FragmentLink: Sendable {
        /// The language of the version the link is written in.
        package var language: String
        package var destination: String
        /// The slug of the page the link leads to, and the fragment (percent-decoded).
        package var target: String
        package var fragment: String
        package var location: SourceLocation
    }

    package var widget: String
    package var slug: String
    package var defaultLanguage: String
    /// Heading ids of each language's version, in document order, joined by newlines (no id
    /// has one): a build keeps every page's anchors to its end, and one string per version
    /// instead of one per heading took 10 MB off a 10,000-page build.
    private var joined: [String: String] = [:]
    /// Ids written in raw HTML (`unsafeHTML: true`).
    package var other: Set<String>
    package var links: [FragmentLink] = []

    init(widget: String, slug: String, defaultLanguage: String, other: Set<String>) {
        (self.widget, self.slug, self.defaultLanguage, self.other) = (widget, slug, defaultLanguage, other)
    }

    /// `<widget>/<slug>`.
    package var key: String { widget + "/" + slug }

    /// The heading ids of the `language` version, in document order; nil when it has none.
    func ids(of language: String) -> [String]? {
        joined[language].map { $0.isEmpty ? [] : $0.split(separator: "\n").map(String.init) }
    }

    mutating func setIDs(_ ids: [String], of language: String) {
        joined[language] = ids.joined(separator: "\n")
    }

    /// The languages that have a version, sorted.
    var languages: [String] { joined.keys.sorted() }

    /// The heading ids a reader of `language` sees: that version's, else the default's.
    func visibleIDs(for language: String) -> [String] {
        ids(of: language) ?? ids(of: defaultLanguage) ?? []
    }
}

/// Collects the `PageAnchors` of the pages as the rendering threads finish them.
package final class AnchorCollector: Sendable {
    private let pages = Locked<[String: PageAnchors]>([:])

    package init() {}

    func add(_ anchors: PageAnchors) {
        pages.withLock { $0[anchors.key] = anchors }
    }

    /// Every page's anchors collected, by `<widget>/<slug>`.
    package var collected: [String: PageAnchors] { pages.current }
}

/// The check of `#fragment` links in Markdown: the page they lead to must have a heading
/// (or a raw-HTML element) with that id, in the version its reader sees.
///
/// Exists so that a link to a section that was renamed or never written fails the build
/// at the link's line (as `zola check` does), instead of opening the page at its top.
package enum FragmentCheck {
    /// Fragments every page has: the top of the document (HTML's `#top`) and nothing.
    static let alwaysPresent: Set<String> = ["", "top"]

    package static func findings(_ pages: [String: PageAnchors]) -> [Finding] {
        findings(pages, keys: pages.keys.sorted()[...])
    }

    /// The findings of the pages `keys` (sorted): a share of the work, for running the
    /// check on several threads; the shares' findings, in key order, are `findings(pages)`.
    package static func findings(_ pages: [String: PageAnchors], keys: ArraySlice<String>) -> [Finding] {
        var findings: [Finding] = []
        for key in keys {
            guard let page = pages[key] else { continue }
            for link in page.links {
                guard let target = pages[page.widget + "/" + link.target],
                      !alwaysPresent.contains(link.fragment.lowercased()), !target.other.contains(link.fragment) else { continue }
                let visible = target.visibleIDs(for: link.language)
                if visible.contains(link.fragment) { continue }
                let name = link.target == page.slug ? "this page" : "\(link.target).md"
                let message: String
                if let language = target.languages.first(where: { target.ids(of: $0)?.contains(link.fragment) == true }) {
                    let shown = target.ids(of: link.language) != nil ? link.language : target.defaultLanguage
                    message = "link to '\(link.destination)': '\(link.fragment)' is a heading of the \(language) version of \(name), which readers of this \(link.language) page do not see (they get the \(shown) version); link to a heading of that version.\(Suggestion.didYouMean(link.fragment, in: visible))"
                } else {
                    let list = visible.isEmpty ? "it has no headings" : "its headings are " + visible.prefix(8).map { "#\($0)" }.joined(separator: ", ") + (visible.count > 8 ? ", …" : "")
                    message = "link to '\(link.destination)', but \(name) has no heading with the id '\(link.fragment)' (\(list)); fix the fragment, or the heading.\(Suggestion.didYouMean(link.fragment, in: visible))"
                }
                var finding = Finding(.linkFragmentMissing, message, at: link.location)
                finding.widget = page.widget
                findings.append(finding)
            }
        }
        return findings
    }
}

/// A version's table of contents for the templates: its headings of the top level used in
/// the body and the level below (usually `##` and `###`), each `{level, depth, id, text}`.
struct TableOfContents {
    var entries: [TemplateObject] = []
    /// Whether the default templates show it: at least three sections at the top level.
    var isShown = false

    init(_ headings: [CommonMark.Heading]) {
        guard let top = headings.map(\.level).min() else { return }
        var sections = 0
        for heading in headings where heading.level <= top + 1 {
            if heading.level == top { sections += 1 }
            entries.append(["level": TemplateText(String(heading.level)), "depth": TemplateText(String(heading.level - top)), "id": TemplateText(heading.id), "text": TemplateText(heading.text)])
        }
        isShown = sections >= 3
    }
}
