import PlacardRules

/// One language version of a page: its title and Markdown body.
public struct PageVersion: Sendable {
    public var language: String
    public var title: String
    public var markdown: String
    /// Project-relative path of the Markdown file.
    public var file: String
    /// Lines before the body in `file` (front matter), to map cmark's line numbers back.
    public var bodyLineOffset: Int
    /// The day (`YYYY-MM-DD`) of front matter's `lastmod`, else its `date`; never a file time.
    public var updated: String?

    package init(language: String, title: String, markdown: String, file: String, bodyLineOffset: Int) {
        (self.language, self.title, self.markdown, self.file, self.bodyLineOffset) = (language, title, markdown, file, bodyLineOffset)
    }
}

/// One page of a widget bundle with all its translations.
public struct Page: Sendable {
    /// Path inside the bundle without extension: `index`, `faq`, `guide/setup`.
    public var slug: String
    public var weight: Int
    /// Default language first, then the others sorted.
    public var versions: [PageVersion]
    /// Where `draft: true` is written in the default-language front matter; nil when the
    /// page is not a draft.
    public var draft: SourceLocation?
    public var isDraft: Bool { draft != nil }
    /// False when the default-language front matter says `search: false`: the page is left
    /// out of the search index of a widget that has one (in `index.md`: the widget has none).
    public var search = true
    public var outputPath: String { slug + ".html" }
}

/// A widget: one bundle, bound to one placement.
///
/// Exists as the parsed, validated form of `content/<id>/`, the unit that the render,
/// bundle and write stages (and `serve`'s partial rebuilds) work on.
public struct Widget: Sendable {
    public var id: String
    public var placement: Placement
    /// Title and description per language; the default language is always present.
    public var titles: [String: String]
    public var descriptions: [String: String]
    public var options: [String: BindOptionValue]
    public var template: String
    public var unsafeHTML: Bool
    /// `externalLinks: new-tab` (the default) or `same-frame` in index.md: whether the Markdown's
    /// links to other sites get `target="_blank" rel="noopener noreferrer"`.
    public var externalLinksInNewTab = true
    /// `showContext:` of `index.md`: whether the default templates show the placement context
    /// (chat, message, page) to every user; nil leaves it to placard.yml's `showContext`.
    public var showContext: Bool?
    /// False when `index.md` says `search: false`: the widget gets no search index, box or
    /// script (a widget of one page gets none either, see `SearchIndex.isSearchable`).
    public var search = true
    /// `index` first, then by weight, title and slug.
    public var pages: [Page]
    /// Slugs of the widget's Markdown files that are not built because of an error in
    /// them (already reported): a link to one is not a broken link.
    public var unbuiltSlugs: Set<String> = []
    /// The languages placard.yml names (`Config.languages`), which make `name.<code>.md` a
    /// translation; kept so links to `name.<code>.md` resolve as the files were read.
    public var listedLanguages: Set<String> = []
    /// Slugs of draft pages this build leaves out: a link to one is an error (`link.draft`).
    public var draftSlugs: Set<String> = []
    package var assets: [Asset]
    /// Default language first, then the others sorted.
    public var languages: [String]
    /// `content/<id>/index.md`, where widget-level findings point.
    public var indexFile: String
    /// Where `template:` was written, for a missing-template finding.
    public var templateLocation: SourceLocation
    /// `scripts:` of `index.md`: bundle paths (`chart.js`, `_shared/lib.js`) of the scripts
    /// every page loads after the runtime, each with where it is written.
    public var scripts: [(path: String, location: SourceLocation)] = []
    /// The page list file, made once when the pages are settled (`settlePages`), so the
    /// renderer, the bundler and the collision check of a run do not each encode and hash it.
    package var navIndex: NavIndex?

    /// The page list file of `pages` (made now if `settlePages` has not run).
    package var pageList: NavIndex { navIndex ?? NavIndex(self) }

    /// Records the page list once `pages` are final.
    package mutating func settlePages() { navIndex = NavIndex(self) }
}

/// The parsed project: configuration, widgets and shared files.
public struct Site: Sendable {
    public var config: Config
    public var widgets: [Widget]
    package var shared: [Asset]
    package var stylesheet: TextFile?
}
