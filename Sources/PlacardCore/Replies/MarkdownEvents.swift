/// One step of a walk over a reply's Markdown (`CommonMark.steps`, GitHub's extensions
/// included): a container is entered and later exited, a leaf (text, code, a break, a code or
/// HTML block, a thematic break) only entered.
///
/// Exists so that the BBCode conversion is one loop over a flat list with a stack of its own:
/// no recursion over the tree, so no input can exhaust the call stack.
struct MarkdownEvent: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case document, blockQuote, paragraph, emphasis, strong, strikethrough, table, tableCell
        case item(task: MarkdownNode.Task?)
        case list(ordered: Bool, start: Int, tight: Bool)
        case heading(level: Int)
        case tableRow(header: Bool)
        case codeBlock(info: String)
        case htmlBlock, thematicBreak, text, softBreak, lineBreak, code, htmlInline
        case link(url: String), image(url: String)
    }
    var kind: Kind
    var entering: Bool
    /// The text of a leaf (text, code, code block, HTML); "" otherwise.
    var literal: String
    /// 1-based source line.
    var line: Int

    /// The events of `markdown`, in document order (`CommonMark.steps`: no tree of values,
    /// so no depth to overflow).
    static func events(_ markdown: String) -> [MarkdownEvent] {
        CommonMark.steps(markdown).map { step in
            let (kind, literal, _) = describe(step.kind)
            return MarkdownEvent(kind: kind, entering: step.entering, literal: step.entering ? literal : "", line: step.line)
        }
    }

    private static func describe(_ kind: MarkdownNode.Kind) -> (Kind, String, leaf: Bool) {
        switch kind {
        case .document: (.document, "", false)
        case .blockQuote: (.blockQuote, "", false)
        case .list(let ordered, let start, let tight): (.list(ordered: ordered, start: start, tight: tight), "", false)
        case .item(let task): (.item(task: task), "", false)
        case .paragraph: (.paragraph, "", false)
        case .heading(let level): (.heading(level: level), "", false)
        case .codeBlock(let info, let code): (.codeBlock(info: info), code, true)
        case .htmlBlock(let html): (.htmlBlock, html, true)
        case .thematicBreak: (.thematicBreak, "", true)
        case .table: (.table, "", false)
        case .tableRow(let header): (.tableRow(header: header), "", false)
        case .tableCell: (.tableCell, "", false)
        case .text(let text): (.text, text, true)
        case .softBreak: (.softBreak, "", true)
        case .lineBreak: (.lineBreak, "", true)
        case .code(let code): (.code, code, true)
        case .htmlInline(let html): (.htmlInline, html, true)
        case .emphasis: (.emphasis, "", false)
        case .strong: (.strong, "", false)
        case .strikethrough: (.strikethrough, "", false)
        case .link(let destination, _): (.link(url: destination), "", false)
        case .image(let source, _): (.image(url: source), "", false)
        }
    }
}
