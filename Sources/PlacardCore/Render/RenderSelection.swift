/// Which pages one render covers: every widget, some widgets whole, some pages of others.
///
/// Exists so that the render stage has one entry point for `placard build`, serve's full
/// rebuild and serve's rebuild of edited pages; the pipeline derives it from a `BuildScope`.
package struct RenderSelection: Sendable, Equatable {
    /// Widgets rendered whole; nil: every widget of the site.
    package var widgets: Set<String>?
    /// Widget id → the slugs rendered of a widget that is not rendered whole.
    package var pages: [String: Set<String>]

    package init(widgets: Set<String>?, pages: [String: Set<String>] = [:]) {
        self.widgets = widgets
        self.pages = pages
    }

    package static let all = RenderSelection(widgets: nil)

    package var isAll: Bool { widgets == nil }

    /// True when some page of the widget is rendered.
    func includes(widget id: String) -> Bool { isWhole(id) || pages[id] != nil }

    /// True when the widget is rendered whole.
    func isWhole(_ id: String) -> Bool { widgets?.contains(id) ?? true }

    func includes(_ slug: String, of id: String) -> Bool { isWhole(id) || pages[id]?.contains(slug) == true }
}
