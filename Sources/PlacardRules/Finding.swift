/// A place in a file that a finding points at. Lines and columns are 1-based; 0 means
/// "unknown" (the whole file, or the whole line).
///
/// Exists so that the build, the verifier and every printer agree on one notion of
/// `file:line:column`, as editors and CI annotations expect.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        if line > 0 && column > 0 { text += ":\(column)" }
        return text
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// How bad a finding is. Errors fail a build or a verification; warnings do not,
/// unless the user asks for `--strict`.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in the user's input or in a built bundle, as a value.
///
/// Every stage reports findings instead of throwing, so a run can collect all of them
/// before it prints anything; `rule` is the stable id of a `Rule` (`placement.unknown`,
/// `options.context.invalid`, …) that tests, JSON output and users can rely on.
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A secondary place a finding points at (the first occurrence of a duplicate key, …).
    ///
    /// Exists so that a finding can name the other places involved as located lines an
    /// editor can jump to (`file:line:col: note: …`), like a compiler's notes.
    public struct Note: Sendable, Hashable, Codable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var rule: String
    public var message: String
    public var location: SourceLocation?
    /// Secondary located messages, printed after the finding.
    public var notes: [Note] = []
    /// The widget (its id) the finding belongs to, set where it is made (loader, parser,
    /// renderer); nil for findings about the project as a whole.
    public var widget: String?

    /// A finding of `rule`, at the rule's severity unless `severity` says otherwise.
    public init(_ rule: Rule, _ message: String, at location: SourceLocation? = nil, severity: Severity? = nil, notes: [Note] = []) {
        self.severity = severity ?? rule.severity
        self.rule = rule.id
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// A finding with a rule id given as text (tests, findings read back from elsewhere);
    /// Placard's own code makes findings from `Rule` constants.
    public init(_ severity: Severity, _ rule: String, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.location = location
    }

    public static func error(_ rule: String, _ message: String, at location: SourceLocation? = nil) -> Finding {
        Finding(.error, rule, message, at: location)
    }

    public static func warning(_ rule: String, _ message: String, at location: SourceLocation? = nil) -> Finding {
        Finding(.warning, rule, message, at: location)
    }

    /// The same finding at `location`.
    public func at(_ location: SourceLocation?) -> Finding {
        var finding = self
        finding.location = location
        return finding
    }

    /// `path:line:column: severity: message [rule]`, the format compilers use.
    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(message) [\(rule)]"
    }
}

extension Array where Element == Finding {
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// These findings, each marked as belonging to `widget` unless it already names one.
    public func inWidget(_ widget: String) -> [Finding] {
        map { finding in
            var finding = finding
            if finding.widget == nil { finding.widget = widget }
            return finding
        }
    }

    /// Findings in a stable order: by file, line, column, then rule and message.
    public func sortedForDisplay() -> [Finding] {
        sorted { a, b in
            let la = a.location ?? SourceLocation(file: "")
            let lb = b.location ?? SourceLocation(file: "")
            if la != lb { return la < lb }
            if a.rule != b.rule { return a.rule < b.rule }
            return a.message < b.message
        }
    }
}

/// A finding can be thrown or carried in a `Result` by a stage that stops at its first problem.
extension Finding: Error {}
