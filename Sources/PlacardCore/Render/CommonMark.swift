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
        /// Turn fenced code blocks with the info string `insert` or `reply` into snippets with an
        /// Insert button (without it, a ```reply block is still shown formatted).
        package var insertSnippets = false
        package var insertLabel = "Insert"
        /// Make ```insert and ```reply blocks into snippets at all; off for a reply's own
        /// preview, where a nested ```reply is plain code.
        package var messageBlocks = true
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
        /// The ```insert and ```reply blocks made into snippets, in document order.
        package var messages: [MessageBlock] = []
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
                let words = string(cmark_node_get_fence_info(node)).split(whereSeparator: { " \t\n\r\u{0B}\u{0C}".contains($0) })
                if options.messageBlocks, words.first == "insert" || words.first == "reply" {
                    if !options.insertSnippets { ignoredSnippetLines.append(Int(cmark_node_get_start_line(node))) }
                    if options.insertSnippets || words.first == "reply" { snippets.append(node) }
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
        var messages: [MessageBlock] = []
        for node in snippets {
            let block = MessageBlock(info: string(cmark_node_get_fence_info(node)), text: string(cmark_node_get_literal(node)),
                                     line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
            messages.append(block)
            let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
            _ = cmark_node_set_on_enter(custom, block.html(insertable: options.insertSnippets, label: options.insertLabel))
            _ = cmark_node_replace(node, custom)
            cmark_node_free(node)
        }
        guard let rendered = cmark_render_html(document, cmarkOptions) else {
            return RenderedMarkdown(html: "", links: links, ignoredSnippetLines: ignoredSnippetLines, unrendered: unrendered, messages: messages)
        }
        defer { free(rendered) }
        return RenderedMarkdown(html: String(cString: rendered), links: links, ignoredSnippetLines: ignoredSnippetLines, unrendered: unrendered, messages: messages)
    }

    /// Whether a node's literal starts `<!--`, read in place.
    private static func startsComment(_ pointer: UnsafePointer<CChar>?) -> Bool {
        pointer.map { strncmp($0, "<!--", 4) == 0 } ?? false
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

extension CommonMark {
    /// One step of a walk over a parsed document, as cmark's iterator gives it: a container
    /// is entered and later exited, a leaf (text, code, a break, a code or HTML block) only
    /// entered.
    ///
    /// Exists so that code which needs the document's structure, not its HTML (the quick
    /// replies' Markdown → BBCode converter), works over plain values and never sees a node.
    package struct Event: Sendable, Equatable {
        package enum Kind: Sendable, Equatable {
            case document, blockQuote, item, paragraph, emphasis, strong
            case list(ordered: Bool, start: Int, tight: Bool)
            case heading(level: Int)
            case codeBlock(info: String)
            case htmlBlock, thematicBreak, text, softBreak, lineBreak, code, htmlInline
            case link(url: String), image(url: String)
            /// A node kind the walk does not name (custom blocks and inlines).
            case other
        }
        package var kind: Kind
        package var entering: Bool
        /// The text of a leaf (text, code, code block, HTML); "" for containers.
        package var literal: String
        /// 1-based first and last line, and first byte column, in the Markdown.
        package var line: Int, endLine: Int, column: Int
    }

    /// The events of a walk over `markdown` parsed as CommonMark (raw HTML kept as HTML nodes).
    package static func events(_ markdown: String) -> [Event] {
        let document: OpaquePointer = markdown.withCString { cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }
        defer { cmark_node_free(document) }
        // cmark splits text at every `[` and `!` it might open a link at: one node per run of text.
        cmark_consolidate_text_nodes(document)
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        var events: [Event] = []
        while true {
            let step = cmark_iter_next(iterator)
            if step == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let kind: Event.Kind
            var literal = ""
            switch cmark_node_get_type(node) {
            case CMARK_NODE_DOCUMENT: kind = .document
            case CMARK_NODE_BLOCK_QUOTE: kind = .blockQuote
            case CMARK_NODE_LIST:
                kind = .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                             start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0)
            case CMARK_NODE_ITEM: kind = .item
            case CMARK_NODE_CODE_BLOCK: kind = .codeBlock(info: string(cmark_node_get_fence_info(node)))
            case CMARK_NODE_HTML_BLOCK: kind = .htmlBlock
            case CMARK_NODE_PARAGRAPH: kind = .paragraph
            case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
            case CMARK_NODE_THEMATIC_BREAK: kind = .thematicBreak
            case CMARK_NODE_TEXT: kind = .text
            case CMARK_NODE_SOFTBREAK: kind = .softBreak
            case CMARK_NODE_LINEBREAK: kind = .lineBreak
            case CMARK_NODE_CODE: kind = .code
            case CMARK_NODE_HTML_INLINE: kind = .htmlInline
            case CMARK_NODE_EMPH: kind = .emphasis
            case CMARK_NODE_STRONG: kind = .strong
            case CMARK_NODE_LINK: kind = .link(url: string(cmark_node_get_url(node)))
            case CMARK_NODE_IMAGE: kind = .image(url: string(cmark_node_get_url(node)))
            default: kind = .other
            }
            switch kind {
            case .text, .code, .codeBlock, .htmlBlock, .htmlInline: literal = string(cmark_node_get_literal(node))
            default: break
            }
            events.append(Event(kind: kind, entering: step == CMARK_EVENT_ENTER, literal: literal,
                                line: Int(cmark_node_get_start_line(node)), endLine: Int(cmark_node_get_end_line(node)),
                                column: Int(cmark_node_get_start_column(node))))
        }
        return events
    }
}
