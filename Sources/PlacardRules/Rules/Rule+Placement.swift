/// Rules about placement code. The PLACEMENT code, judged alike in front matter (build) and placement.json (verify).
extension Rule {
    public static let placementMissing = Rule("placement.missing", .error, [.build, .verify, .serve], "PLACEMENT is present and not empty")
    public static let placementUnknown = Rule("placement.unknown", .error, [.build, .verify, .serve], "PLACEMENT is a messenger code (with \"did you mean\" for near misses)")
    public static let placementArchived = Rule("placement.archived", .error, [.build, .verify, .serve], "PLACEMENT is not IM_SMILES_SELECTOR (archived: the handler is never called)")
    public static let placementNotChat = Rule("placement.not-chat", .error, [.build, .verify, .serve], "PLACEMENT is not an embedding point outside the messenger (CRM_…, TASK_…)")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let placementRules: [Rule] = [
        .placementMissing,
        .placementUnknown,
        .placementArchived,
        .placementNotChat,
    ]
}
