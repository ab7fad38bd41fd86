import PlacardRules

/// What a `placement.bind` body says, once checked: the facts later checks need.
struct BindingFacts: Sendable {
    var placement: String?
    var handler: String?
    /// Where HANDLER is written, for findings about it from other checks.
    var handlerLocation: SourceLocation?
}

/// The checks of one `placement.bind` body (a bundle's `placement.json`, or an entry of
/// `placements.json`): fields and their types, PLACEMENT, OPTIONS, HANDLER, titles.
///
/// Exists so that a body is judged with PlacardRules, exactly like the build judges front
/// matter; each finding points at the key it is about.
enum BindingChecks {
    static let fields = ["PLACEMENT", "HANDLER", "TITLE", "DESCRIPTION", "GROUP_NAME", "LANG_ALL", "OPTIONS"]

    static func check(_ body: LocatedJSON, in file: SourceFile, staticApp: Bool) -> (BindingFacts, [Finding]) {
        var findings: [Finding] = []
        var facts = BindingFacts()
        guard case .object(let members) = body.kind else { return (facts, findings) }
        let at = { (member: LocatedJSON.Member) in file.location(member.keyOffset) }
        let objectStart = file.location(body.offset)

        for member in members where !fields.contains(member.key) {
            if member.key == "USER_ID" {
                findings.append(Finding(.structureUserId,
                                        "USER_ID binds a widget for one user, which no messenger placement supports (ERROR_PLACEMENT_USER_MODE); remove it",
                                        at: at(member)))
            } else {
                findings.append(Finding(.structureFieldUnknown,
                                        "'\(member.key)' is not a placement.bind parameter (\(fields.joined(separator: ", "))); Bitrix24 ignores it.\(Suggestion.didYouMean(member.key, in: fields))",
                                        at: at(member)))
            }
        }
        func string(_ key: String) -> (LocatedJSON.Member, String?)? {
            guard let member = body.member(key) else { return nil }
            guard let text = member.value.string else {
                findings.append(Finding(.structureFieldType, "\(key) must be a string, not \(member.value.typeName)", at: at(member)))
                return (member, nil)
            }
            return (member, text)
        }

        // PLACEMENT and OPTIONS
        let placementField = string("PLACEMENT")
        var placement: Placement?
        switch placementField {
        case nil:
            findings.append(Finding(.placementMissing, "PLACEMENT is missing; placement.bind needs the placement code, such as IM_SIDEBAR", at: objectStart))
        case let (member, code?)?:
            facts.placement = code
            if code.isEmpty {
                findings.append(Finding(.placementMissing, "PLACEMENT is empty; placement.bind needs the placement code, such as IM_SIDEBAR", at: at(member)))
            } else if let problem = Placement.problem(withCode: code) {
                findings.append(problem.at(at(member)))
            }
            placement = Placement.named(code)
        default: break
        }
        if let placement {
            findings += options(body, placement: placement, file: file, fallback: placementField.map { at($0.0) } ?? objectStart)
        } else if let member = body.member("OPTIONS"), !isOptionsContainer(member.value) {
            findings.append(Finding(.structureFieldType, "OPTIONS must be an object, not \(member.value.typeName)", at: at(member)))
        }

        // HANDLER
        switch string("HANDLER") {
        case nil:
            findings += HandlerRules.check("", relativeAllowed: staticApp).map { relocated($0, objectStart) }
        case let (member, handler?)?:
            facts.handler = handler
            facts.handlerLocation = at(member)
            findings += HandlerRules.check(handler, relativeAllowed: staticApp).map { relocated($0, at(member)) }
        default: break
        }

        // TITLE, DESCRIPTION, GROUP_NAME, LANG_ALL
        switch string("TITLE") {
        case nil:
            findings.append(Finding(.titleMissing, "TITLE is missing; it names the widget where LANG_ALL has no entry", at: objectStart))
        case let (member, title?)? where title.allSatisfy(\.isWhitespace):
            findings.append(Finding(.titleMissing, "TITLE is empty; it names the widget where LANG_ALL has no entry", at: at(member)))
        default: break
        }
        _ = string("DESCRIPTION")
        _ = string("GROUP_NAME")
        findings += languages(body, file: file, objectStart: objectStart)
        return (facts, findings)
    }

