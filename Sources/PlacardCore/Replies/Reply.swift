/// Quick replies: a ```reply block's Markdown converted into the BBCode a Bitrix24 chat
/// message is written in (docs/platform.md §9.1: "Markdown is not supported" in messages).
///
/// Exists because the messenger's field takes text and renders BBCode when it is sent, while
/// authors write Markdown: the page shows the reply formatted and **Insert** puts this
/// conversion into the field. Everything Markdown has and BBCode lacks is reported with what
/// will be sent instead (`Reply.Problem`); nothing the author wrote is silently lost.
package struct Reply: Sendable, Equatable {
    /// The message text, BBCode.
    package var bbcode: String
    /// What has no BBCode form, or BBCode that cannot pass through, at its line in the reply.
    package var problems: [Problem]

    /// Bitrix24 truncates a message (and an insert into the field) longer than this
    /// (docs/platform.md §9.2).
    package static let maximumLength = 20_000

    /// The length the messenger counts: UTF-16 code units (JavaScript's `length`), which is
    /// never less than the characters a person would count.
    package var length: Int { bbcode.utf16.count }

    package struct Problem: Sendable, Equatable {
        package enum Kind: Sendable, Equatable {
            case heading, image, table, rawHTML
            /// An author's BBCode tag without its partner (`[b]` never closed, `[/i]` never opened).
            case unbalancedTag(String)
        }
        package var kind: Kind
        /// 1-based line and byte column in the reply's own Markdown.
        package var line: Int
        package var column: Int
        /// What the message sends instead (for `heading`, `image`, `table`).
        package var sent: String

        package init(kind: Kind, line: Int, column: Int, sent: String = "") {
            (self.kind, self.line, self.column, self.sent) = (kind, line, column, sent)
        }
    }

    package init(bbcode: String, problems: [Problem]) {
        (self.bbcode, self.problems) = (bbcode, problems)
    }

    /// Converts the Markdown of one reply (CommonMark; see docs/replies.md for each construct).
    package init(markdown: String) {
        self = BBCodeWriter(markdown: markdown).reply()
    }
}
