/// Rules about pages. What the built HTML pages and scripts of a bundle say about their placement.
extension Rule {
    public static let pagePlacementMissing = Rule("page.placement.missing", .error, [.verify], "every page has <meta name=\"b24-placement\">")
    public static let pagePlacementMismatch = Rule("page.placement.mismatch", .error, [.verify], "<meta name=\"b24-placement\"> equals the bundle's PLACEMENT")
    public static let pageBx24Missing = Rule("page.bx24.missing", .error, [.verify], "every page loads the BX24 library")
    public static let pageOptionNotDelivered = Rule("page.option.not-delivered", .error, [.verify], "every data-b24-option key is one the placement delivers")
    public static let pageIfNotDelivered = Rule("page.if.not-delivered", .warning, [.verify], "every data-b24-if key is one the placement delivers")
    public static let scriptOptionNotDelivered = Rule("script.option.not-delivered", .warning, [.verify], "scripts (files and inline) read no option the placement never delivers (.messageId, [\"URI\"], …)")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let pagesRules: [Rule] = [
        .pagePlacementMissing,
        .pagePlacementMismatch,
        .pageBx24Missing,
        .pageOptionNotDelivered,
        .pageIfNotDelivered,
        .scriptOptionNotDelivered,
    ]
}
