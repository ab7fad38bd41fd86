/// Rules about hygiene. Secrets, size and hosting reminders of a built `dist/`.
extension Rule {
    public static let secretToken = Rule("secret.token", .error, [.verify], "no text file contains something shaped like a Bitrix24 OAuth token")
    public static let bundleSize = Rule("bundle.size", .warning, [.verify], "each bundle is within the size budget (--budget, default 1 MiB)")
    public static let hostPostUnproven = Rule("host.post-unproven", .note, [.verify], "reminds that verify cannot prove the host answers POST; not shown for Bitrix24-hosted static apps")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let hygieneRules: [Rule] = [
        .secretToken,
        .bundleSize,
        .hostPostUnproven,
    ]
}
