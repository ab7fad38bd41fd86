/// Rules about OPTIONS. The placement.bind OPTIONS, judged alike by the build, the verifier and the fake portal of serve.
extension Rule {
    public static let optionsKeyUnknown = Rule("options.key.unknown", .error, [.build, .verify, .serve], "OPTIONS keys are placement.bind option names")
    public static let optionsKeyNotAccepted = Rule("options.key.not-accepted", .error, [.build, .verify, .serve], "OPTIONS keys are ones the placement keeps (no color in IM_CONTEXT_MENU, no context in IM_NAVIGATION…)")
    public static let optionsIconNameMissing = Rule("options.iconName.missing", .error, [.build, .verify, .serve], "iconName is present where required (IM_TEXTAREA, IM_SIDEBAR, IM_NAVIGATION)")
    public static let optionsIconNameInvalid = Rule("options.iconName.invalid", .error, [.build, .verify, .serve], "iconName is a string of at most 50 characters with Latin letters, spaces or '-'")
    public static let optionsIconNameStyle = Rule("options.iconName.style", .warning, [.build, .verify, .serve], "iconName looks like a Font Awesome class ('fa-' + lower-case letters, digits, '-')")
    public static let optionsColorInvalid = Rule("options.color.invalid", .error, [.build, .verify, .serve], "color is one of the 17 palette keys (case-sensitive)")
    public static let optionsContextInvalid = Rule("options.context.invalid", .error, [.build, .verify, .serve], "context is ALL|USER|CHAT|LINES|CRM joined by ';' (case-sensitive, no spaces, no empty token)")
    public static let optionsContextAllMixed = Rule("options.context.all-mixed", .warning, [.build, .verify, .serve], "context does not mix ALL with other values (only ALL takes effect)")
    public static let optionsRoleInvalid = Rule("options.role.invalid", .error, [.build, .verify, .serve], "role is USER or ADMIN")
    public static let optionsExtranetInvalid = Rule("options.extranet.invalid", .error, [.build, .verify, .serve], "extranet is Y or N")
    public static let optionsWidthInvalid = Rule("options.width.invalid", .error, [.build, .verify, .serve], "width is an integer ≥ 0")
    public static let optionsHeightInvalid = Rule("options.height.invalid", .error, [.build, .verify, .serve], "height is an integer ≥ 0")
    public static let optionsSizeSmall = Rule("options.size.small", .warning, [.build, .verify, .serve], "IM_TEXTAREA width/height (pixels) are at least 200 × 150")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let optionsRules: [Rule] = [
        .optionsKeyUnknown,
        .optionsKeyNotAccepted,
        .optionsIconNameMissing,
        .optionsIconNameInvalid,
        .optionsIconNameStyle,
        .optionsColorInvalid,
        .optionsContextInvalid,
        .optionsContextAllMixed,
        .optionsRoleInvalid,
        .optionsExtranetInvalid,
        .optionsWidthInvalid,
        .optionsHeightInvalid,
        .optionsSizeSmall,
    ]
}

/// Which OPTIONS key each `options.<key>.…` rule judges, both ways.
///
/// Exists so that the OPTIONS checks can pick the rule for a key, and the fake portal can
/// answer with Bitrix24's error for a key (`Field 'iconName' is required`,
/// `INVALID_ERROR_ICON_NAME`), without building or taking apart rule ids as text.
extension Rule {
    private static let invalidByOption: [String: Rule] = [
        "iconName": .optionsIconNameInvalid, "color": .optionsColorInvalid, "context": .optionsContextInvalid,
        "role": .optionsRoleInvalid, "extranet": .optionsExtranetInvalid, "width": .optionsWidthInvalid,
        "height": .optionsHeightInvalid,
    ]
    private static let missingByOption: [String: Rule] = ["iconName": .optionsIconNameMissing]
    private static let optionByRule: [Rule: (key: String, missing: Bool)] = {
        var table: [Rule: (key: String, missing: Bool)] = [:]
        for (key, rule) in invalidByOption { table[rule] = (key, false) }
        for (key, rule) in missingByOption { table[rule] = (key, true) }
        for rule in [Rule.optionsIconNameStyle] { table[rule] = ("iconName", false) }
        for rule in [Rule.optionsContextAllMixed] { table[rule] = ("context", false) }
        return table
    }()

    /// `options.<key>.invalid`: the value of OPTIONS key `key` is wrong (`key` is one of
    /// `BindOptionRules.keys`).
    static func optionInvalid(_ key: String) -> Rule { invalidByOption[key]! }

    /// `options.<key>.missing`: the placement requires OPTIONS key `key` (one of the
    /// `requires` of a placement).
    static func optionMissing(_ key: String) -> Rule { missingByOption[key]! }

    /// The OPTIONS key this rule judges, and whether the rule is about the key being
    /// absent; nil for rules about no single key (`options.key.unknown`, …).
    public var option: (key: String, missing: Bool)? { Rule.optionByRule[self] }
}
