/// Rules about HANDLER. The HANDLER URL of a built placement.json (the build judges `baseURL` with the same checks, as `config.baseURL.*`).
extension Rule {
    public static let handlerMissing = Rule("handler.missing", .error, [.verify], "HANDLER is present and not empty")
    public static let handlerRelative = Rule("handler.relative", .error, [.verify], "HANDLER is an absolute URL (relative is fine with --static-app)")
    public static let handlerScheme = Rule("handler.scheme", .error, [.verify], "HANDLER uses https (or http)")
    public static let handlerHttp = Rule("handler.http", .warning, [.verify], "HANDLER uses https rather than http")
    public static let handlerSyntax = Rule("handler.syntax", .error, [.verify], "HANDLER is a well-formed URL of at most 2,000 characters: no spaces, quotes, <>, control characters, user name, query or fragment")
    public static let handlerHost = Rule("handler.host", .error, [.verify], "HANDLER's host is public: has a dot, is not localhost, an IP address, .local or .internal")
    public static let handlerOrigin = Rule("handler.origin", .warning, [.verify], "all absolute HANDLERs share one origin")
    public static let handlerFolder = Rule("handler.folder", .error, [.verify], "a bundle's HANDLER opens that bundle's folder (<baseURL><widget-id>/)")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let handlerRules: [Rule] = [
        .handlerMissing,
        .handlerRelative,
        .handlerScheme,
        .handlerHttp,
        .handlerSyntax,
        .handlerHost,
        .handlerOrigin,
        .handlerFolder,
    ]
}
