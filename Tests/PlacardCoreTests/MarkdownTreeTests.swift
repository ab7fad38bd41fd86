import PlacardCore
import Testing

/// `CommonMark.tree`: the GitHub-flavoured document as values, for writers other than HTML.
@Suite("Markdown tree")
struct MarkdownTreeTests {
    @Test func extensionNodesHaveKindsOfTheirOwn() {
        let tree = CommonMark.tree("Was ~~old~~ new\n\n| a | b |\n|:-|--:|\n| *x* | y |\n\n- [x] done\n- [ ] open\n- plain\n")
        #expect(tree.kind == .document)
        let paragraph = tree.children[0]
        #expect(paragraph.children.map(\.kind) == [.text("Was "), .strikethrough, .text(" new")])
        #expect(paragraph.children[1].children.map(\.kind) == [.text("old")])
        let table = tree.children[1]
        #expect(table.kind == .table)
        #expect(table.children.map(\.kind) == [.tableRow(header: true), .tableRow(header: false)])
        #expect(table.children[0].children.map(\.kind) == [.tableCell(alignment: .left), .tableCell(alignment: .right)])
        #expect(table.children[1].children[0].children.first?.kind == .emphasis)
        #expect(table.children[1].line == 5)
        let items = tree.children[2].children
        #expect(items.map(\.kind) == [.item(task: .checked), .item(task: .unchecked), .item(task: nil)])
        // The checkbox is the item's kind, not a node: the paragraph holds only the text.
        #expect(items[0].children[0].children.map(\.kind) == [.text("done")])
    }

    @Test func deepNestingDoesNotRecurse() {
        let tree = CommonMark.tree(String(repeating: "> ", count: 5000) + "deep ~~x~~\n")
        var depth = 0
        var node = tree
        while let child = node.children.first { node = child; depth += 1 }
        #expect(depth >= 5000)
    }
}
