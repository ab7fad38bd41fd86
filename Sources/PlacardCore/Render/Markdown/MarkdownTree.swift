internal import CCmark
import PlacardSystem

/// A Markdown document as plain Swift values: cmark's tree with GitHub's tables,
/// strikethrough and task lists as node kinds of their own.
///
/// Exists for code that turns Markdown into something other than HTML (chat BBCode, plain
/// text): it switches on `Kind` — `.strikethrough`, `.table`, `.item(task:)` included —
/// instead of seeing cmark's C types or parsing the HTML.
package struct MarkdownNode: Sendable, Equatable {
    package enum TableAlignment: Sendable, Equatable { case none, left, center, right }
    package enum Task: Sendable, Equatable { case unchecked, checked }

    package enum Kind: Sendable, Equatable {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        /// A list item; `task` is set for a task list item (`- [ ]`, `- [x]`).
        case item(task: Task?)
        case paragraph
        case heading(level: Int)
        case codeBlock(info: String, code: String)
        case htmlBlock(String)
        case thematicBreak
        case table
        /// A row of a table: the head row first (`header: true`), then the body rows.
        case tableRow(header: Bool)
        case tableCell(alignment: TableAlignment)
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case strikethrough
        case link(destination: String, title: String)
        case image(source: String, title: String)
    }

    package var kind: Kind
    package var children: [MarkdownNode]
    /// 1-based source line of the node (of its cell, for the inlines of a table cell).
    package var line: Int

    package init(kind: Kind, children: [MarkdownNode] = [], line: Int = 0) {
        (self.kind, self.children, self.line) = (kind, children, line)
    }
}

extension CommonMark {
    /// The GitHub-flavoured tree of `markdown` (raw HTML kept as HTML nodes: what to do
    /// with it is the caller's choice).
    package static func tree(_ markdown: String) -> MarkdownNode {
        let (document, origins, _) = parse(markdown, options: CMARK_OPT_DEFAULT)
        defer { cmark_node_free(document) }
        // Built without recursion (a document may nest thousands of quotes): a stack of
        // open nodes, each closed into its parent on the iterator's exit event.
        var stack: [(node: MarkdownNode, skip: Bool)] = []
        var originStack: [GFMTables.Origin] = []
        var result = MarkdownNode(kind: .document)
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let leaf = isLeafNode(node)
            if event == CMARK_EVENT_EXIT {
                if origins[node] != nil, !originStack.isEmpty { originStack.removeLast() }
                guard let (popped, skip) = stack.popLast(), !skip else { continue }
                var finished = popped
                // Nodes the extensions made (a table, its rows) take the line of their first child.
                if finished.line == 0 { finished.line = finished.children.first?.line ?? 0 }
                if stack.isEmpty {
                    result = finished
                } else if CMarkNode.tag(node) == CMarkNode.Tag.tableBody.rawValue {
                    // The body group holds rows: they join the table directly.
                    stack[stack.count - 1].node.children += finished.children
                } else {
                    stack[stack.count - 1].node.children.append(finished)
                }
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            if let origin = origins[node], !leaf { originStack.append(origin) }
            let rawLine = CMarkNode.startLine(node)
            let line = originStack.last?.map(line: rawLine, column: 1).line ?? rawLine
            let kind = kind(of: node)
            if leaf {
                if let kind, !stack.isEmpty { stack[stack.count - 1].node.children.append(MarkdownNode(kind: kind, line: line)) }
            } else {
                stack.append((MarkdownNode(kind: kind ?? .paragraph, line: line), kind == nil))
            }
        }
        return merged(result)
    }

    /// The node's kind; nil for the checkbox inline a task item's paragraph starts with.
    static func kind(of node: OpaquePointer) -> MarkdownNode.Kind? {
        let tag = CMarkNode.tag(node)
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST, start: Int(cmark_node_get_list_start(node)),
                         tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM:
            let task: MarkdownNode.Task? = tag & ~1 == CMarkNode.Tag.taskItem.rawValue ? (tag & 1 == 1 ? .checked : .unchecked) : nil
            return .item(task: task)
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_CODE_BLOCK: return .codeBlock(info: CMarkNode.string(cmark_node_get_fence_info(node)), code: CMarkNode.literal(node))
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(CMarkNode.literal(node))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text(CMarkNode.literal(node))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(CMarkNode.literal(node))
        case CMARK_NODE_HTML_INLINE: return .htmlInline(CMarkNode.literal(node))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link(destination: CMarkNode.string(cmark_node_get_url(node)), title: CMarkNode.string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE: return .image(source: CMarkNode.string(cmark_node_get_url(node)), title: CMarkNode.string(cmark_node_get_title(node)))
        case CMARK_NODE_CUSTOM_BLOCK, CMARK_NODE_CUSTOM_INLINE:
            switch tag {
            case CMarkNode.Tag.table.rawValue: return .table
            case CMarkNode.Tag.tableHead.rawValue: return .tableRow(header: true)
            case CMarkNode.Tag.tableBody.rawValue: return .tableRow(header: false)   // a group, dissolved on exit
            case CMarkNode.Tag.tableRow.rawValue: return .tableRow(header: false)
            case CMarkNode.Tag.strikethrough.rawValue: return .strikethrough
            case CMarkNode.Tag.cell.rawValue..<(CMarkNode.Tag.cell.rawValue + 8):
                let alignment: MarkdownNode.TableAlignment = switch tag & 3 { case 1: .left; case 2: .center; case 3: .right; default: .none }
                return .tableCell(alignment: alignment)
            default: return nil
            }
        default: return nil
        }
    }

    static func isLeafNode(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE,
             CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK:
            return true
        case CMARK_NODE_CUSTOM_INLINE:
            // The checkbox inline is entered and left like any custom node.
            return false
        default:
            return false
        }
    }

    /// Adjacent text nodes joined (the extensions split text at their delimiters).
    private static func merged(_ root: MarkdownNode) -> MarkdownNode {
        var work: [(node: MarkdownNode, index: Int)] = [(root, 0)]
        var done: MarkdownNode?
        while var top = work.popLast() {
            if top.index < top.node.children.count {
                let child = top.node.children[top.index]
                work.append(top)
                work.append((child, 0))
                continue
            }
            var node = top.node
            var children: [MarkdownNode] = []
            for child in node.children {
                if case .text(let next) = child.kind, let last = children.last, case .text(let previous) = last.kind {
                    children[children.count - 1].kind = .text(previous + next)
                } else {
                    children.append(child)
                }
            }
            node.children = children
            if var parent = work.popLast() {
                parent.node.children[parent.index] = node
                parent.index += 1
                work.append(parent)
            } else {
                done = node
            }
            top.index = 0
        }
        return done ?? root
    }
}
