/// Rules about output. Writing the output folder, and packaging it.
extension Rule {
    public static let outputRefused = Rule("output.refused", .error, [.build, .serve], "the output folder is one Placard may replace")
    public static let writeFailed = Rule("write.failed", .error, [.build, .serve], "the output could be written")
    public static let verifyUnreadable = Rule("verify.unreadable", .error, [.packager], "placard package can read the folder it verifies")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let outputRules: [Rule] = [
        .outputRefused,
        .writeFailed,
        .verifyUnreadable,
    ]
}
