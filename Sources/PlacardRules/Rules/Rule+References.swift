/// Rules about references. Local and remote references in the built pages and stylesheets.
extension Rule {
    public static let refMissing = Rule("ref.missing", .error, [.verify], "every local href/src/srcset/poster and CSS url() resolves to a file")
    public static let refOutside = Rule("ref.outside", .error, [.verify], "local references stay inside their bundle (app pages: inside the output folder)")
    public static let refRootRelative = Rule("ref.root-relative", .error, [.verify], "no references relative to the host's root (/x)")
    public static let refFileUrl = Rule("ref.file-url", .error, [.verify], "no file: URLs")
    public static let refLoopback = Rule("ref.loopback", .error, [.verify], "no URLs to localhost, 127.0.0.0/8, ::1 or 0.0.0.0")
    public static let refScriptRemote = Rule("ref.script.remote", .error, [.verify], "scripts are local, except the BX24 library")
    public static let refIntegrityMismatch = Rule("ref.integrity.mismatch", .error, [.verify], "integrity hashes match the files they load")
    public static let refFragmentMissing = Rule("ref.fragment.missing", .error, [.verify], "every #fragment of a link to a page of the output (or within a page) names an id or <a name> in that page")
    public static let refExternalFrame = Rule("ref.external.frame", .warning, [.verify], "links to other sites (http, https) open in a new tab: target=\"_blank\" rel=\"noopener\" (followed inside the widget's frame, they replace the widget)")
    public static let refIntegrityInvalid = Rule("ref.integrity.invalid", .warning, [.verify], "integrity attributes hold a sha256/sha384/sha512 hash")

    /// This area's rules, in the order `--list-rules` and docs/verify.md show them.
    static let referencesRules: [Rule] = [
        .refMissing,
        .refOutside,
        .refRootRelative,
        .refFileUrl,
        .refLoopback,
        .refScriptRemote,
        .refIntegrityMismatch,
        .refIntegrityInvalid,
        .refFragmentMissing,
        .refExternalFrame,
    ]
}
