import PlacardRules

/// How a verification is run: the command-line flags, as a value.
///
/// Exists so that `placard-verify`, `placard verify` and the build's own call agree on
/// defaults (1 MiB budget, absolute handlers, warnings allowed).
public struct VerifyOptions: Sendable, Hashable {
    /// `--static-app`: relative HANDLERs are fine (install.html resolves them at install time).
    public var staticApp: Bool
    /// `--budget`: a bundle larger than this many bytes gets a `bundle.size` warning.
    public var budget: Int
    /// `--strict`: warnings count as errors.
    public var strict: Bool
    /// `--bx24-script`: the exact URL pages load the BX24 library from; nil accepts any
    /// absolute https URL whose path contains `/api/v1/`.
    public var bx24Script: String?

    public static let defaultBudget = 1_048_576

    public init(staticApp: Bool = false, budget: Int = VerifyOptions.defaultBudget, strict: Bool = false, bx24Script: String? = nil) {
        self.staticApp = staticApp
        self.budget = budget
        self.strict = strict
        self.bx24Script = bx24Script
    }
}

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
    }

    /// The verified folder's name, as paths in findings start (`dist`).
    public var directory: String
    public var bundles: [Bundle]
    /// Errors, warnings and notes in display order (`--strict` already applied).
    public var findings: [Finding]
    public var strict: Bool

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

/// Exit statuses of `placard-verify` and `placard verify`.
public enum VerifyExit {
    public static let clean: Int32 = 0
    public static let findings: Int32 = 1
    public static let unreadable: Int32 = 2
}
