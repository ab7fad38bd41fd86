/// Rules about quick replies: ```reply and ```insert blocks, the messages they put into the
/// chat's field (BBCode, at most 20,000 characters; docs/platform.md §9.1–9.2, §9.4).
extension Rule {
    public static let replyUnsupported = Rule("reply.unsupported", .warning, [.build, .serve], "a reply uses only Markdown that BBCode can show (no headings, images, tables or raw HTML)")
    public static let replyBBCode = Rule("reply.bbcode", .warning, [.build, .serve], "BBCode written in a reply closes every tag it opens")
    public static let replyLength = Rule("reply.length", .error, [.build, .serve], "a reply or insert block is at most 20,000 characters as sent (Bitrix24 truncates longer messages)")
    public static let replyInfo = Rule("reply.info", .warning, [.build, .serve], "a reply or insert block's info string has only known words (replace)")
    public static let replyMobile = Rule("reply.mobile", .warning, [.build, .serve], "no reply or insert blocks in IMMOBILE_CONTEXT_MENU widgets, where the app has no message field to insert into")

    /// This area's rules, in the order `--list-rules` and the README show them.
    static let repliesRules: [Rule] = [
        .replyUnsupported,
        .replyBBCode,
        .replyLength,
        .replyInfo,
        .replyMobile,
    ]
}
