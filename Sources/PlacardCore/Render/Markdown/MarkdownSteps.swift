internal import CCmark

/// One step of a walk over a GitHub-flavoured document: a node of `MarkdownNode.Kind`
/// entered (`entering`) or left; a leaf (text, code, a break, a code or HTML block, a
/// thematic break) is only entered. Its `children` are never filled.
package struct MarkdownStep: Sendable, Equatable {
    package var kind: MarkdownNode.Kind
    package var entering: Bool
    /// 1-based source line (of its cell, for the inlines of a table cell).
    package var line: Int
}

extension CommonMark {
    /// The document `tree` gives, as a flat list of steps instead of nested values.
    ///
    /// Exists for the quick replies' BBCode writer, which must take any input: a reply may
    /// nest thousands of quotes or emphases, and a tree of values that deep overflows the
    /// stack when it is compared or destroyed; a flat list of steps has no depth at all.
    package static func steps(_ markdown: String) -> [MarkdownStep] {
        let (document, origins, _) = parse(markdown, options: CMARK_OPT_DEFAULT)
        defer { cmark_node_free(document) }
        var steps: [MarkdownStep] = []
        var originStack: [GFMTables.Origin] = []
        // Open containers: whether each was dropped (the checkbox inline of a task item,
        // with its children) or is a table body group (its rows belong to the table).
        var open: [(dropped: Bool, group: Bool)] = []
        var dropping = 0
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let leaf = isLeafNode(node)
            if event == CMARK_EVENT_EXIT {
                if origins[node] != nil, !originStack.isEmpty { originStack.removeLast() }
                guard let (dropped, group) = open.popLast() else { continue }
                if dropped { dropping -= 1; continue }
                if dropping > 0 || group { continue }
                if let kind = kind(of: node) { steps.append(MarkdownStep(kind: kind, entering: false, line: line(node, originStack))) }
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            if let origin = origins[node], !leaf { originStack.append(origin) }
            let kind = kind(of: node)
            if leaf {
                if dropping == 0, let kind { steps.append(MarkdownStep(kind: kind, entering: true, line: line(node, originStack))) }
                continue
            }
            let group = CMarkNode.tag(node) == CMarkNode.Tag.tableBody.rawValue
            open.append((kind == nil, group))
            if kind == nil { dropping += 1; continue }
            if dropping > 0 || group { continue }
            if let kind { steps.append(MarkdownStep(kind: kind, entering: true, line: line(node, originStack))) }
        }
        return steps
    }

    private static func line(_ node: OpaquePointer, _ origins: [GFMTables.Origin]) -> Int {
        let raw = CMarkNode.startLine(node)
        return origins.last?.map(line: raw, column: 1).line ?? raw
    }
}
