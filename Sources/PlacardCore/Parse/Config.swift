import PlacardRules
import PlacardSystem

/// The project settings from `placard.yml`.
///
/// Exists because the handler URL, the default language and the BX24 script location are
/// per-deployment facts that no page should repeat.
public struct Config: Sendable, Equatable {
    public static let fileName = "placard.yml"
    public static let defaultBX24Script = BX24Library.officialURL
    static let keys = ["hosting", "baseURL", "defaultLanguage", "languages", "bx24Script", "title", "sizeBudget", "runtimeWords", "showContext"]

    /// Where `dist/` is served from, which decides what a widget's HANDLER is.
    ///
    /// Exists so that build, verify, package, the install page and the generated workflow
    /// agree on one choice instead of each inferring it.
    public enum Hosting: String, Sendable, CaseIterable {
        /// A Bitrix24 static local app (`placard package`): Bitrix24 serves the ZIP and
        /// `install.html` resolves the relative HANDLERs against its own address.
        case staticApp = "static-app"
        /// Any static host at `baseURL`: HANDLERs are absolute, and the host must answer POST.
        case selfHosted = "self-hosted"
    }

    /// `hosting:` as written, or implied by `baseURL`; nil when placard.yml says neither.
    public var hosting: Hosting?
    /// Public URL where `dist/` is hosted, ending in `/`; nil keeps handlers relative.
    public var baseURL: String?
    public var defaultLanguage = "en"
    public var bx24Script = Config.defaultBX24Script
    /// The application's name, shown on the generated `index.html` and `install.html`.
    public var title = "Placard widgets"
    /// Bundle size over which `verify` warns, in bytes.
    public var sizeBudget = 1_048_576
    /// The runtime's words the project sets (`runtimeWords:`), baked into runtime.<hash>.js.
    public var runtimeWords = RuntimeWords()
    /// `languages:`, the project's own language codes (lower case) beyond ISO 639-1 and
    /// Bitrix24's: a page named `name.<code>.md` is a translation into one of them.
    public var listedLanguages: [String] = []
    /// `showContext: true`: the default templates show the placement context (chat, message,
    /// page the widget was opened from) to every user, not only in `placard serve`'s preview.
    public var showContext = false

    /// Every language placard.yml names (`languages`, `defaultLanguage`, the codes of
    /// `runtimeWords`), lower case: `name.<code>.md` is a translation for each of them,
    /// whether or not it is an ISO 639-1 code (`Parser.splitName`).
    public var languages: Set<String> {
        Set(listedLanguages + [defaultLanguage] + runtimeWords.overrides.keys)
    }

    public init() {}

    /// Whether pages and widgets with `draft: true` are built (`--drafts`; not a key of
    /// placard.yml).
    public var includesDrafts = false

    /// True when HANDLERs are relative and resolved by `install.html` (a static app, or a
    /// project that has not chosen yet).
    public var isStaticApp: Bool { baseURL == nil }

    /// What a command line changes in the settings for one run (`build --base-url`).
    public struct Overrides: Sendable, Hashable {
        /// Replaces `baseURL` and makes the run self-hosted (a staging or production URL).
        public var baseURL: String?
        /// `--drafts`: build pages and widgets with `draft: true` too.
        public var drafts: Bool

        public init(baseURL: String? = nil, drafts: Bool = false) {
            self.baseURL = baseURL
            self.drafts = drafts
        }
    }

    /// Reads and parses the project's `placard.yml` (defaults when it is missing), for the
    /// commands that need the settings without building (`package`, `verify`).
    public static func load(_ project: Project, overrides: Overrides = Overrides()) -> (Config, [Finding]) {
        guard FileSystem.kind(of: project.configPath) != .missing else { return parse(nil, file: fileName, overrides: overrides) }
        var findings: [Finding] = []
        guard let bytes = try? FileSystem.readConfined(project.configPath, inside: project.realRoot, limit: Loader.maximumTextFileSize),
              let text = UTF8Text.decode(bytes, file: fileName, findings: &findings) else {
            return (Config(), findings.isEmpty ? [Finding(.pathUnreadable, "cannot read \(fileName)", at: SourceLocation(file: fileName))] : findings)
        }
        return parse(text, file: fileName, overrides: overrides)
    }

