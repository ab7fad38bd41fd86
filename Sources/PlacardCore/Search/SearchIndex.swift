import PlacardSystem

/// The search index of every widget with more than one page: one per widget and language,
/// split so that a query fetches only what it needs.
///
/// Exists because a handbook of hundreds of pages in a 390-px sidebar is unusable without
/// search, and a widget's frame has no network but its own files: the build knows every
/// page, language and widget, so it writes the index with the pages (no second tool over
/// `dist/`, no third-party script). The render stage hands each page's text to a
/// `SearchCollector` as it renders it (the HTML is not kept); the bundle stage writes the
/// rest. Layout under `<widget>/search/` (docs/search.md has the reader's version):
///
/// - `index.json`: the entry the runtime fetches on the first keystroke: per language the
///   number of pages, the term chunks (first term and hash of each) and the page maps.
/// - `<lang>/t.<hash>.txt`: term chunks, the terms in UTF-16 order, one line each:
///   `term TAB page-deltas TAB weights` (`SearchEncoding`).
/// - `<lang>/m.<hash>.txt`: one line per page id, `mapPages` pages per map: the page's path
///   (relative to the bundle) TAB its title.
///
/// The text of the pages is not in the index: the browser cuts a result's excerpt from the
/// page itself, which it fetches for the results it shows (an index holding every page's
/// text again made the output half as large again, and its writing cost most of the index's
/// time). Every file but the entry carries a hash of its content in its name (as the
/// runtime does), so a browser can cache it for good and `verify` can check it; the entry
/// has a fixed name because the pages, rendered before the index is complete, link to it.
/// Linear in pages and deterministic: page ids follow the widget's page order, terms are
/// sorted, and postings are laid down in page order whatever thread rendered the page.
package enum SearchIndex {
    /// Pages per map.
    package static let mapPages = 64
    /// A term chunk is closed once it has this many bytes (one term's line may exceed it).
    package static let chunkTarget = 8 * 1024
    /// The entry's path inside a bundle.
    package static let entryName = "search/index.json"
    package static let version = 2

    /// A file of the index, named by the hash of its content (as `FingerprintedFile`, without
    /// the integrity value nobody needs for these).
    package struct Named: Sendable {
        package var name: String
        package var bytes: [UInt8]

        package init(stem: String, extension ext: String, bytes: [UInt8]) {
            self.bytes = bytes
            name = FingerprintedFile.name(stem: stem, extension: ext, bytes: bytes)
        }
    }

    /// Whether a widget gets an index: search not turned off in its `index.md` (`search:
    /// false`), more than one page, and at least one page to find.
    package static func isSearchable(_ widget: Widget) -> Bool {
        widget.search && widget.pages.count > 1 && widget.pages.contains(where: isIndexed)
    }

    /// Pages in the index: not `search: false`, never a draft.
    static func isIndexed(_ page: Page) -> Bool { page.search && !page.isDraft }
}

/// What the index needs of one page version: its title and its body's HTML (read for
/// terms on the rendering thread; not kept).
package struct SearchDocument: Sendable, Equatable {
    package var language: String
    package var title: String
    package var html: String

    package init(language: String, title: String, html: String) {
        (self.language, self.title, self.html) = (language, title, html)
    }
}

/// Which pages of which widgets are indexed, and the id of each page in each language's
/// index: its position among the widget's indexed pages that have that language.
package struct SearchPlan: Sendable {
    package struct WidgetPlan: Sendable {
        /// Language code → slugs in page-id order.
        package var slugs: [String: [String]]
        /// Language code → slug → page id.
        var ids: [String: [String: Int]]
        /// Slug → output path (the URL a result links to, relative to the bundle).
        var paths: [String: String]
        package var languages: [String] { slugs.keys.sorted() }
    }

    package var widgets: [String: WidgetPlan] = [:]

    package init(site: Site) {
        for widget in site.widgets where SearchIndex.isSearchable(widget) {
            var plan = WidgetPlan(slugs: [:], ids: [:], paths: [:])
            for page in widget.pages where SearchIndex.isIndexed(page) {
                plan.paths[page.slug] = PercentEncoding.encodePath(page.outputPath)
                for version in page.versions {
                    plan.ids[version.language, default: [:]][page.slug] = plan.slugs[version.language, default: []].count
                    plan.slugs[version.language, default: []].append(page.slug)
                }
            }
            widgets[widget.id] = plan
        }
    }

    /// Whether `slug` of widget `id` is indexed.
    func indexes(_ slug: String, of id: String) -> Bool { widgets[id]?.paths[slug] != nil }
}
