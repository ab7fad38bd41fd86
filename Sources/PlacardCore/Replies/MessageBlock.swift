/// One ```insert or ```reply block of a page: what it sends, and the snippet markup the
/// runtime turns into a working **Insert** button.
///
/// Exists so that both kinds of message block are judged alike (the 20,000-character limit,
/// `replace`) and written in one place, whatever the widget's placement.
package struct MessageBlock: Sendable, Equatable {
    package enum Kind: Sendable, Equatable { case insert, reply }
    package var kind: Kind
    /// The text Insert puts into the message field: the block verbatim, or the reply's BBCode.
    package var message: String
    /// The reply's Markdown as HTML (nil for ```insert).
    package var preview: String?
    /// `replace` in the info string: Insert replaces the field's text instead of inserting at the cursor.
    package var replaces: Bool
    /// Words of the info string after `insert`/`reply` that mean nothing.
    package var unknownWords: [String]
    /// The fence's 1-based line and column in the page's Markdown.
    package var line: Int, column: Int
    /// A reply's problems, at their line and column in the page's Markdown.
    package var problems: [Reply.Problem]

    /// The words an info string may have after `insert` or `reply`.
    package static let infoWords = ["replace"]

    init(info: String, text: String, line: Int, column: Int, externalLinksInNewTab: Bool = false) {
        let words = info.split(whereSeparator: { " \t\n\r\u{0B}\u{0C}".contains($0) }).map(String.init)
        kind = words.first == "reply" ? .reply : .insert
        replaces = words.dropFirst().contains("replace")
        unknownWords = words.dropFirst().filter { !Self.infoWords.contains($0) }
        (self.line, self.column) = (line, column)
        if kind == .reply {
            let reply = Reply(markdown: text)
            message = reply.bbcode
            preview = CommonMark.render(text, options: {
                var options = CommonMark.Options()
                options.messageBlocks = false
                // The preview is part of the page in the widget's frame: its links follow the page's.
                options.externalLinksInNewTab = externalLinksInNewTab
                return options
            }()).html
            // The content starts on the line after the opening fence, indented as the fence is.
            problems = reply.problems.map { problem in
                var moved = problem
                moved.line += line
                moved.column += column - 1
                return moved
            }
        } else {
            message = text.hasSuffix("\n") ? String(text.dropLast()) : text
            preview = nil
            problems = []
        }
    }

    /// The length the messenger counts (see `Reply.length`).
    package var length: Int { message.utf16.count }

    /// The snippet: with an Insert button where the page can insert (IM_TEXTAREA); else a
    /// reply is its formatted text, selectable, and an insert block plain code.
    func html(insertable: Bool, label: String) -> String {
        var figure = "<figure class=\"b24-snippet" + (kind == .reply ? " b24-reply\"" : "\"")
        if kind == .reply, insertable { figure += " data-b24-text=\"\(HTML.escape(message))\"" }
        if replaces, insertable { figure += " data-b24-replace" }
        figure += ">"
        if let preview {
            figure += "<div class=\"b24-reply-body\">" + preview + "</div>"
        } else {
            figure += "<pre><code>\(HTML.escape(message + "\n"))</code></pre>"
        }
        if insertable {
            figure += "<figcaption><button type=\"button\" class=\"b24-insert\" data-b24-insert>\(HTML.escape(label))</button>"
                + " <output class=\"b24-insert-status\" aria-live=\"polite\"></output></figcaption>"
        }
        return figure + "</figure>\n"
    }
}
