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
