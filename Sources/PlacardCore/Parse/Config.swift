import PlacardRules
import PlacardSystem

/// The project settings from `placard.yml`.
///
/// Exists because the handler URL, the default language and the BX24 script location are
/// per-deployment facts that no page should repeat.
public struct Config: Sendable, Equatable {
    public static let fileName = "placard.yml"
    public static let defaultBX24Script = BX24Library.officialURL
    static let keys = ["baseURL", "defaultLanguage", "bx24Script", "title", "sizeBudget"]

    /// Public URL where `dist/` is hosted, ending in `/`; nil keeps handlers relative.
    public var baseURL: String?
    public var defaultLanguage = "en"
    public var bx24Script = Config.defaultBX24Script
    /// The application's name, shown on the generated `index.html` and `install.html`.
    public var title = "Placard widgets"
    /// Bundle size over which `verify` warns, in bytes.
    public var sizeBudget = 1_048_576

    public init() {}

    /// Reads and parses the project's `placard.yml` (defaults when it is missing), for the
    /// commands that need the settings without building (`package`, `verify`).
    public static func load(_ project: Project) -> (Config, [Finding]) {
        guard FileSystem.kind(of: project.configPath) != .missing else { return parse(nil, file: fileName) }
        var findings: [Finding] = []
        guard let bytes = try? FileSystem.readConfined(project.configPath, inside: project.realRoot, limit: Loader.maximumTextFileSize),
              let text = UTF8Text.decode(bytes, file: fileName, findings: &findings) else {
            return (Config(), findings.isEmpty ? [Finding(.pathUnreadable, "cannot read \(fileName)", at: SourceLocation(file: fileName))] : findings)
        }
        return parse(text, file: fileName)
    }

    /// Parses `placard.yml`; a missing file gives the defaults (with a warning about `baseURL`).
    package static func parse(_ text: String?, file: String) -> (Config, [Finding]) {
        var config = Config()
        var findings: [Finding] = []
        let fields: YAMLMapping
        switch YAMLMapping.parse(text ?? "", file: file, lineOffset: 0) {
        case .success(let mapping): fields = mapping
        case .failure(let finding): return (config, [finding])
        }
        for field in fields.fields {
            let at = SourceLocation(file: file, line: field.line, column: field.column)
            guard Config.keys.contains(field.key) else {
                findings.append(Finding(.configKeyUnknown,
                                        "unknown key '\(field.key)' in \(fileName) is ignored; known keys are \(keys.joined(separator: ", ")).\(Suggestion.didYouMean(field.key, in: keys))",
                                        at: at))
                continue
            }
            guard let value = field.value.string, !value.isEmpty else {
                findings.append(Finding(.configValueInvalid, "'\(field.key)' must be a single value", at: at))
                continue
            }
            switch field.key {
            case "baseURL":
                var url = value
                if !url.hasSuffix("/") { url += "/" }
                for problem in HandlerRules.check(url, relativeAllowed: false) {
                    // Every finding of HandlerRules.check has a handler.* rule with a baseURL counterpart.
                    let rule = Rule.named(problem.rule)!.forBaseURL!
                    findings.append(Finding(rule, "baseURL: " + problem.message, at: at, severity: problem.severity))
                }
                config.baseURL = url
            case "defaultLanguage":
                guard value.count >= 2, value.count <= 3, value.allSatisfy({ $0.isLowercase && $0.isASCII }) else {
                    findings.append(Finding(.configDefaultLanguageInvalid,
                                            "defaultLanguage '\(value)' is not a Bitrix24 language code such as en, de, ru, ua, br, la, sc, tc", at: at))
                    continue
                }
                config.defaultLanguage = value
            case "bx24Script":
                guard value.hasPrefix("https://") || value.hasPrefix("http://") else {
                    findings.append(Finding(.configBx24ScriptInvalid,
                                            "bx24Script must be an absolute http(s) URL such as \(defaultBX24Script) (protocol-relative URLs break under file:)", at: at))
                    continue
                }
                config.bx24Script = value
            case "title":
                config.title = value
            default: // sizeBudget
                guard let bytes = Int(value), bytes > 0 else {
                    findings.append(Finding(.configSizeBudgetInvalid, "sizeBudget must be a positive number of bytes", at: at))
                    continue
                }
                config.sizeBudget = bytes
            }
        }
        if config.baseURL == nil {
            findings.append(Finding(.configBaseURLMissing,
                                    "no baseURL in \(fileName): HANDLERs stay relative and are resolved by install.html at install time; set baseURL to the public URL of dist/ to bind absolute handlers",
                                    at: SourceLocation(file: file)))
        }
        return (config, findings)
    }
}
