/// Rules about project and files. The project's folders and files as the build reads them.
extension Rule {
    public static let projectConfigNotAFile = Rule("project.config.not-a-file", .error, [.build, .serve], "placard.yml, when present, is a file")
    public static let projectContentMissing = Rule("project.content.missing", .error, [.build, .serve], "the project has a content/ folder")
    public static let projectTemplatesMissing = Rule("project.templates.missing", .error, [.build, .serve], "the project has a templates/ folder")
    public static let contentEmpty = Rule("content.empty", .error, [.build, .serve], "content/ has at least one widget folder")
    public static let contentDraftsOnly = Rule("content.drafts-only", .error, [.build, .serve], "at least one widget is published (not every widget is a draft)")
    public static let contentStrayFile = Rule("content.stray-file", .warning, [.build, .serve], "content/ holds only folders (a file there is ignored)")
    public static let widgetIdInvalid = Rule("widget.id.invalid", .error, [.build, .serve], "a widget folder's name is a valid widget id (lower-case letters, digits, '-', '_')")
    public static let pathUnreadable = Rule("path.unreadable", .error, [.build, .serve], "every file and folder can be read")
    public static let pathTooLarge = Rule("path.too-large", .error, [.build, .serve], "every Markdown, template and stylesheet file is at most 16 MiB (larger ones are not read)")
    public static let pathEscape = Rule("path.escape", .error, [.build, .serve], "no symlink leads out of the project")
    public static let pathSpecial = Rule("path.special", .error, [.build, .serve], "every entry is a regular file or folder (no FIFO, socket or device)")
    public static let pathNameEncoding = Rule("path.name.encoding", .error, [.build, .serve], "every file name is valid UTF-8")
    public static let pathSymlinkCycle = Rule("path.symlink.cycle", .error, [.build, .serve], "no symlink leads to a folder that contains it")
    public static let pathSymlinkDuplicate = Rule("path.symlink.duplicate", .warning, [.build, .serve], "no folder is reached twice through symlinks (it is read once)")
    public static let pathSymlinkLoop = Rule("path.symlink.loop", .error, [.build, .serve], "no symlink loop (links that lead back to each other)")
    public static let pathTooDeep = Rule("path.too-deep", .error, [.build, .serve], "folders nest at most 64 levels (deeper ones are not read)")
    public static let pathSymlinkDangling = Rule("path.symlink.dangling", .error, [.build, .serve], "no symlink to a missing file")
    public static let fileEncoding = Rule("file.encoding", .error, [.build, .serve], "every text file is valid UTF-8")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let projectRules: [Rule] = [
        .projectConfigNotAFile,
        .projectContentMissing,
        .projectTemplatesMissing,
        .contentEmpty,
        .contentDraftsOnly,
        .contentStrayFile,
        .widgetIdInvalid,
        .pathUnreadable,
        .pathTooLarge,
        .pathEscape,
        .pathSpecial,
        .pathNameEncoding,
        .pathSymlinkCycle,
        .pathSymlinkDuplicate,
        .pathSymlinkLoop,
        .pathTooDeep,
        .pathSymlinkDangling,
        .fileEncoding,
    ]
}
