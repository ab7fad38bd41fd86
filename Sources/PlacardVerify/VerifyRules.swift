import PlacardRules

/// One check of the verifier: a `Rule` that `placard-verify` reports.
public typealias VerifyRule = Rule

/// Every rule `placard-verify` can report, from the registry (`Rule.all`), grouped by area
/// as docs/verify.md's rule table shows them.
public enum VerifyRules {
    public static let all: [Rule] = Rule.reported(by: .verify)

    /// `--list-rules`: one `id  severity  checks` line per rule.
    public static var listing: String { Rule.listing(all) }
}
