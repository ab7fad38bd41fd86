internal import CCmark
import PlacardSystem

/// The only file that talks to cmark: Markdown in, HTML and the document's links out.
///
/// Exists so that cmark's C types (nodes, iterators, malloc'd strings) never leave one
/// place: everything above works with `RenderedMarkdown`, a plain value.
package enum CommonMark {
    /// What a link resolver decides for one link or image destination.
    package enum LinkDecision: Sendable, Equatable {
        case keep
        case replace(String)
    }

    /// A link or image destination as written, with its 1-based position in the Markdown.
    package struct Link: Sendable, Hashable {
        package var destination: String
        package var isImage: Bool
        package var line: Int
        package var column: Int
    }

    /// Options for one rendering.
    package struct Options: Sendable {
        /// Pass raw HTML through (cmark's `CMARK_OPT_UNSAFE`); off by default.
        package var unsafeHTML = false
        /// Turn fenced code blocks with the info string `insert` into insert snippets.
        package var insertSnippets = false
        package var insertLabel = "Insert"
        package init(unsafeHTML: Bool = false, insertSnippets: Bool = false) {
            (self.unsafeHTML, self.insertSnippets) = (unsafeHTML, insertSnippets)
        }
    }

    /// Markdown that cmark does not render the way its author meant: GitHub syntax plain
    /// CommonMark lacks (printed as literal text), or raw HTML dropped in safe mode.
    ///
    /// Exists so that the build can warn at the line instead of publishing `| a | b |`.
    package struct Unrendered: Sendable, Equatable {
        package enum Kind: Sendable, Equatable {
            case table, strikethrough, taskListItem, rawHTML
        }
        package var kind: Kind
        package var line: Int
        package var column: Int
        package init(kind: Kind, line: Int, column: Int) { (self.kind, self.line, self.column) = (kind, line, column) }
    }

    package struct RenderedMarkdown: Sendable {
        package var html: String
        package var links: [Link]
        /// Lines of ```insert blocks that were left as code because snippets are off.
        package var ignoredSnippetLines: [Int]
        /// GFM syntax and dropped raw HTML, in document order (at most one raw HTML per line).
        package var unrendered: [Unrendered] = []
    }

    /// Renders `markdown` to HTML; `resolve` may rewrite link destinations (e.g. `page.md` → `page.html`).
    package static func render(
        _ markdown: String, options: Options = Options(),
        resolve: (Link) -> LinkDecision = { _ in .keep }
    ) -> RenderedMarkdown {
        var cmarkOptions = CMARK_OPT_DEFAULT
        if options.unsafeHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        let document: OpaquePointer = markdown.withCString { cmark_parse_document($0, strlen($0), cmarkOptions) }
        defer { cmark_node_free(document) }

        var links: [Link] = []
        var snippets: [OpaquePointer] = []
        var ignoredSnippetLines: [Int] = []
        var unrendered: [Unrendered] = []
        // The GitHub-syntax checks need the source lines only when the text has the bytes
        // they look for: most pages have none, and are not split into lines at all.
        let marks = SourceLines.Marks(markdown)
        var lines: SourceLines?
        var source: SourceLines {
            get {
                if let lines { return lines }
                let made = SourceLines(markdown)
                lines = made
                return made
            }
        }
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let link = Link(
                    destination: string(cmark_node_get_url(node)),
                    isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                    line: Int(cmark_node_get_start_line(node)),
                    column: Int(cmark_node_get_start_column(node)))
                links.append(link)
                if case .replace(let url) = resolve(link) { _ = cmark_node_set_url(node, url) }
            case CMARK_NODE_CODE_BLOCK:
                // The language ends at the first whitespace, as cmark's HTML renderer reads it.
                let info = string(cmark_node_get_fence_info(node)).split(whereSeparator: { " \t\n\r\u{0B}\u{0C}".contains($0) }).first
                if info == "insert" {
                    if options.insertSnippets { snippets.append(node) } else { ignoredSnippetLines.append(Int(cmark_node_get_start_line(node))) }
                }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                // A comment is meant to be hidden, and is: no warning for it.
                let line = Int(cmark_node_get_start_line(node))
                if !options.unsafeHTML, !startsComment(cmark_node_get_literal(node)), unrendered.last?.line != line || unrendered.last?.kind != .rawHTML {
                    unrendered.append(Unrendered(kind: .rawHTML, line: line, column: Int(cmark_node_get_start_column(node))))
                }
            case CMARK_NODE_PARAGRAPH where marks.pipe:
                if let row = source.tableHeader(from: Int(cmark_node_get_start_line(node)), to: Int(cmark_node_get_end_line(node))) {
                    unrendered.append(Unrendered(kind: .table, line: row.line, column: row.column))
                }
            case CMARK_NODE_ITEM where marks.taskBox:
                if let first = cmark_node_first_child(node), cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH {
                    let line = Int(cmark_node_get_start_line(first)), column = Int(cmark_node_get_start_column(first))
                    if source.startsTaskBox(line: line, column: column) { unrendered.append(Unrendered(kind: .taskListItem, line: line, column: column)) }
                }
            case CMARK_NODE_TEXT where marks.doubleTilde:
                let line = Int(cmark_node_get_start_line(node))
                if let literal = cmark_node_get_literal(node), strstr(literal, "~~") != nil,
                   let column = source.strikethrough(line: line, from: Int(cmark_node_get_start_column(node))) {
                    unrendered.append(Unrendered(kind: .strikethrough, line: line, column: column))
                }
            default:
                break
            }
        }
        // Replace after the walk: changing the tree under a live iterator is undefined.
        for node in snippets {
            let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
            _ = cmark_node_set_on_enter(custom, snippetHTML(code: string(cmark_node_get_literal(node)), label: options.insertLabel))
            _ = cmark_node_replace(node, custom)
            cmark_node_free(node)
        }
        guard let rendered = cmark_render_html(document, cmarkOptions) else {
            return RenderedMarkdown(html: "", links: links, ignoredSnippetLines: ignoredSnippetLines, unrendered: unrendered)
        }
        defer { free(rendered) }
        return RenderedMarkdown(html: String(cString: rendered), links: links, ignoredSnippetLines: ignoredSnippetLines, unrendered: unrendered)
    }

    /// The snippet markup the runtime turns into a working "Insert" button.
    static func snippetHTML(code: String, label: String) -> String {
        "<figure class=\"b24-snippet\"><pre><code>\(HTML.escape(code))</code></pre>"
            + "<figcaption><button type=\"button\" class=\"b24-insert\" data-b24-insert>\(HTML.escape(label))</button>"
            + " <output class=\"b24-insert-status\" aria-live=\"polite\"></output></figcaption></figure>\n"
    }

    /// Whether a node's literal starts `<!--`, read in place.
    private static func startsComment(_ pointer: UnsafePointer<CChar>?) -> Bool {
        pointer.map { strncmp($0, "<!--", 4) == 0 } ?? false
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
