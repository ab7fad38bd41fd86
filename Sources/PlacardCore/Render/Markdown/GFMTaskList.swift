internal import CCmark
import PlacardSystem

/// GitHub's task list items (`- [ ] open`, `- [x] done`), built over cmark's tree.
///
/// Exists because cmark (the chosen engine) reads the box as text. A list item is a task
/// when the line it starts on matches GitHub's scanner — from the start of the line: spaces,
/// a list marker, spaces, `[ ]`, `[x]` or `[X]`, a space or tab — and its first block is a
/// paragraph starting on that line. The box leaves the paragraph's text; the item is tagged
/// (`CMarkNode.Tag.taskItem`) and its paragraph starts with a tagged checkbox inline.
enum GFMTaskList {
    static let unchecked = "<input type=\"checkbox\" disabled=\"\" /> "
    static let checked = "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> "
    /// What a checkbox in a loose list writes inside its `<p>`; `fixLooseItems` moves it
    /// before the `<p>`, where GitHub puts it.
    static let looseMark = "\u{E000}placard-task-"
    /// What the checkbox of an item with nothing after its box writes (on a line of its own).
    static let emptyMark = "\u{E000}placard-empty-task-"

    /// Marks the task items of `document`; true when the HTML needs `fixLooseItems`.
    static func apply(_ document: CMarkNode.Node, source: SourceLines) -> Bool {
        var items: [CMarkNode.Node] = []
        let iterator = cmark_iter_new(document)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_ITEM { items.append(node) }
        }
        cmark_iter_free(iterator)
        var loose = false
        for item in items {
            guard let line = source.line(CMarkNode.startLine(item)), scansAsTask(Array(line)),
                  let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                  CMarkNode.startLine(paragraph) == CMarkNode.startLine(item) else { continue }
            let isChecked = contains(line, "[x]") || contains(line, "[X]")
            dropBox(paragraph)
            let tight = cmark_node_parent(item).map { cmark_node_get_list_tight($0) != 0 } ?? true
            let tag = CMarkNode.Tag.checkbox.rawValue | (isChecked ? 1 : 0)
            if cmark_node_first_child(paragraph) == nil {
                // Nothing after the box: GitHub's item holds no paragraph, only the checkbox.
                CMarkNode.remove(paragraph)
                _ = cmark_node_prepend_child(item, CMarkNode.custom(block: true, enter: emptyMark + (isChecked ? "1" : "0"), exit: "", tag: tag))
                loose = true
            } else {
                let box = CMarkNode.custom(block: false, enter: tight ? (isChecked ? checked : unchecked) : looseMark + (isChecked ? "1" : "0"), exit: "", tag: tag)
                _ = cmark_node_prepend_child(paragraph, box)
                if !tight { loose = true }
            }
            CMarkNode.setTag(item, CMarkNode.Tag.taskItem.rawValue | (isChecked ? 1 : 0))
        }
        return loose
    }

    /// GitHub's `tasklist` scanner from the start of the line:
    /// `spacechar* ("-"|"+"|"*"|[0-9]+ any) spacechar+ ("[ ]"|"[x]"|"[X]") spacechar+`.
    static func scansAsTask(_ b: [UInt8]) -> Bool {
        var i = 0
        while i < b.count, TableSyntax.isSpaceChar(b[i]) { i += 1 }
        guard i < b.count else { return false }
        var starts: [Int] = []
        if "-+*".utf8.contains(b[i]) {
            starts.append(i + 1)
        } else {
            var j = i
            while j < b.count, b[j] >= 0x30, b[j] <= 0x39 {
                j += 1
                if j < b.count { starts.append(j + 1) }   // the digits so far, then any one byte
            }
        }
        return starts.contains { start in
            var k = start
            guard k < b.count, TableSyntax.isSpaceChar(b[k]) else { return false }
            while k < b.count, TableSyntax.isSpaceChar(b[k]) { k += 1 }
            guard k + 3 < b.count, b[k] == UInt8(ascii: "["), b[k + 1] == 0x20 || b[k + 1] == UInt8(ascii: "x") || b[k + 1] == UInt8(ascii: "X"), b[k + 2] == UInt8(ascii: "]") else { return false }
            return TableSyntax.isSpaceChar(b[k + 3])
        }
    }

    private static func contains(_ line: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        let b = Array(line)
        guard b.count >= n.count else { return false }
        return (0...(b.count - n.count)).contains { b[$0..<($0 + n.count)].elementsEqual(n) }
    }

    /// Removes the three characters of the box, then the spaces (and a line break) after it.
    private static func dropBox(_ paragraph: CMarkNode.Node) {
        var remaining = 3
        while remaining > 0, let first = cmark_node_first_child(paragraph) {
            switch cmark_node_get_type(first) {
            case CMARK_NODE_TEXT:
                let bytes = CMarkNode.literalBytes(first)
                if bytes.count <= remaining {
                    remaining -= bytes.count
                    CMarkNode.remove(first)
                } else {
                    CMarkNode.setLiteral(first, bytes[remaining...])
                    remaining = 0
                }
            case CMARK_NODE_LINK:   // `[x]` read as a shortcut reference link
                remaining = 0
                CMarkNode.remove(first)
            default:
                remaining = 0
            }
        }
        while let first = cmark_node_first_child(paragraph) {
            let type = cmark_node_get_type(first)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                CMarkNode.remove(first)
                continue
            }
            guard type == CMARK_NODE_TEXT else { break }
            let bytes = CMarkNode.literalBytes(first)
            let rest = bytes.drop { $0 == 0x20 || $0 == 0x09 }
            if rest.isEmpty { CMarkNode.remove(first); continue }
            if rest.count != bytes.count { CMarkNode.setLiteral(first, rest) }
            break
        }
    }

    /// Moves each loose item's checkbox from inside its `<p>` to before it, and puts the
    /// checkbox of an empty item right after its `<li>`.
    static func fixLooseItems(_ html: String) -> String {
        var out = html
        for (state, input) in [("0", unchecked), ("1", checked)] {
            out = out.replacing("<li>\n<p>" + looseMark + state, with: "<li>" + input + "\n<p>")
            out = out.replacing("<li>\n" + emptyMark + state + "\n</li>", with: "<li>" + input + "</li>")
            out = out.replacing("<li>\n" + emptyMark + state + "\n", with: "<li>" + input + "\n")
        }
        return out
    }
}
