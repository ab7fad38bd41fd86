internal import CCmark
import PlacardSystem

/// Small helpers over cmark's node pointers, for the files of this folder (the only code
/// that sees cmark's C types), and the tags that mark the nodes GitHub's extensions add.
///
/// cmark has no table, strikethrough or task-list node. The extensions build them from
/// cmark's custom nodes (whose HTML is the text they carry) and tag each with its kind in
/// the node's user data, so that every walker of the tree — the HTML renderer, the link
/// pass, `MarkdownTree` — can tell a strikethrough from any other custom inline.
enum CMarkNode {
    typealias Node = OpaquePointer

    /// What a custom node (or a task list item) stands for; stored in the node's user data.
    enum Tag: Int {
        case snippet = 1
        case table = 0x10, tableHead, tableBody, tableRow
        case cell = 0x20                                  // | alignment (0…3) | 0x4 when in the head
        case strikethrough = 0x30
        case checkbox = 0x40                              // | 1 when checked
        case taskItem = 0x50                              // | 1 when checked
    }

    static func tag(_ node: Node) -> Int { Int(bitPattern: cmark_node_get_user_data(node)) }

    static func setTag(_ node: Node, _ value: Int) {
        _ = cmark_node_set_user_data(node, UnsafeMutableRawPointer(bitPattern: value))
    }

    static func type(_ node: Node) -> cmark_node_type { cmark_node_get_type(node) }

    static func literal(_ node: Node) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    static func literalBytes(_ node: Node) -> [UInt8] {
        guard let pointer = cmark_node_get_literal(node) else { return [] }
        let length = strlen(pointer)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    static func setLiteral(_ node: Node, _ bytes: ArraySlice<UInt8>) {
        var copy = Array(bytes)
        copy.append(0)
        copy.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { _ = cmark_node_set_literal(node, $0) }
        }
    }

    /// A new custom node whose HTML is `enter` before its children and `exit` after them.
    static func custom(block: Bool, enter: String, exit: String, tag: Int) -> Node {
        let node = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE)!
        _ = cmark_node_set_on_enter(node, enter)
        _ = cmark_node_set_on_exit(node, exit)
        setTag(node, tag)
        return node
    }

    static func text(_ bytes: ArraySlice<UInt8>) -> Node {
        let node = cmark_node_new(CMARK_NODE_TEXT)!
        setLiteral(node, bytes)
        return node
    }

    static func children(_ node: Node) -> [Node] {
        var result: [Node] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    /// Moves every child of `from` to the end of `to`.
    static func moveChildren(from: Node, to: Node) {
        while let child = cmark_node_first_child(from) {
            _ = cmark_node_append_child(to, child)
        }
    }

    static func remove(_ node: Node) {
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    static func startLine(_ node: Node) -> Int { Int(cmark_node_get_start_line(node)) }
    static func endLine(_ node: Node) -> Int { Int(cmark_node_get_end_line(node)) }
    static func startColumn(_ node: Node) -> Int { Int(cmark_node_get_start_column(node)) }
    static func endColumn(_ node: Node) -> Int { Int(cmark_node_get_end_column(node)) }

    /// Parses `text` as a document with cmark's options; with `maskTildes`, its tildes
    /// are masked first (`TildeMask`; the caller restores them).
    static func parse(_ text: String, options: Int32, maskTildes: Bool = false) -> Node {
        let source = maskTildes ? TildeMask.mask(text) ?? text : text
        return source.withCString { cmark_parse_document($0, strlen($0), options) }
    }
}
