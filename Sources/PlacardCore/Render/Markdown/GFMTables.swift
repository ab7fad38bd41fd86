internal import CCmark
import PlacardSystem

/// GitHub's tables, built over cmark's tree: cmark reads a table as a paragraph (or, when
/// a `---` follows it, as a setext heading); this pass finds the header and delimiter rows
/// in that paragraph's source lines, parses every cell's inlines with cmark, and replaces
/// the paragraph by a table of tagged custom nodes (see `CMarkNode.Tag`).
///
/// Exists because cmark (the chosen engine) is plain CommonMark. Cells are parsed in one
/// extra cmark document per page (each cell a paragraph, the page's own text after them so
/// that reference links resolve), not one per cell.
struct GFMTables {
    /// Where the text of a node made from an extra document came from: for each of its
    /// lines there, the source line and the column its text starts at.
    struct Origin {
        var firstLine: Int
        /// Column of the node's first byte in the extra document (3 after the no-break space).
        var firstColumn: Int
        var positions: [(line: Int, column: Int)]

        func map(line: Int, column: Int) -> (line: Int, column: Int) {
            guard !positions.isEmpty else { return (line, column) }
            let index = min(max(line - firstLine, 0), positions.count - 1)
            let base = positions[index]
            let shift = index == 0 ? column - firstColumn : column - 1
            return (base.line, base.column + max(shift, 0))
        }
    }

    /// One line of a paragraph, after its containers' prefixes.
    struct Line {
        var number: Int
        /// The line after the block-quote markers and list indentation (nil: a lazy line).
        var afterPrefix: ArraySlice<UInt8>
        var lazy: Bool
        /// 1-based column of `afterPrefix`'s first byte.
        var column: Int
        var indent: Int { afterPrefix.prefix { TableSyntax.isSpaceChar($0) }.reduce(0) { $0 + ($1 == 0x09 ? 4 : 1) } }
        var content: ArraySlice<UInt8> { afterPrefix.drop { TableSyntax.isSpaceChar($0) } }
        var contentColumn: Int { column + (afterPrefix.count - content.count) }
    }

    struct Piece {
        var text: [UInt8]
        var positions: [(line: Int, column: Int)]
    }

    struct Plan {
        var node: CMarkNode.Node
        var before: Piece?
        var head: [Piece]
        var alignments: [TableSyntax.Alignment]
        var rows: [[Piece]]
        var rest: [Line]
    }

    let source: SourceLines
    let text: String
    let options: Int32
    /// How many documents deep this is (a table's rest is parsed again); bounded.
    let depth: Int
    /// Whether the extra documents' tildes are masked like the page's (`TildeMask`).
    let maskTildes: Bool
    private(set) var origins: [CMarkNode.Node: Origin] = [:]

    init(source: SourceLines, text: String, options: Int32, maskTildes: Bool, depth: Int = 0) {
        (self.source, self.text, self.options, self.maskTildes, self.depth) = (source, text, options, maskTildes, depth)
    }

    static let maximumDepth = 8