    /// Parses `placard.yml`; a missing file gives the defaults (with a warning that the
    /// hosting is not chosen). `overrides` are applied last, judged like the file's values.
    package static func parse(_ text: String?, file: String, overrides: Overrides = Overrides()) -> (Config, [Finding]) {
        var config = Config()
        var findings: [Finding] = []
        let fields: YAMLMapping
        switch YAMLMapping.parse(text ?? "", file: file, lineOffset: 0) {
        case .success(let mapping): fields = mapping
        case .failure(let finding): return (config, [finding])
        }
        var hostingAt: SourceLocation?
        var baseURLAt: SourceLocation?
        for field in fields.fields {
            let at = SourceLocation(file: file, line: field.line, column: field.column)
            guard Config.keys.contains(field.key) else {
                findings.append(Finding(.configKeyUnknown,
                                        "unknown key '\(field.key)' in \(fileName) is ignored; known keys are \(keys.joined(separator: ", ")).\(Suggestion.didYouMean(field.key, in: keys))",
                                        at: at))
                continue
            }
            if field.key == "runtimeWords" {
                config.runtimeWords = RuntimeWords.parse(field.value, at: at, file: file, findings: &findings)
                continue
            }
            if field.key == "languages" {
                config.listedLanguages = parseLanguages(field.value, at: at, file: file, findings: &findings)
                continue
            }
            if field.key == "showContext" {
                guard let flag = field.value.bool else {
                    findings.append(Finding(.configValueInvalid, "showContext must be true or false (true shows the chat, message and page the widget was opened from to every user; the default shows them only in 'placard serve')", at: at))
                    continue
                }
                config.showContext = flag
                continue
            }
            guard let value = field.value.string, !value.isEmpty else {
                findings.append(Finding(.configValueInvalid, "'\(field.key)' must be a single value", at: at))
                continue
            }
            switch field.key {
            case "hosting":
                guard let hosting = Hosting(rawValue: value) else {
                    let values = Hosting.allCases.map(\.rawValue)
                    findings.append(Finding(.configHostingInvalid,
                                            "hosting '\(value)' is not one of \(values.joined(separator: ", ")): static-app for a ZIP Bitrix24 hosts (placard package), self-hosted with a baseURL for your own host.\(Suggestion.didYouMean(value, in: values))",
                                            at: at))
                    hostingAt = at
                    continue
                }
                config.hosting = hosting
                hostingAt = at
            case "baseURL":
                if overrides.baseURL == nil { config.baseURL = judgeBaseURL(value, at: at, findings: &findings) }
                baseURLAt = at
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
        config.includesDrafts = overrides.drafts
        if let url = overrides.baseURL {
            // A URL given for this run is the choice: it makes the run self-hosted.
            config.baseURL = judgeBaseURL(url, at: SourceLocation(file: "--base-url"), findings: &findings)
            config.hosting = .selfHosted
        } else {
            config.hosting = resolveHosting(config, hostingAt: hostingAt, baseURLAt: baseURLAt, file: file, findings: &findings)
        }
        return (config, findings)
    }

    /// `languages:` — a list of language codes (one code alone is a list of one): a
    /// lower-case language of 2–3 letters, optionally with subtags of 2–8 letters or digits
    /// (`fil`, `haw`, `sr-latn`, `zh-hant-tw`). Each problem is a finding at its key or item.
    private static func parseLanguages(_ value: YAMLValue, at: SourceLocation, file: String, findings: inout [Finding]) -> [String] {
        let items: [YAMLValue]
        switch value {
        case .list(let list): items = list
        case .scalar: items = [value]
        default:
            findings.append(Finding(.configLanguagesInvalid, "languages must be a list of language codes, such as [fil, haw, sr-latn], not \(value.typeName)", at: at))
            return []
        }
        var codes: [String] = []
        for item in items {
            guard let code = item.string, isLanguageTag(code) else {
                let shown = item.string.map { "'\(DisplayText.escaped($0))'" } ?? item.typeName
                findings.append(Finding(.configLanguagesInvalid,
                                        "languages: \(shown) is not a language code; write a lower-case code of 2–3 letters, with subtags after '-' if needed (fil, haw, sr-latn)",
                                        at: at))
                continue
            }
            if !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// `fil`, `sr-latn`: 2–3 lower-case letters, then up to three subtags of 2–8 lower-case letters or digits.
    static func isLanguageTag(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 4, let first = parts.first, (2...3).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
        }
    }

    /// `baseURL` with a trailing `/`, judged by the HANDLER checks under `config.baseURL.*`.
    private static func judgeBaseURL(_ value: String, at: SourceLocation, findings: inout [Finding]) -> String {
        var url = value
        if !url.hasSuffix("/") { url += "/" }
        for problem in HandlerRules.check(url, relativeAllowed: false) {
            // Every finding of HandlerRules.check has a handler.* rule with a baseURL counterpart.
            let rule = Rule.named(problem.rule)!.forBaseURL!
            findings.append(Finding(rule, "baseURL: " + problem.message, at: at, severity: problem.severity))
        }
        return url
    }

    /// The hosting `hosting:` and `baseURL` say together, with a finding when they
    /// disagree or say nothing.
    private static func resolveHosting(_ config: Config, hostingAt: SourceLocation?, baseURLAt: SourceLocation?, file: String,
                                       findings: inout [Finding]) -> Hosting? {
        switch (config.hosting, config.baseURL) {
        case (.staticApp?, _?):
            findings.append(Finding(.configHostingInvalid,
                                    "hosting is static-app, but baseURL is set: Bitrix24 serves a static app from its own address, so HANDLERs must stay relative; remove baseURL, or write hosting: self-hosted",
                                    at: baseURLAt ?? hostingAt))
            return .staticApp
        case (.selfHosted?, nil):
            findings.append(Finding(.configBaseURLMissing,
                                    "hosting is self-hosted, but there is no baseURL: add baseURL: with the public https URL of dist/ (such as https://widgets.example.com/), or write hosting: static-app",
                                    at: hostingAt))
            return .selfHosted
        case (nil, nil) where hostingAt != nil:
            return nil // an invalid hosting: value is reported already
        case (nil, nil):
            findings.append(Finding(.configHostingMissing,
                                    "\(fileName) does not say where dist/ is hosted: add 'hosting: static-app' for a Bitrix24 static app (placard package; HANDLERs stay relative and install.html resolves them), or 'baseURL: https://…/' with the public URL of dist/ on your own host",
                                    at: SourceLocation(file: file)))
            return nil
        case (let hosting, _?):
            return hosting ?? .selfHosted
        case (.staticApp?, nil):
            return .staticApp
        }
    }
}