    /// A finding from PlacardRules (which knows no files) placed at `location`.
    static func relocated(_ finding: Finding, _ location: SourceLocation) -> Finding {
        var finding = finding
        finding.location = location
        return finding
    }

    /// `[]` is how PHP (and `placement.get`) writes empty OPTIONS.
    private static func isOptionsContainer(_ value: LocatedJSON) -> Bool {
        if value.isObject { return true }
        if case .array(let items) = value.kind { return items.isEmpty }
        return false
    }

    private static func options(_ body: LocatedJSON, placement: Placement, file: SourceFile, fallback: SourceLocation) -> [Finding] {
        var entries: [OptionEntry] = []
        var missingAt = fallback
        if let member = body.member("OPTIONS") {
            missingAt = file.location(member.keyOffset)
            guard isOptionsContainer(member.value) else {
                return [Finding(.structureFieldType, "OPTIONS must be an object, not \(member.value.typeName)", at: missingAt)]
            }
            if case .object(let options) = member.value.kind {
                entries = options.map { OptionEntry(key: $0.key, value: optionValue($0.value), location: file.location($0.keyOffset)) }
            }
        }
        return BindOptionRules.validate(entries, for: placement, missingAt: missingAt).findings
    }

    /// A JSON value as PlacardRules sees an OPTIONS value. A JSON array is not a list here:
    /// `placement.bind` takes `context` as one string.
    static func optionValue(_ value: LocatedJSON) -> OptionValue {
        switch value.kind {
        case .string(let s): return .string(s)
        case .number(let n):
            if let int = Int(n) { return .integer(int) }
            return .unsupported(type: "non-integer number")
        case .bool: return .unsupported(type: "boolean")
        case .null: return .unsupported(type: "null")
        case .array: return .unsupported(type: "JSON array")
        case .object: return .unsupported(type: "JSON object")
        }
    }

    private static func languages(_ body: LocatedJSON, file: SourceFile, objectStart: SourceLocation) -> [Finding] {
        guard let member = body.member("LANG_ALL") else {
            return [Finding(.langMissing, "LANG_ALL is missing; when it is empty Bitrix24 stores TITLE for the portal's default language only, so give a TITLE per language", at: objectStart)]
        }
        let at = file.location(member.keyOffset)
        guard case .object(let languages) = member.value.kind else {
            if case .array(let items) = member.value.kind, items.isEmpty {
                return [Finding(.langMissing, "LANG_ALL is empty; when it is empty Bitrix24 stores TITLE for the portal's default language only, so give a TITLE per language", at: at)]
            }
            return [Finding(.structureFieldType, "LANG_ALL must be an object of languages, not \(member.value.typeName)", at: at)]
        }
        guard !languages.isEmpty else {
            return [Finding(.langMissing, "LANG_ALL is empty; when it is empty Bitrix24 stores TITLE for the portal's default language only, so give a TITLE per language", at: at)]
        }
        var findings: [Finding] = []
        for language in languages {
            let languageAt = file.location(language.keyOffset)
            guard case .object = language.value.kind else {
                findings.append(Finding(.structureFieldType, "LANG_ALL.\(language.key) must be an object with TITLE, not \(language.value.typeName)", at: languageAt))
                continue
            }
            guard let title = language.value.member("TITLE") else {
                findings.append(Finding(.langTitleMissing, "LANG_ALL.\(language.key) has no TITLE; Bitrix24 would show an empty name in that language", at: languageAt))
                continue
            }
            guard let text = title.value.string else {
                findings.append(Finding(.structureFieldType, "LANG_ALL.\(language.key).TITLE must be a string, not \(title.value.typeName)", at: file.location(title.keyOffset)))
                continue
            }
            if text.allSatisfy(\.isWhitespace) {
                findings.append(Finding(.langTitleMissing, "LANG_ALL.\(language.key).TITLE is empty; Bitrix24 would show an empty name in that language", at: file.location(title.keyOffset)))
            }
            for key in ["DESCRIPTION", "GROUP_NAME"] {
                if let field = language.value.member(key), field.value.string == nil {
                    findings.append(Finding(.structureFieldType, "LANG_ALL.\(language.key).\(key) must be a string, not \(field.value.typeName)", at: file.location(field.keyOffset)))
                }
            }
        }
        return findings
    }
}
