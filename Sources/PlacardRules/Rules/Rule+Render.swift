/// Rules about templates and rendering. Templates, Markdown links and the rendered output.
extension Rule {
    public static let templateMissing = Rule("template.missing", .error, [.build, .serve], "a widget's template exists in templates/")
    public static let templateEmpty = Rule("template.empty", .error, [.build, .serve], "a widget's template and every parent template hold something (an empty one makes empty pages)")
    public static let templateSyntax = Rule("template.syntax", .error, [.build, .serve], "every template parses")
    public static let templateSize = Rule("template.size", .error, [.build, .serve], "every template is at most 1 MiB")
    public static let templateDepth = Rule("template.depth", .error, [.build, .serve], "sections, parents, blocks and includes nest within Placard's limit")
    public static let templateCycle = Rule("template.cycle", .error, [.build, .serve], "no template includes itself, directly or through others")
    public static let templatePartialMissing = Rule("template.partial.missing", .error, [.build, .serve], "every partial a template includes exists")
    public static let templatePartialDynamic = Rule("template.partial.dynamic", .error, [.build, .serve], "no dynamic partials ({{>*name}})")
    public static let templateParentMissing = Rule("template.parent.missing", .error, [.build, .serve], "every parent a template extends exists")
    public static let templateParentDynamic = Rule("template.parent.dynamic", .error, [.build, .serve], "no dynamic parents ({{<*name}})")
    public static let templateNameUnknown = Rule("template.name.unknown", .warning, [.build, .serve], "every name a template shows or tests is in the page context")
    public static let templateScriptsUnused = Rule("template.scripts.unused", .warning, [.build, .serve], "a widget with scripts: uses a template that loads them ({{#scripts}})")
    public static let templateBlockUnknown = Rule("template.block.unknown", .warning, [.build, .serve], "every block a template fills is declared by its parent")
    public static let markdownInsertPlacement = Rule("markdown.insert.placement", .warning, [.build, .serve], "```insert snippets are used only in IM_TEXTAREA widgets")
    public static let markdownGFM = Rule("markdown.gfm", .warning, [.build, .serve], "no GitHub syntax Placard does not render (footnotes), which the page would show as text")
    public static let markdownHTMLOmitted = Rule("markdown.html.omitted", .warning, [.build, .serve], "no raw HTML in a widget without unsafeHTML: true, where it is dropped")
    public static let linkMissingPage = Rule("link.missing-page", .error, [.build, .serve], "a link to a page of the widget finds that page")
    public static let linkDraft = Rule("link.draft", .error, [.build, .serve], "a link does not lead to a draft the build leaves out")
    public static let linkMissingFile = Rule("link.missing-file", .error, [.build, .serve], "a link to a file finds it in the widget or in content/_shared/")
    public static let linkFragmentMissing = Rule("link.fragment.missing", .error, [.build, .serve], "a link to a #fragment of a page of the widget finds a heading with that id, in the version its reader sees")
    public static let linkOutsideWidget = Rule("link.outside-widget", .error, [.build, .serve], "links stay inside their widget (or content/_shared/)")
    public static let assetCollision = Rule("asset.collision", .error, [.build, .serve], "no two files are written to the same output path")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let renderRules: [Rule] = [
        .templateMissing,
        .templateEmpty,
        .templateSyntax,
        .templateSize,
        .templateDepth,
        .templateCycle,
        .templatePartialMissing,
        .templatePartialDynamic,
        .templateParentMissing,
        .templateParentDynamic,
        .templateNameUnknown,
        .templateBlockUnknown,
        .templateScriptsUnused,
        .markdownInsertPlacement,
        .markdownGFM,
        .markdownHTMLOmitted,
        .linkMissingPage,
        .linkMissingFile,
        .linkDraft,
        .linkOutsideWidget,
        .linkFragmentMissing,
        .assetCollision,
    ]
}
