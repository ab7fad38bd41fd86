/// Rules about search. The search index a build writes for each widget with more than one page.
extension Rule {
    public static let searchIndexInvalid = Rule("search.index.invalid", .error, [.verify], "a widget's search/index.json is an index Placard's search script reads")
    public static let searchIndexMissing = Rule("search.index.missing", .error, [.verify], "every file the search index names (chunks, maps, fragments, the search script) exists")
    public static let searchIndexHash = Rule("search.index.hash", .error, [.verify], "every file of the search index matches the hash in its name")

    /// This area's rules, in the order `--list-rules` and the README show them.
    static let searchRules: [Rule] = [
        .searchIndexInvalid,
        .searchIndexMissing,
        .searchIndexHash,
    ]
}
