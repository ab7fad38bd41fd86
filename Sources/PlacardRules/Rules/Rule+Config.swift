/// Rules about placard.yml. The settings in placard.yml.
extension Rule {
    public static let configKeyUnknown = Rule("config.key.unknown", .warning, [.build, .serve], "placard.yml has only known keys")
    public static let configValueInvalid = Rule("config.value.invalid", .error, [.build, .serve], "every placard.yml key has a single value")
    public static let configHostingMissing = Rule("config.hosting.missing", .warning, [.build, .serve], "placard.yml says where dist/ is hosted: hosting: static-app, or a baseURL")
    public static let configHostingInvalid = Rule("config.hosting.invalid", .error, [.build, .serve], "hosting is static-app or self-hosted, and agrees with baseURL")
    public static let configBaseURLMissing = Rule("config.baseURL.missing", .error, [.build, .serve], "a self-hosted project sets baseURL (the public URL of dist/)")
    public static let configBaseURLRelative = Rule("config.baseURL.relative", .error, [.build, .serve], "baseURL is an absolute URL")
    public static let configBaseURLScheme = Rule("config.baseURL.scheme", .error, [.build, .serve], "baseURL uses https (or http)")
    public static let configBaseURLHttp = Rule("config.baseURL.http", .warning, [.build, .serve], "baseURL uses https rather than http")
    public static let configBaseURLSyntax = Rule("config.baseURL.syntax", .error, [.build, .serve], "baseURL is a well-formed URL of at most 2,000 characters: no spaces, quotes, <>, control characters, user name, query or fragment")
    public static let configBaseURLHost = Rule("config.baseURL.host", .error, [.build, .serve], "baseURL's host is public: has a dot, is not localhost, an IP address, .local or .internal")
    public static let configDefaultLanguageInvalid = Rule("config.defaultLanguage.invalid", .error, [.build, .serve], "defaultLanguage is a Bitrix24 language code (2–3 lower-case letters)")
    public static let configLanguagesInvalid = Rule("config.languages.invalid", .error, [.build, .serve], "languages is a list of lower-case language codes (fil, haw, sr-latn)")
    public static let configBx24ScriptInvalid = Rule("config.bx24Script.invalid", .error, [.build, .serve], "bx24Script is an absolute http(s) URL")
    public static let configSizeBudgetInvalid = Rule("config.sizeBudget.invalid", .error, [.build, .serve], "sizeBudget is a positive number of bytes")
    public static let configRuntimeWordsLanguage = Rule("config.runtimeWords.language", .error, [.build, .serve], "runtimeWords is keyed by 2-letter lower-case language codes (en, de, fr, …)")
    public static let configRuntimeWordsKey = Rule("config.runtimeWords.key", .warning, [.build, .serve], "runtimeWords names only the words of the runtime and the default templates (insert, outside, search, pages, …)")
    public static let configRuntimeWordsValue = Rule("config.runtimeWords.value", .error, [.build, .serve], "each runtimeWords word is a string; outside is two strings, or one string with $1 where `placard serve` goes")
    public static let configRuntimeWordsPlaceholder = Rule("config.runtimeWords.placeholder", .warning, [.build, .serve], "runtimeWords' mismatch has $1 (the placement built for) and $2 (the one Bitrix24 opened)")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let configRules: [Rule] = [
        .configKeyUnknown,
        .configValueInvalid,
        .configHostingMissing,
        .configHostingInvalid,
        .configBaseURLMissing,
        .configBaseURLRelative,
        .configBaseURLScheme,
        .configBaseURLHttp,
        .configBaseURLSyntax,
        .configBaseURLHost,
        .configDefaultLanguageInvalid,
        .configLanguagesInvalid,
        .configBx24ScriptInvalid,
        .configSizeBudgetInvalid,
        .configRuntimeWordsLanguage,
        .configRuntimeWordsKey,
        .configRuntimeWordsValue,
        .configRuntimeWordsPlaceholder,
    ]
}

/// The `config.baseURL.*` rule for each `handler.*` rule.
///
/// Exists because placard.yml's `baseURL` is judged by the HANDLER checks (`HandlerRules`)
/// but reported under its own ids, as a typed mapping rather than by rewriting id text.
extension Rule {
    private static let baseURLByHandler: [Rule: Rule] = [
        // `baseURL` is never empty when it is checked; mapped so the table covers every check.
        .handlerMissing: .configBaseURLMissing,
        .handlerRelative: .configBaseURLRelative,
        .handlerScheme: .configBaseURLScheme,
        .handlerHttp: .configBaseURLHttp,
        .handlerSyntax: .configBaseURLSyntax,
        .handlerHost: .configBaseURLHost,
    ]

    /// The rule a problem of this `handler.*` rule is reported under when it is about
    /// `baseURL` in placard.yml; nil for rules `HandlerRules.check` does not report.
    public var forBaseURL: Rule? { Rule.baseURLByHandler[self] }
}
