/// Rules about structure. The shape of a built `dist/`: placements.json, each placement.json, index.html.
extension Rule {
    public static let structurePlacementsMissing = Rule("structure.placements.missing", .error, [.verify], "placements.json exists")
    public static let structurePlacementsInvalid = Rule("structure.placements.invalid", .error, [.verify], "placements.json is valid JSON: an array of placement.bind bodies (objects)")
    public static let structurePlacementMissing = Rule("structure.placement.missing", .error, [.verify], "every placements.json entry's bundle folder (its HANDLER's last segment) has a placement.json")
    public static let structurePlacementInvalid = Rule("structure.placement.invalid", .error, [.verify], "each <widget>/placement.json is valid JSON: one object")
    public static let structurePlacementMismatch = Rule("structure.placement.mismatch", .error, [.verify], "each <widget>/placement.json equals its entry in placements.json")
    public static let structurePlacementUnlisted = Rule("structure.placement.unlisted", .error, [.verify], "every bundle with a placement.json is listed in placements.json")
    public static let structurePlacementDuplicate = Rule("structure.placement.duplicate", .error, [.verify], "no two placements.json entries open the same folder")
    public static let structureIndexMissing = Rule("structure.index.missing", .error, [.verify], "every bundle has an index.html")
    public static let structureFieldType = Rule("structure.field.type", .error, [.verify], "PLACEMENT, HANDLER, TITLE, DESCRIPTION, GROUP_NAME are strings; OPTIONS and LANG_ALL are objects")
    public static let structureFieldUnknown = Rule("structure.field.unknown", .warning, [.verify], "a body has no keys placement.bind does not know")
    public static let structureUserId = Rule("structure.user-id", .error, [.verify], "no USER_ID (messenger placements reject it: ERROR_PLACEMENT_USER_MODE)")
    public static let structureFileUnreadable = Rule("structure.file.unreadable", .error, [.verify], "every file can be read")
    public static let structureFileTooLarge = Rule("structure.file.too-large", .error, [.verify], "every HTML, CSS, JS and JSON file is at most 32 MiB (larger ones are not read)")
    public static let structureFileOutside = Rule("structure.file.outside", .error, [.verify], "no symlink leads out of the verified folder (such links are not followed)")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let structureRules: [Rule] = [
        .structurePlacementsMissing,
        .structurePlacementsInvalid,
        .structurePlacementMissing,
        .structurePlacementInvalid,
        .structurePlacementMismatch,
        .structurePlacementUnlisted,
        .structurePlacementDuplicate,
        .structureIndexMissing,
        .structureFieldType,
        .structureFieldUnknown,
        .structureUserId,
        .structureFileUnreadable,
        .structureFileTooLarge,
        .structureFileOutside,
    ]
}
