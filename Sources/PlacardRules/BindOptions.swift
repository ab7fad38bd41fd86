/// A value of an OPTIONS key as the user (YAML) or a bundle (JSON) wrote it.
public enum OptionValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    /// A YAML or JSON list; only `context` accepts one (its items are joined with `;`).
    case list([String])
    /// Anything else (a mapping, a boolean, null…), described by its type name.
    case unsupported(type: String)
}

/// One OPTIONS key with where it was written, so findings can point at it.
public struct OptionEntry: Sendable, Hashable {
    public var key: String
    public var value: OptionValue
    public var location: SourceLocation?

    public init(key: String, value: OptionValue, location: SourceLocation? = nil) {
        self.key = key
        self.value = value
        self.location = location
    }
}

/// A validated OPTIONS value, in the JSON type `placement.bind` expects.
public enum BindOptionValue: Sendable, Hashable, Codable {
    case string(String)
    case integer(Int)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let int = try? container.decode(Int.self) { self = .integer(int) } else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        }
    }
}

/// The `placement.bind` OPTIONS rules of the messenger placements (docs/platform.md §1.1–1.2).
///
/// Exists so that front matter (at build time) and `placement.json` (at verify time) are
/// judged by exactly the same code, with the same rule ids and messages.
public enum BindOptionRules {
    /// Every OPTIONS name a messenger placement declares, in documentation order.
    public static let keys = ["iconName", "color", "context", "role", "extranet", "width", "height"]
    public static let contexts = ["ALL", "USER", "CHAT", "LINES", "CRM"]
    public static let roles = ["USER", "ADMIN"]
    public static let extranetValues = ["N", "Y"]
    public static let iconNameMaxLength = 50
    /// The 17 palette keys of the messenger (core `im/lib/color.php`).
    public static let colors = [
        "RED", "GREEN", "MINT", "LIGHT_BLUE", "DARK_BLUE", "PURPLE", "AQUA", "PINK", "LIME",
        "BROWN", "AZURE", "KHAKI", "SAND", "ORANGE", "MARENGO", "GRAY", "GRAPHITE",
    ]
    /// Display colours of the palette, for previews only (docs/platform.md §1.1).
    public static let colorHex: [String: String] = [
        "RED": "#df532d", "GREEN": "#64a513", "MINT": "#4ba984", "LIGHT_BLUE": "#4ba5c3",
        "DARK_BLUE": "#3e99ce", "PURPLE": "#8474c8", "AQUA": "#1eb4aa", "PINK": "#f76187",
        "LIME": "#58cc47", "BROWN": "#ab7761", "AZURE": "#29619b", "KHAKI": "#728f7a",
        "SAND": "#ba9c7b", "ORANGE": "#e8a441", "MARENGO": "#556574", "GRAY": "#909090",
        "GRAPHITE": "#5e5f5e",
    ]

    /// Checks `entries` against `placement` and returns the OPTIONS to send, with findings.
    /// `missingAt` is where a finding about a missing required key points.
    public static func validate(
        _ entries: [OptionEntry], for placement: Placement, missingAt: SourceLocation?
    ) -> (options: [String: BindOptionValue], findings: [Finding]) {
        var options: [String: BindOptionValue] = [:]
        var findings: [Finding] = []
        for entry in entries {
            guard keys.contains(entry.key) else {
                let hint = Suggestion.didYouMean(entry.key, in: keys)
                findings.append(Finding(
                    .optionsKeyUnknown,
                    "unknown OPTIONS key '\(entry.key)': placement.bind knows \(keys.joined(separator: ", ")), and Bitrix24 drops any other key silently.\(hint)",
                    at: entry.location))
                continue
            }
            guard placement.accepts.contains(entry.key) else {
                findings.append(Finding(
                    .optionsKeyNotAccepted,
                    "\(placement.code) does not accept OPTIONS key '\(entry.key)' (Bitrix24 would drop it silently); remove it. \(placement.code) accepts \(placement.accepts.joined(separator: ", "))",
                    at: entry.location))
                continue
            }
            let (value, problems) = check(entry)
            findings += problems
            if let value { options[entry.key] = value }
        }
        if placement == .imTextarea {
            for entry in entries {
                guard let minimum = minimumPopupSize[entry.key], case .integer(let n)? = options[entry.key], n < minimum else { continue }
                findings.append(Finding(
                    .optionsSizeSmall,
                    "\(entry.key) \(n) makes a popup too small to use: the messenger sizes the IM_TEXTAREA popup in pixels (its code passes width/height to the popup as px; the REST docs say percent, a disagreement — docs/platform.md §9.3), so use at least \(minimumPopupSize["width"]!) × \(minimumPopupSize["height"]!) (public apps bind 360 × 320 or 420 × 560)",
                    at: entry.location))
            }
        }
        for key in placement.requires where !entries.contains(where: { $0.key == key }) {
            findings.append(Finding(
                .optionMissing(key),
                "\(placement.code) requires OPTIONS key '\(key)'\(requiredKeyHint[key].map { ": " + $0 } ?? "")",
                at: missingAt))
        }
        return (options, findings)
    }