    /// Turns every table of `document` into table nodes; only paragraphs and setext
    /// headings starting at or before `lastLine` are looked at.
    mutating func apply(_ document: CMarkNode.Node, lastLine: Int = Int.max) {
        var candidates: [CMarkNode.Node] = []
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING else { continue }
            let first = CMarkNode.startLine(node), last = CMarkNode.endLine(node)
            if last > first, first <= lastLine, source.anyLine(first...last, contains: UInt8(ascii: "|")) { candidates.append(node) }
        }
        let plans = candidates.compactMap(plan)
        guard !plans.isEmpty else { return }
        build(plans, in: document)
    }

    // MARK: finding the table in a paragraph

    private func plan(_ node: CMarkNode.Node) -> Plan? {
        let lines = paragraphLines(node)
        guard lines.count >= 2 else { return nil }
        for d in 1..<lines.count {
            let delimiter = lines[d]
            guard !delimiter.lazy, delimiter.indent < 4, let alignments = TableSyntax.delimiterRow(delimiter.content) else { continue }
            let header = lines[d - 1]
            guard let cells = TableSyntax.cells(header.content), cells.count == alignments.count else { continue }
            var before: Piece?
            if d - 1 > 0 {
                let above = lines[0..<(d - 1)]
                var joined: [UInt8] = []
                for (i, line) in above.enumerated() {
                    if i > 0 { joined.append(0x0A) }
                    joined += line.content
                }
                var unescaped = TableSyntax.unescapePipes(joined)
                while let last = unescaped.last, last == 0x20 || last == 0x09 || last == 0x0A { unescaped.removeLast() }
                before = Piece(text: unescaped, positions: above.map { ($0.number, $0.contentColumn) })
            }
            let head = cells.map { Piece(text: $0.text, positions: [(header.number, header.contentColumn + $0.offset)]) }
            var rows: [[Piece]] = []
            var index = d + 1
            while index < lines.count {
                let line = lines[index]
                if line.lazy || TableSyntax.endsTable(line.content, indent: line.indent) { break }
                let found = TableSyntax.cells(line.content) ?? []
                var row = found.prefix(cells.count).map { Piece(text: $0.text, positions: [(line.number, line.contentColumn + $0.offset)]) }
                while row.count < cells.count { row.append(Piece(text: [], positions: [(line.number, line.contentColumn)])) }
                rows.append(row)
                index += 1
            }
            return Plan(node: node, before: before, head: head, alignments: alignments, rows: rows, rest: Array(lines[index...]))
        }
        return nil
    }

    /// The source lines of a paragraph or setext heading, each after its containers' prefixes.
    private func paragraphLines(_ node: CMarkNode.Node) -> [Line] {
        var containers: [Container] = []
        var parent = cmark_node_parent(node)
        while let current = parent {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_BLOCK_QUOTE: containers.append(.quote)
            case CMARK_NODE_ITEM: containers.append(.item(contentColumn: itemContentColumn(current)))
            default: break
            }
            parent = cmark_node_parent(current)
        }
        containers.reverse()
        let first = CMarkNode.startLine(node), last = CMarkNode.endLine(node)
        // cmark ends a setext heading on the line after its underline: stop at the underline.
        let isHeading = cmark_node_get_type(node) == CMARK_NODE_HEADING
        var lines: [Line] = []
        for number in first...last {
            if isHeading, let previous = lines.last, previous.number > first, Self.isUnderline(previous.content) { break }
            guard let bytes = source.line(number) else { break }
            if number == first {
                let offset = min(max(CMarkNode.startColumn(node) - 1, 0), bytes.count)
                lines.append(Line(number: number, afterPrefix: bytes.dropFirst(offset), lazy: false, column: offset + 1))
            } else if let offset = Self.strip(bytes, containers) {
                lines.append(Line(number: number, afterPrefix: bytes.dropFirst(offset), lazy: false, column: offset + 1))
            } else {
                let content = bytes.drop { TableSyntax.isSpaceChar($0) }
                lines.append(Line(number: number, afterPrefix: content, lazy: true, column: bytes.count - content.count + 1))
            }
        }
        return lines
    }

    enum Container { case quote, item(contentColumn: Int) }

    /// A setext heading underline: `=` or `-` repeated, then spaces.
    static func isUnderline(_ content: ArraySlice<UInt8>) -> Bool {
        guard let first = content.first, first == UInt8(ascii: "=") || first == UInt8(ascii: "-") else { return false }
        let rest = content.drop { $0 == first }
        return rest.allSatisfy(TableSyntax.isSpaceChar)
    }

    /// The offset after the prefixes of `containers` on a continuation line, or nil (lazy).
    static func strip(_ line: ArraySlice<UInt8>, _ containers: [Container]) -> Int? {
        let bytes = Array(line)
        var o = 0
        for container in containers {
            switch container {
            case .quote:
                var spaces = 0
                while o < bytes.count, bytes[o] == 0x20, spaces < 3 { o += 1; spaces += 1 }
                guard o < bytes.count, bytes[o] == UInt8(ascii: ">") else { return nil }
                o += 1
                if o < bytes.count, bytes[o] == 0x20 || bytes[o] == 0x09 { o += 1 }
            case .item(let column):
                let target = column - 1
                guard o <= target else { return nil }
                while o < target {
                    guard o < bytes.count, bytes[o] == 0x20 else { return nil }
                    o += 1
                }
            }
        }
        return o
    }

    /// The 1-based column where a list item's content starts (its marker, then 1 to 4 spaces).
    private func itemContentColumn(_ item: CMarkNode.Node) -> Int {
        let markerColumn = CMarkNode.startColumn(item)
        guard let bytes = source.line(CMarkNode.startLine(item)).map(Array.init) else { return markerColumn + 2 }
        var i = markerColumn - 1
        guard i >= 0, i < bytes.count else { return markerColumn + 2 }
        if "-+*".utf8.contains(bytes[i]) { i += 1 } else {
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            i += 1
        }
        let width = i - (markerColumn - 1)
        var spaces = 0
        while i + spaces < bytes.count, bytes[i + spaces] == 0x20 { spaces += 1 }
        let padding = (i + spaces >= bytes.count || spaces >= 5 || spaces == 0) ? width + 1 : width + spaces
        return markerColumn + padding
    }

    // MARK: building the table

    private mutating func build(_ plans: [Plan], in document: CMarkNode.Node) {
        // One extra document: every cell and every paragraph above a table, each its own
        // paragraph behind a no-break space (which keeps `# x`, `- x` or `>` from starting a
        // block, and counts as the start of a line for emphasis), then the page for its
        // link reference definitions.
        var synthetic: [UInt8] = []
        var pieces: [(piece: Piece, line: Int)] = []
        var line = 1
        func add(_ piece: Piece) {
            pieces.append((piece, line))
            synthetic += [0xC2, 0xA0]
            synthetic += piece.text
            synthetic += [0x0A, 0x0A]
            line += piece.text.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } + 1
        }
        for plan in plans {
            if let before = plan.before { add(before) }
            plan.head.forEach(add)
            plan.rows.forEach { $0.forEach(add) }
        }
        let definitions = text.utf8.count < 4_000_000 && source.hasDefinitionMark
        if definitions { synthetic += Array(text.utf8) }
        let extra = CMarkNode.parse(String(decoding: synthetic, as: UTF8.self), options: options, maskTildes: maskTildes)
        defer { cmark_node_free(extra) }
        var blocks = CMarkNode.children(extra)
        guard blocks.count >= pieces.count, blocks.prefix(pieces.count).allSatisfy({ cmark_node_get_type($0) == CMARK_NODE_PARAGRAPH }) else { return }
        blocks = Array(blocks.prefix(pieces.count))
        var next = 0
        func take(into container: CMarkNode.Node) {
            let paragraph = blocks[next]
            let (piece, firstLine) = pieces[next]
            next += 1
            Self.dropNoBreakSpace(paragraph)
            CMarkNode.moveChildren(from: paragraph, to: container)
            origins[container] = Origin(firstLine: firstLine, firstColumn: 3, positions: piece.positions)
        }
        for plan in plans {
            let node = plan.node
            if plan.before != nil {
                let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH)!
                take(into: paragraph)
                _ = cmark_node_insert_before(node, paragraph)
            }
            let table = CMarkNode.custom(block: true, enter: "<table>", exit: "</table>", tag: CMarkNode.Tag.table.rawValue)
            let head = CMarkNode.custom(block: true, enter: "<thead>\n<tr>", exit: "</tr>\n</thead>", tag: CMarkNode.Tag.tableHead.rawValue)
            _ = cmark_node_append_child(table, head)
            for alignment in plan.alignments {
                let cell = Self.cell(alignment, header: true)
                take(into: cell)
                _ = cmark_node_append_child(head, cell)
            }
            if !plan.rows.isEmpty {
                let body = CMarkNode.custom(block: true, enter: "<tbody>", exit: "</tbody>", tag: CMarkNode.Tag.tableBody.rawValue)
                _ = cmark_node_append_child(table, body)
                for _ in plan.rows {
                    let row = CMarkNode.custom(block: true, enter: "<tr>", exit: "</tr>", tag: CMarkNode.Tag.tableRow.rawValue)
                    for alignment in plan.alignments {
                        let cell = Self.cell(alignment, header: false)
                        take(into: cell)
                        _ = cmark_node_append_child(row, cell)
                    }
                    _ = cmark_node_append_child(body, row)
                }
            }
            _ = cmark_node_insert_before(node, table)
            if !plan.rest.isEmpty { insertRest(plan.rest, before: node) }
            CMarkNode.remove(node)
        }
    }

    /// The lines after a table that GitHub reads as new blocks: parsed again as a document
    /// of their own (tables in it included), and put after the table.
    private mutating func insertRest(_ rest: [Line], before node: CMarkNode.Node) {
        var bytes: [UInt8] = []
        for (i, line) in rest.enumerated() {
            if i > 0 { bytes.append(0x0A) }
            bytes += line.afterPrefix
        }
        let count = rest.count
        bytes += [0x0A, 0x0A]
        if source.hasDefinitionMark { bytes += Array(text.utf8) }
        let restText = String(decoding: bytes, as: UTF8.self)
        let document = CMarkNode.parse(restText, options: options, maskTildes: maskTildes)
        defer { cmark_node_free(document) }
        var inner = GFMTables(source: SourceLines(restText), text: text, options: options, maskTildes: maskTildes, depth: depth + 1)
        if depth + 1 < Self.maximumDepth { inner.apply(document, lastLine: count) }
        let positions = rest.map { ($0.number, $0.column) }
        let outer = Origin(firstLine: 1, firstColumn: 1, positions: positions)
        for (key, origin) in inner.origins {
            origins[key] = Origin(firstLine: origin.firstLine, firstColumn: origin.firstColumn,
                                  positions: origin.positions.map { outer.map(line: $0.line, column: $0.column) })
        }
        for block in CMarkNode.children(document) where CMarkNode.startLine(block) <= count {
            _ = cmark_node_insert_before(node, block)
            if origins[block] == nil { origins[block] = outer }
        }
    }

    private static func cell(_ alignment: TableSyntax.Alignment, header: Bool) -> CMarkNode.Node {
        let name = header ? "th" : "td"
        let attribute = switch alignment {
        case .none: ""
        case .left: " align=\"left\""
        case .center: " align=\"center\""
        case .right: " align=\"right\""
        }
        return CMarkNode.custom(block: false, enter: "<\(name)\(attribute)>", exit: "</\(name)>\n",
                                tag: CMarkNode.Tag.cell.rawValue | Int(alignment.rawValue) | (header ? 4 : 0))
    }

    /// Removes the no-break space the extra document put before a piece.
    static func dropNoBreakSpace(_ paragraph: CMarkNode.Node) {
        guard let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT else { return }
        let bytes = CMarkNode.literalBytes(first)
        guard bytes.count >= 2, bytes[0] == 0xC2, bytes[1] == 0xA0 else { return }
        if bytes.count == 2 { CMarkNode.remove(first) } else { CMarkNode.setLiteral(first, bytes[2...]) }
    }
}
