/// One rule Placard checks: its stable id, the severity it is reported at, a one-line
/// meaning and which tools report it.
///
/// Exists so that every rule id is declared once (in `Rules/`, one file per area) instead
/// of being written out at each call site: findings are made from these constants,
/// `--list-rules`, the rule table of docs/verify.md and the fixture-completeness tests all read
/// `Rule.all`, and a misspelt id is a compile error rather than a silent new rule.
public struct Rule: Sendable, Hashable, CustomStringConvertible {
    /// The tools that report a rule.
    ///
    /// Exists so that `placard-verify --list-rules` lists exactly the verifier's rules while
    /// the registry also holds the build's, serve's and package's.
    public struct Tools: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// `placard build`, and `placard serve`'s rebuilds.
        public static let build = Tools(rawValue: 1)
        /// `placard-verify` / `placard verify` (and `placard package`, which runs it).
        public static let verify = Tools(rawValue: 2)
        /// `placard serve` (its rebuilds and its fake portal).
        public static let serve = Tools(rawValue: 4)
        /// `placard package`.
        public static let packager = Tools(rawValue: 8)
    }

    /// The stable id (`options.color.invalid`), printed as `[id]` after each finding.
    public let id: String
    /// The severity findings of this rule have unless a call site reports it at another.
    public let severity: Severity
    /// What the rule checks, in one line (`--list-rules`, the table in docs/verify.md).
    public let meaning: String
    public let tools: Tools

    init(_ id: String, _ severity: Severity, _ tools: Tools, _ meaning: String) {
        self.id = id
        self.severity = severity
        self.tools = tools
        self.meaning = meaning
    }

    public var description: String { id }

    public static func == (lhs: Rule, rhs: Rule) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// Every rule, grouped by area: the verifier's in the order `--list-rules` prints them,
    /// then the build's, then `placard package`'s.
    public static let all: [Rule] = structureRules + placementRules + optionsRules + handlerRules + titlesRules
        + pagesRules + referencesRules + searchRules + hygieneRules + projectRules + configRules + yamlRules + renderRules + repliesRules + outputRules

    private static let byID: [String: Rule] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

    /// The rule with this id (as a finding carries it), or nil.
    public static func named(_ id: String) -> Rule? { byID[id] }

    /// The rules `tool` reports, in registry order.
    public static func reported(by tool: Tools) -> [Rule] { all.filter { $0.tools.contains(tool) } }
}

extension Rule {
    /// One `id  severity  meaning` line per rule, columns aligned (`--list-rules`).
    public static func listing(_ rules: [Rule]) -> String {
        let width = rules.map(\.id.count).max() ?? 0
        return rules.map { rule in
            rule.id + String(repeating: " ", count: width - rule.id.count + 2)
                + rule.severity.rawValue + String(repeating: " ", count: 9 - rule.severity.rawValue.count) + rule.meaning
        }.joined(separator: "\n") + "\n"
    }

    /// A finding of this rule at its own severity.
    public func finding(_ message: String, at location: SourceLocation? = nil) -> Finding {
        Finding(self, message, at: location)
    }
}