    /// The smallest IM_TEXTAREA popup (pixels) a page is usable in, below which the build and
    /// the verifier warn (docs/platform.md §9.3: the unit is px in the messenger's code).
    public static let minimumPopupSize = ["width": 200, "height": 150]

    /// What to write for a required key, in the message that says it is missing.
    static let requiredKeyHint = ["iconName": "a Font Awesome class name such as 'fa-comments'"]

    private static func check(_ entry: OptionEntry) -> (BindOptionValue?, [Finding]) {
        let key = entry.key
        let at = entry.location
        func invalid(_ message: String) -> (BindOptionValue?, [Finding]) {
            (nil, [Finding(.optionInvalid(key), message, at: at)])
        }
        switch key {
        case "width", "height":
            switch entry.value {
            case .integer(let n) where n >= 0: return (.integer(n), [])
            case .string(let s) where !s.isEmpty && s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }):
                guard let n = Int(s) else { fallthrough }
                return (.integer(n), [])
            default: return invalid("\(key) \(describe(entry.value)) is invalid: use an integer ≥ 0")
            }
        case "context":
            let tokens: [String]
            let written: String
            switch entry.value {
            case .string(let s): tokens = s.split(separator: ";", omittingEmptySubsequences: false).map(String.init); written = s
            case .list(let items): tokens = items; written = items.joined(separator: ";")
            default: return invalid("context must be a string such as 'USER;CHAT' or a list of ALL, USER, CHAT, LINES, CRM")
            }
            guard !tokens.isEmpty, tokens.allSatisfy(contexts.contains) else {
                let bad = tokens.first { !contexts.contains($0) } ?? ""
                let hint = bad.isEmpty ? "" : Suggestion.didYouMean(bad, in: contexts)
                return invalid("context '\(written)' is invalid: use ALL, USER, CHAT, LINES or CRM (case-sensitive), several joined by ';' with no spaces and no empty token.\(hint)")
            }
            var findings: [Finding] = []
            if tokens.contains("ALL") && tokens.count > 1 {
                findings.append(Finding(
                    .optionsContextAllMixed,
                    "context '\(written)' mixes ALL with other values; only ALL takes effect, so the widget shows in every chat. Use ALL alone or drop it",
                    at: at))
            }
            return (.string(written), findings)
        default:
            guard case .string(let s) = entry.value else {
                return invalid("\(key) must be a string, not \(describe(entry.value))")
            }
            switch key {
            case "iconName":
                let ok = s.count <= iconNameMaxLength && s.unicodeScalars.contains {
                    ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == " " || $0 == "-"
                }
                guard ok else {
                    return invalid("iconName '\(s)' is invalid: at most \(iconNameMaxLength) characters, with Latin letters, spaces or '-' (a Font Awesome class such as 'fa-comments')")
                }
                var findings: [Finding] = []
                if !looksLikeFontAwesome(s) {
                    findings.append(Finding(
                        .optionsIconNameStyle,
                        "iconName '\(s)' does not look like a Font Awesome class name ('fa-' followed by lower-case letters, digits and '-'); Bitrix24 renders it as class=\"fa \(s)\"",
                        at: at))
                }
                return (.string(s), findings)
            case "color":
                guard s.isEmpty || colors.contains(s) else {
                    return invalid("color '\(s)' is not in the Bitrix24 palette: \(colors.joined(separator: ", ")) (case-sensitive).\(Suggestion.didYouMean(s, in: colors))")
                }
                return (.string(s), [])
            case "role":
                guard roles.contains(s) else { return invalid("role '\(s)' is invalid: use USER or ADMIN (case-sensitive)") }
                return (.string(s), [])
            default: // extranet
                guard extranetValues.contains(s) else { return invalid("extranet '\(s)' is invalid: use Y or N (case-sensitive)") }
                return (.string(s), [])
            }
        }
    }

    static func looksLikeFontAwesome(_ name: String) -> Bool {
        guard name.hasPrefix("fa-"), name.count > 3 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private static func describe(_ value: OptionValue) -> String {
        switch value {
        case .string(let s): "'\(s)'"
        case .integer(let n): "\(n)"
        case .list(let items): "a list [\(items.joined(separator: ", "))]"
        case .unsupported(let type): "a \(type)"
        }
    }
}
