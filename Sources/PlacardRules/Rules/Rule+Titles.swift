/// Rules about titles. TITLE and LANG_ALL of a built placement.json.
extension Rule {
    public static let titleMissing = Rule("title.missing", .error, [.verify], "TITLE is present and not empty")
    public static let langMissing = Rule("lang.missing", .error, [.verify], "LANG_ALL is present and has at least one language")
    public static let langTitleMissing = Rule("lang.title.missing", .error, [.verify], "every LANG_ALL language has a non-empty TITLE")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let titlesRules: [Rule] = [
        .titleMissing,
        .langMissing,
        .langTitleMissing,
    ]
}
