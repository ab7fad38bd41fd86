internal import CCmark
import PlacardSystem

/// Markdown in, HTML and the document's links out: cmark's tree with GitHub's tables,
/// strikethrough and task lists (`GFMTables`, `GFMStrikethrough`, `GFMTaskList`) built in.
///
/// Exists so that cmark's C types (nodes, iterators, malloc'd strings) never leave this
/// folder (`Render/Markdown/`): everything above works with `RenderedMarkdown` or
/// `MarkdownNode`, plain values.
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
        /// Give every heading an `id` (GitHub's slug, `HeadingSlugger`) and report the headings.
        package var headingIDs = false
        /// Open links to other sites (`http:`, `https:`, `//host`) in a new tab:
        /// `target="_blank" rel="noopener noreferrer"` (a link followed inside the widget's
        /// frame would replace the widget).
        package var externalLinksInNewTab = false
        package init(unsafeHTML: Bool = false, insertSnippets: Bool = false, headingIDs: Bool = false, externalLinksInNewTab: Bool = false) {
            (self.unsafeHTML, self.insertSnippets) = (unsafeHTML, insertSnippets)
            (self.headingIDs, self.externalLinksInNewTab) = (headingIDs, externalLinksInNewTab)
        }
    }

    /// Markdown that is not rendered the way its author meant: raw HTML dropped in safe
    /// mode, or GitHub syntax Placard does not support (a footnote, printed as text).
    ///
    /// Exists so that the build can warn at the line instead of publishing it silently.
    package struct Unrendered: Sendable, Equatable {
        package enum Kind: Sendable, Equatable {
            case footnote, rawHTML
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
        /// Dropped raw HTML and unsupported GitHub syntax, in document order (at most one per line).
        package var unrendered: [Unrendered] = []
        /// The ```insert and ```reply blocks made into snippets, in document order.
        package var messages: [MessageBlock] = []
        /// The headings with their ids, in document order (only with `headingIDs`).
        package var headings: [Heading] = []
    }

    /// A heading of the page: its level, the id it was given and its text (markup removed).
    package struct Heading: Sendable, Equatable {
        package var level: Int
        package var id: String
        package var text: String
        package var line: Int
        package init(level: Int, id: String, text: String, line: Int) { (self.level, self.id, self.text, self.line) = (level, id, text, line) }
    }

    /// cmark's document for `markdown` with GitHub's tables, strikethrough and task lists
    /// built in; `origins` maps the nodes made from the extensions' extra documents back to
    /// the source. The caller frees the document.
    static func parse(_ markdown: String, options cmarkOptions: Int32) -> (document: OpaquePointer, origins: [OpaquePointer: GFMTables.Origin], looseTasks: Bool) {
        let marks = SourceLines.Marks(markdown)
        let document = CMarkNode.parse(markdown, options: cmarkOptions, maskTildes: marks.tilde)
        guard marks.pipe || marks.tilde || marks.taskBox else { return (document, [:], false) }
        let source = SourceLines(markdown)
        var origins: [OpaquePointer: GFMTables.Origin] = [:]
        if marks.pipe {
            var tables = GFMTables(source: source, text: markdown, options: cmarkOptions, maskTildes: marks.tilde)
            tables.apply(document)
            origins = tables.origins
        }
        if marks.tilde {
            GFMStrikethrough.apply(document)
            TildeMask.restore(document)
        }
        let loose = marks.taskBox ? GFMTaskList.apply(document, source: source) : false
        return (document, origins, loose)
    }

    /// Renders `markdown` to HTML; `resolve` may rewrite link destinations (e.g. `page.md` → `page.html`).
    package static func render(
        _ markdown: String, options: Options = Options(),
        resolve: (Link) -> LinkDecision = { _ in .keep }
    ) -> RenderedMarkdown {
        var slugger = HeadingSlugger()
        return render(markdown, options: options, slugger: &slugger, resolve: resolve)
    }

    /// `render` with the ids the page has given already (its other languages share its HTML file).
    package static func render(
        _ markdown: String, options: Options = Options(), slugger: inout HeadingSlugger,
        resolve: (Link) -> LinkDecision = { _ in .keep }
    ) -> RenderedMarkdown {
        var cmarkOptions = CMARK_OPT_DEFAULT
        if options.unsafeHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        let (document, origins, looseTasks) = parse(markdown, options: cmarkOptions)
        defer { cmark_node_free(document) }

        var links: [Link] = []
        var snippets: [(node: OpaquePointer, at: (line: Int, column: Int))] = []
        var ignoredSnippetLines: [Int] = []
        var unrendered: [Unrendered] = []
        let footnotes = SourceLines.Marks(markdown).footnote
        var codeLines: [ClosedRange<Int>] = []
        // Headings: the one being read (its text as GitHub's slugger sees it, and as shown).
        var headingNodes: [(node: OpaquePointer, level: Int, slugText: String, text: String, line: Int)] = []
        var inHeading = false, imageDepth = 0
        var externalLinks: [OpaquePointer] = []
        // Nodes made from the extensions' extra documents carry those documents' positions.
        var origin: [GFMTables.Origin] = []
        func position(_ node: OpaquePointer) -> (line: Int, column: Int) {
            let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
            return origin.last?.map(line: line, column: column) ?? (line, column)
        }
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if !origins.isEmpty, let found = origins[node], !isLeaf(node) {
                if event == CMARK_EVENT_ENTER { origin.append(found) } else if event == CMARK_EVENT_EXIT { origin.removeLast() }
            }
            if options.headingIDs {
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_HEADING {
                    inHeading = event == CMARK_EVENT_ENTER
                    if inHeading { headingNodes.append((node, Int(cmark_node_get_heading_level(node)), "", "", position(node).line)) }
                } else if inHeading {
                    if type == CMARK_NODE_IMAGE { imageDepth += event == CMARK_EVENT_ENTER ? 1 : -1 }
                    // What the heading's HTML shows as text (an image shows none; a line break is "\n").
                    if event == CMARK_EVENT_ENTER, imageDepth == 0 {
                        switch type {
                        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                            let literal = string(cmark_node_get_literal(node))
                            headingNodes[headingNodes.count - 1].slugText += literal
                            headingNodes[headingNodes.count - 1].text += literal
                        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                            headingNodes[headingNodes.count - 1].slugText += "\n"
                            headingNodes[headingNodes.count - 1].text += " "
                        default: break
                        }
                    }
                }
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let (line, column) = position(node)
                let link = Link(
                    destination: string(cmark_node_get_url(node)),
                    isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                    line: line, column: column)
                links.append(link)
                if case .replace(let url) = resolve(link) { _ = cmark_node_set_url(node, url) }
                if options.externalLinksInNewTab, !link.isImage, isExternal(string(cmark_node_get_url(node))) { externalLinks.append(node) }
            case CMARK_NODE_CODE_BLOCK:
                if footnotes, origin.isEmpty { codeLines.append(Int(cmark_node_get_start_line(node))...Int(cmark_node_get_end_line(node))) }
                // The language ends at the first whitespace, as cmark's HTML renderer reads it.
                let info = string(cmark_node_get_fence_info(node)).split(whereSeparator: { " \t\n\r\u{0B}\u{0C}".contains($0) }).first
                if options.messageBlocks, info == "insert" || info == "reply" {
                    if !options.insertSnippets { ignoredSnippetLines.append(position(node).line) }
                    if options.insertSnippets || info == "reply" { snippets.append((node, position(node))) }
                }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                // A comment is meant to be hidden, and is: no warning for it.
                let (line, column) = position(node)
                if !options.unsafeHTML, !startsComment(cmark_node_get_literal(node)), unrendered.last?.line != line || unrendered.last?.kind != .rawHTML {
                    unrendered.append(Unrendered(kind: .rawHTML, line: line, column: column))
                }
                // An id the author wrote in raw HTML is theirs: no heading takes it.
                if options.unsafeHTML, options.headingIDs { for id in HTMLIDs.ids(in: string(cmark_node_get_literal(node))) { slugger.reserve(id) } }
            default:
                break
            }
        }
        if footnotes { unrendered = merge(unrendered, footnoteDefinitions(markdown, outside: codeLines)) }
        // Replace after the walk: changing the tree under a live iterator is undefined.
        for link in externalLinks {
            let url = string(cmark_node_get_url(link)), title = string(cmark_node_get_title(link))
            let enter = "<a href=\"\(HTMLIDs.escapeHref(url))\"" + (title.isEmpty ? "" : " title=\"\(HTMLIDs.escape(title))\"")
                + " target=\"_blank\" rel=\"noopener noreferrer\">"
            let custom = CMarkNode.custom(block: false, enter: enter, exit: "</a>", tag: 0)
            CMarkNode.moveChildren(from: link, to: custom)
            _ = cmark_node_replace(link, custom)
            cmark_node_free(link)
        }
        // A heading is cmark's own HTML of it (links inside already replaced) with the id added:
        // a custom block would put its children on a line of their own.
        var headings: [Heading] = []
        for heading in headingNodes {
            // `## Title {#name}` names its own id, as Hugo, Pandoc, kramdown and MkDocs read it.
            let id: String, text: String
            if let last = cmark_node_last_child(heading.node), cmark_node_get_type(last) == CMARK_NODE_TEXT,
               case let bytes = CMarkNode.literalBytes(last), let suffix = HeadingSlugger.explicitSuffix(bytes) {
                CMarkNode.setLiteral(last, bytes[..<suffix.start])
                id = slugger.explicit(suffix.id)
                text = HeadingSlugger.withoutExplicitID(heading.text) ?? heading.text
            } else {
                id = slugger.id(for: heading.slugText)
                text = heading.text
            }
            headings.append(Heading(level: heading.level, id: id, text: text.trimmingSpaces, line: heading.line))
            var html = ""
            if let rendered = cmark_render_html(heading.node, cmarkOptions) {
                html = String(cString: rendered)
                free(rendered)
            }
            let open = "<h\(heading.level)>"
            if html.hasPrefix(open) { html = "<h\(heading.level) id=\"\(HTMLIDs.escape(id))\">" + html.dropFirst(open.count) }
            while html.hasSuffix("\n") { html.removeLast() }
            let custom = CMarkNode.custom(block: true, enter: html, exit: "", tag: 0)
            _ = cmark_node_replace(heading.node, custom)
            cmark_node_free(heading.node)
        }
        var messages: [MessageBlock] = []
        for (node, at) in snippets {
            let block = MessageBlock(info: string(cmark_node_get_fence_info(node)), text: string(cmark_node_get_literal(node)),
                                     line: at.line, column: at.column, externalLinksInNewTab: options.externalLinksInNewTab)
            messages.append(block)
            let custom = CMarkNode.custom(block: true, enter: block.html(insertable: options.insertSnippets, label: options.insertLabel), exit: "",
                                          tag: CMarkNode.Tag.snippet.rawValue)
            _ = cmark_node_replace(node, custom)
            cmark_node_free(node)
        }
        guard let rendered = cmark_render_html(document, cmarkOptions) else {
            return RenderedMarkdown(html: "", links: links, ignoredSnippetLines: ignoredSnippetLines, unrendered: unrendered, messages: messages, headings: headings)
        }
        defer { free(rendered) }
        var html = String(cString: rendered)
        if looseTasks { html = GFMTaskList.fixLooseItems(html) }
        return RenderedMarkdown(html: html, links: links, ignoredSnippetLines: ignoredSnippetLines, unrendered: unrendered, messages: messages, headings: headings)
    }

    /// Whether a link's destination leaves the widget for another site: `http:`, `https:`
    /// or protocol-relative `//host`. `mailto:` and `tel:` hand over to another program and
    /// leave the frame's page as it is.
    package static func isExternal(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || url.hasPrefix("//")
    }

    /// The footnote definitions (`[^label]: text`, at most three spaces in) outside code
    /// blocks: cmark reads most of them as link reference definitions and drops them.
    private static func footnoteDefinitions(_ markdown: String, outside code: [ClosedRange<Int>]) -> [Unrendered] {
        var found: [Unrendered] = []
        let source = SourceLines(markdown)
        var number = 1
        while let line = source.line(number) {
            defer { number += 1 }
            let indent = line.prefix { $0 == 0x20 }.count
            let text = line.dropFirst(indent)
            guard indent <= 3, text.starts(with: Array("[^".utf8)), let close = text.firstIndex(of: UInt8(ascii: "]")), close > text.startIndex + 2,
                  text.index(after: close) < text.endIndex, text[text.index(after: close)] == UInt8(ascii: ":"),
                  !code.contains(where: { $0.contains(number) }) else { continue }
            found.append(Unrendered(kind: .footnote, line: number, column: indent + 1))
        }
        return found
    }

    /// Two lists of findings in document order.
    private static func merge(_ a: [Unrendered], _ b: [Unrendered]) -> [Unrendered] {
        (a + b).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// Node types cmark's iterator enters without leaving.
    private static func isLeaf(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE,
             CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK:
            return true
        default:
            return false
        }
    }

    /// Whether a node's literal starts `<!--`, read in place.
    private static func startsComment(_ pointer: UnsafePointer<CChar>?) -> Bool {
        pointer.map { strncmp($0, "<!--", 4) == 0 } ?? false
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
