import PlacardRules

/// The result of verifying one output folder: its bundles and every finding, sorted.
///
/// Exists as a value so that the text, JSON and GitHub formats, the exit status and the
/// tests all read the same thing.
public struct VerifyReport: Sendable, Hashable {
    /// One widget bundle as the verifier saw it.
    public struct Bundle: Sendable, Hashable, Codable {
        /// The bundle folder (the widget id).
        public var id: String
        public var placement: String?
        public var handler: String?
        /// HTML pages in the bundle (copies of `_shared/` not counted).
        public var pages: Int
        /// Total size of the bundle's files.
        public var bytes: Int

        public init(id: String, placement: String?, handler: String?, pages: Int, bytes: Int) {
            self.id = id
            self.placement = placement
            self.handler = handler
            self.pages = pages
            self.bytes = bytes
        }
    }

    /// The verified folder's name, as paths in findings start (`dist`).
    public var directory: String
    public var bundles: [Bundle]
    /// Errors, warnings and notes in display order (`--strict` already applied).
    public var findings: [Finding]
    public var strict: Bool

    public init(directory: String, bundles: [Bundle], findings: [Finding], strict: Bool) {
        self.directory = directory
        self.bundles = bundles
        self.findings = findings
        self.strict = strict
    }

    public var errorCount: Int { findings.errorCount }
    public var warningCount: Int { findings.warningCount }
    public var pageCount: Int { bundles.reduce(0) { $0 + $1.pages } }

    /// 0 when there is no error, 1 otherwise (2, unreadable input, never gets a report).
    public var exitCode: Int32 { findings.hasErrors ? 1 : 0 }

    /// `3 bundles, 1 error, 2 warnings`.
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(count(bundles.count, "bundle")), \(count(errorCount, "error")), \(count(warningCount, "warning"))"
    }
}
