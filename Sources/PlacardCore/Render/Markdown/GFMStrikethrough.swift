internal import CCmark
import PlacardSystem

/// GitHub's strikethrough (`~text~`, `~~text~~`), built over cmark's tree.
///
/// Exists because cmark (the chosen engine) leaves the tildes in its text nodes. Within
/// each run of inlines (a paragraph, a heading, a cell, an emphasis, a link text) this pass
/// finds the tilde runs of length 1 and 2, decides whether each can open or close by the
/// same flanking rules as `*` (judged on the characters around it in the source), pairs
/// them the way GitHub's delimiter algorithm does, and wraps what lies between a pair in a
/// tagged custom inline (`<del>`).
enum GFMStrikethrough {
    private struct Delimiter {
        var child: Int
        var start: Int
        var length: Int
        var canOpen: Bool
        var canClose: Bool
        var alive = true
    }

    static func apply(_ document: CMarkNode.Node) {
        var containers: [CMarkNode.Node] = []
        var seen = Set<CMarkNode.Node>()
        let iterator = cmark_iter_new(document)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_TEXT, let parent = cmark_node_parent(node),
                  let literal = cmark_node_get_literal(node), hasTilde(literal) else { continue }
            if seen.insert(parent).inserted { containers.append(parent) }
        }
        cmark_iter_free(iterator)
        for container in containers { process(container) }
    }

    /// Whether a text holds a tilde or one of `TildeMask`'s stand-ins for one.
    private static func hasTilde(_ pointer: UnsafePointer<CChar>) -> Bool {
        strchr(pointer, 0x7E) != nil || strstr(pointer, "\u{E001}") != nil || strstr(pointer, "\u{2E2E}") != nil || strstr(pointer, "\u{2007}") != nil
    }

    private static func process(_ container: CMarkNode.Node) {
        let children = CMarkNode.children(container)
        let literals: [[Unicode.Scalar]?] = children.map { cmark_node_get_type($0) == CMARK_NODE_TEXT ? Array(CMarkNode.literal($0).unicodeScalars) : nil }
        let (start, end) = boundary(container)
        var delimiters: [Delimiter] = []
        for (index, _) in children.enumerated() {
            guard let scalars = literals[index], scalars.contains(where: TildeMask.isTilde) else { continue }
            var i = 0
            while i < scalars.count {
                guard TildeMask.isTilde(scalars[i]) else { i += 1; continue }
                var j = i
                while j < scalars.count, TildeMask.isTilde(scalars[j]) { j += 1 }
                let length = j - i
                if length <= 2 {
                    let before = i > 0 ? character(scalars[i - 1]) : (index > 0 ? lastCharacter(children[index - 1], literals[index - 1]) : start)
                    let after = j < scalars.count ? character(scalars[j]) : (index + 1 < children.count ? firstCharacter(children[index + 1], literals[index + 1]) : end)
                    let left = !after.isSpace && (!after.isPunctuation || before.isSpace || before.isPunctuation)
                    let right = !before.isSpace && (!before.isPunctuation || after.isSpace || after.isPunctuation)
                    if left || right {
                        delimiters.append(Delimiter(child: index, start: i, length: length, canOpen: left, canClose: right))
                    }
                }
                i = j
            }
        }
        guard delimiters.count >= 2 else { return }
        let pairs = match(&delimiters)
        guard !pairs.isEmpty else { return }
        wrap(pairs, delimiters: delimiters, children: children, literals: literals)
    }

    /// A character of the text as the flanking rules see it: an escaped tilde is read as
    /// the backslash before it.
    private static func character(_ s: Unicode.Scalar) -> Unicode.Scalar { s == TildeMask.escaped ? "\\" : s }

    /// GitHub's `process_emphasis` for tildes: pairs as (opener, closer), inner pairs first.
    private static func match(_ d: inout [Delimiter]) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        var bottom = [-1, -1, -1]
        var closer = 0
        while closer < d.count {
            guard d[closer].alive, d[closer].canClose else { closer += 1; continue }
            var opener = closer - 1
            var found = false
            while opener > bottom[d[closer].length % 3] {
                if d[opener].alive, d[opener].canOpen {
                    let (o, c) = (d[opener], d[closer])
                    if !(c.canOpen || o.canClose) || c.length % 3 == 0 || (o.length + c.length) % 3 != 0 {
                        found = true
                        break
                    }
                }
                opener -= 1
            }
            if found {
                let next = closer + 1
                if d[opener].length == d[closer].length {
                    pairs.append((opener, closer))
                    for k in opener...closer { d[k].alive = false }
                }
                closer = next
            } else {
                var previous = closer - 1
                while previous >= 0, !d[previous].alive { previous -= 1 }
                bottom[d[closer].length % 3] = previous
                if !d[closer].canOpen { d[closer].alive = false }
                closer += 1
            }
        }
        return pairs
    }

    private static func wrap(_ pairs: [(Int, Int)], delimiters: [Delimiter], children: [CMarkNode.Node], literals: [[Unicode.Scalar]?]) {
        // Split each text node at its paired runs; remember the node made for each run.
        var used = Set<Int>()
        for (o, c) in pairs { used.insert(o); used.insert(c) }
        var runNode: [Int: CMarkNode.Node] = [:]
        let byChild = Dictionary(grouping: used.sorted(), by: { delimiters[$0].child })
        for (child, indices) in byChild {
            let node = children[child]
            let scalars = literals[child]!
            func text(_ part: ArraySlice<Unicode.Scalar>) -> CMarkNode.Node {
                var string = String.UnicodeScalarView()
                string.append(contentsOf: part)
                return CMarkNode.text(Array(String(string).utf8)[...])
            }
            var position = 0
            for index in indices.sorted(by: { delimiters[$0].start < delimiters[$1].start }) {
                let delimiter = delimiters[index]
                if delimiter.start > position { _ = cmark_node_insert_before(node, text(scalars[position..<delimiter.start])) }
                let run = text(scalars[delimiter.start..<(delimiter.start + delimiter.length)])
                _ = cmark_node_insert_before(node, run)
                runNode[index] = run
                position = delimiter.start + delimiter.length
            }
            if position < scalars.count { _ = cmark_node_insert_before(node, text(scalars[position...])) }
            CMarkNode.remove(node)
        }
        for (o, c) in pairs {
            guard let open = runNode[o], let close = runNode[c] else { continue }
            let strike = CMarkNode.custom(block: false, enter: "<del>", exit: "</del>", tag: CMarkNode.Tag.strikethrough.rawValue)
            _ = cmark_node_insert_before(open, strike)
            var node = cmark_node_next(open)
            while let current = node, current != close {
                node = cmark_node_next(current)
                _ = cmark_node_append_child(strike, current)
            }
            CMarkNode.remove(open)
            CMarkNode.remove(close)
        }
    }

    // MARK: the source characters around a run

    /// The character before and after the inlines of `container` in the source.
    private static func boundary(_ container: CMarkNode.Node) -> (Unicode.Scalar, Unicode.Scalar) {
        switch cmark_node_get_type(container) {
        case CMARK_NODE_EMPH, CMARK_NODE_STRONG: ("*", "*")
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE: ("[", "]")
        default: ("\n", "\n")
        }
    }

    private static func lastCharacter(_ node: CMarkNode.Node, _ literal: [Unicode.Scalar]?) -> Unicode.Scalar {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            guard let last = literal?.last else { return "\n" }
            return character(last)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return "\n"
        case CMARK_NODE_CODE: return "`"
        case CMARK_NODE_HTML_INLINE: return ">"
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE: return ")"
        default: return "*"
        }
    }

    private static func firstCharacter(_ node: CMarkNode.Node, _ literal: [Unicode.Scalar]?) -> Unicode.Scalar {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            guard let first = literal?.first else { return "\n" }
            return character(first)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return "\n"
        case CMARK_NODE_CODE: return "`"
        case CMARK_NODE_HTML_INLINE: return "<"
        case CMARK_NODE_LINK: return "["
        case CMARK_NODE_IMAGE: return "!"
        default: return "*"
        }
    }
}

extension Unicode.Scalar {
    /// Whitespace as CommonMark's flanking rules read it: Unicode Zs, tab, line feed, form feed, carriage return.
    var isSpace: Bool {
        value == 9 || value == 10 || value == 11 || value == 12 || value == 13 || properties.generalCategory == .spaceSeparator
    }

    /// Punctuation as cmark-gfm reads it: ASCII punctuation, or a Unicode punctuation category.
    var isPunctuation: Bool {
        if value < 128 {
            return (value >= 33 && value <= 47) || (value >= 58 && value <= 64) || (value >= 91 && value <= 96) || (value >= 123 && value <= 126)
        }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .closePunctuation, .finalPunctuation, .initialPunctuation, .otherPunctuation, .openPunctuation:
            return true
        default:
            return false
        }
    }
}
