/// Rules about YAML and front matter. YAML (front matter and placard.yml) and the front matter of each page.
extension Rule {
    public static let yamlSyntax = Rule("yaml.syntax", .error, [.build, .serve], "YAML parses, as 'key: value' lines")
    public static let yamlDuplicateKey = Rule("yaml.duplicate-key", .error, [.build, .serve], "no key appears twice in one mapping")
    public static let yamlSize = Rule("yaml.size", .error, [.build, .serve], "YAML is at most 64 KiB and 20,000 values")
    public static let yamlDepth = Rule("yaml.depth", .error, [.build, .serve], "YAML nests lists and mappings at most 64 levels deep")
    public static let yamlAlias = Rule("yaml.alias", .error, [.build, .serve], "YAML has no anchors ('&name') or aliases ('*name')")
    public static let yamlCharacter = Rule("yaml.character", .error, [.build, .serve], "YAML has no characters YAML forbids")
    public static let frontmatterUnclosed = Rule("frontmatter.unclosed", .error, [.build, .serve], "front matter that starts with '---' is closed by '---'")
    public static let frontmatterMissing = Rule("frontmatter.missing", .error, [.build, .serve], "a widget's index.md starts with front matter (other pages may have none)")
    public static let frontmatterKeyUnknown = Rule("frontmatter.key.unknown", .warning, [.build, .serve], "front matter has only known keys")
    public static let frontmatterTitleMissing = Rule("frontmatter.title.missing", .error, [.build, .serve], "a widget's index.md has a title (in front matter, or its first # heading)")
    public static let frontmatterDateInvalid = Rule("frontmatter.date.invalid", .error, [.build, .serve], "date and lastmod are dates (YYYY-MM-DD, a time may follow)")
    public static let frontmatterWeightInvalid = Rule("frontmatter.weight.invalid", .error, [.build, .serve], "weight is an integer")
    public static let frontmatterTemplateInvalid = Rule("frontmatter.template.invalid", .error, [.build, .serve], "template names a template inside templates/")
    public static let frontmatterUnsafeHTMLInvalid = Rule("frontmatter.unsafeHTML.invalid", .error, [.build, .serve], "unsafeHTML is true or false")
    public static let frontmatterDraftInvalid = Rule("frontmatter.draft.invalid", .error, [.build, .serve], "draft is true or false")
    public static let frontmatterShowContextInvalid = Rule("frontmatter.showContext.invalid", .error, [.build, .serve], "showContext is true or false")
    public static let frontmatterSearchInvalid = Rule("frontmatter.search.invalid", .error, [.build, .serve], "search is true or false")
    public static let frontmatterExternalLinksInvalid = Rule("frontmatter.externalLinks.invalid", .error, [.build, .serve], "externalLinks in index.md is new-tab or same-frame")
    public static let frontmatterDraft = Rule("frontmatter.draft", .note, [.build, .serve], "a page or widget with draft: true is left out unless the build runs with --drafts")
    public static let frontmatterScriptsInvalid = Rule("frontmatter.scripts.invalid", .error, [.build, .serve], "scripts lists .js files of the widget folder or content/_shared/")
    public static let frontmatterOptionsInvalid = Rule("frontmatter.options.invalid", .error, [.build, .serve], "options is a mapping of placement.bind OPTIONS keys")
    public static let widgetIndexMissing = Rule("widget.index.missing", .error, [.build, .serve], "every widget folder has an index.md")
    public static let pageDuplicate = Rule("page.duplicate", .error, [.build, .serve], "no two files make the same page in the same language")
    public static let pageDefaultLanguageMissing = Rule("page.default-language.missing", .error, [.build, .serve], "every page has a version in the default language")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let yamlRules: [Rule] = [
        .yamlSyntax,
        .yamlDuplicateKey,
        .yamlSize,
        .yamlDepth,
        .yamlAlias,
        .yamlCharacter,
        .frontmatterUnclosed,
        .frontmatterMissing,
        .frontmatterKeyUnknown,
        .frontmatterTitleMissing,
        .frontmatterDateInvalid,
        .frontmatterWeightInvalid,
        .frontmatterTemplateInvalid,
        .frontmatterUnsafeHTMLInvalid,
        .frontmatterDraftInvalid,
        .frontmatterShowContextInvalid,
        .frontmatterSearchInvalid,
        .frontmatterExternalLinksInvalid,
        .frontmatterDraft,
        .frontmatterScriptsInvalid,
        .frontmatterOptionsInvalid,
        .widgetIndexMissing,
        .pageDuplicate,
        .pageDefaultLanguageMissing,
    ]
}
