import PlacardRules
import Testing

@Suite("placement.bind OPTIONS rules")
struct BindOptionsTests {
    /// Validates one key for a placement that accepts it and returns the rule ids found.
    func rules(_ key: String, _ value: OptionValue, placement: Placement = .imTextarea) -> [String] {
        var entries = [OptionEntry(key: key, value: value)]
        if key != "iconName", placement.requires.contains("iconName") {
            entries.append(OptionEntry(key: "iconName", value: .string("fa-book")))
        }
        return BindOptionRules.validate(entries, for: placement, missingAt: nil).findings.map(\.rule)
    }

    struct Acceptance: Sendable, CustomTestStringConvertible {
        var placement: Placement
        var key: String
        var testDescription: String { "\(placement.code).\(key)" }
    }

    static let acceptance: [Acceptance] = Placement.messenger.flatMap { p in BindOptionRules.keys.map { Acceptance(placement: p, key: $0) } }

    @Test(arguments: acceptance)
    func eachPlacementAcceptsExactlyItsKeys(_ case_: Acceptance) {
        let sample: OptionValue = switch case_.key {
        case "iconName": .string("fa-book")
        case "color": .string("RED")
        case "context": .string("USER")
        case "role": .string("ADMIN")
        case "extranet": .string("Y")
        default: .integer(200)
        }
        let found = rules(case_.key, sample, placement: case_.placement)
        if case_.placement.accepts.contains(case_.key) {
            #expect(found.isEmpty, "\(found)")
        } else {
            #expect(found.contains("options.key.not-accepted"))
        }
    }

    @Test func acceptedKeysPerPlacementFollowTheSpec() {
        #expect(Placement.imTextarea.accepts == ["iconName", "extranet", "context", "role", "color", "width", "height"])
        #expect(Placement.imSidebar.accepts == ["iconName", "extranet", "context", "role", "color"])
        #expect(Placement.imContextMenu.accepts == ["extranet", "context", "role"])
        #expect(Placement.imNavigation.accepts == ["iconName", "extranet", "role"])
        #expect(Placement.imMobileContextMenu.accepts == ["context", "extranet", "role"])
    }

    @Test(arguments: [Placement.imTextarea, .imSidebar, .imNavigation])
    func iconNameIsRequired(_ placement: Placement) {
        let findings = BindOptionRules.validate([], for: placement, missingAt: SourceLocation(file: "x.md", line: 2, column: 1)).findings
        #expect(findings.map(\.rule) == ["options.iconName.missing"])
        #expect(findings[0].location == SourceLocation(file: "x.md", line: 2, column: 1))
    }

    @Test(arguments: [Placement.imContextMenu, .imMobileContextMenu])
    func noKeyIsRequired(_ placement: Placement) {
        #expect(BindOptionRules.validate([], for: placement, missingAt: nil).findings.isEmpty)
    }

    @Test(arguments: BindOptionRules.colors + [""])
    func paletteColorsAreAccepted(_ color: String) {
        #expect(rules("color", .string(color)).isEmpty)
    }

    @Test(arguments: ["BLUE", "red", "Red", "#ff0000", " RED"])
    func otherColorsAreRefused(_ color: String) {
        #expect(rules("color", .string(color)) == ["options.color.invalid"])
    }

    @Test func colorTypoSuggestsThePaletteKey() {
        let findings = BindOptionRules.validate([OptionEntry(key: "color", value: .string("LIGHTBLUE"))], for: .imSidebar, missingAt: nil).findings
        #expect(findings.first { $0.rule == "options.color.invalid" }?.message.hasSuffix("Did you mean 'LIGHT_BLUE'?") == true)
    }

    @Test(arguments: ["ALL", "USER", "CHAT", "LINES", "CRM", "USER;CHAT", "USER;CHAT;LINES;CRM"])
    func validContextsAreAccepted(_ context: String) {
        #expect(rules("context", .string(context)).isEmpty)
    }

    @Test(arguments: ["user", "USER; CHAT", "USER;", ";USER", "", "USER;;CHAT", "GROUP", "USER,CHAT"])
    func invalidContextsAreRefused(_ context: String) {
        #expect(rules("context", .string(context)) == ["options.context.invalid"])
    }

    @Test func contextListIsJoinedWithSemicolons() {
        let result = BindOptionRules.validate([OptionEntry(key: "context", value: .list(["USER", "LINES"]))], for: .imContextMenu, missingAt: nil)
        #expect(result.options["context"] == .string("USER;LINES"))
        #expect(result.findings.isEmpty)
        #expect(rules("context", .list(["USER", "chat"])) == ["options.context.invalid"])
        #expect(rules("context", .list([])) == ["options.context.invalid"])
    }

    @Test func allMixedWithOthersIsAWarning() {
        let findings = BindOptionRules.validate([OptionEntry(key: "context", value: .string("ALL;USER"))], for: .imContextMenu, missingAt: nil).findings
        #expect(findings.map(\.rule) == ["options.context.all-mixed"])
        #expect(findings[0].severity == .warning)
    }

    @Test(arguments: ["USER", "ADMIN"]) func validRoles(_ role: String) { #expect(rules("role", .string(role)).isEmpty) }
    @Test(arguments: ["admin", "User", "", "OWNER"]) func invalidRoles(_ role: String) { #expect(rules("role", .string(role)) == ["options.role.invalid"]) }
    @Test(arguments: ["Y", "N"]) func validExtranet(_ value: String) { #expect(rules("extranet", .string(value)).isEmpty) }
    @Test(arguments: ["y", "n", "yes", "true", ""]) func invalidExtranet(_ value: String) { #expect(rules("extranet", .string(value)) == ["options.extranet.invalid"]) }

    @Test(arguments: [OptionValue.integer(0), .integer(420), .string("200"), .string("0")])
    func validSizes(_ value: OptionValue) {
        // Valid: no error (a size below 200 × 150 is only a warning, options.size.small).
        #expect(!rules("width", value).contains { $0.hasSuffix(".invalid") })
        #expect(!rules("height", value).contains { $0.hasSuffix(".invalid") })
    }

    /// IM_TEXTAREA's sizes are pixels (docs/platform.md §9.3): below 200 × 150 is a warning at the key.
    @Test func aSmallTextareaPopupIsAWarning() {
        let entries = [OptionEntry(key: "iconName", value: .string("fa-reply")), OptionEntry(key: "width", value: .integer(199)),
                       OptionEntry(key: "height", value: .string("149"))]
        let findings = BindOptionRules.validate(entries, for: .imTextarea, missingAt: nil).findings
        #expect(findings.map(\.rule) == ["options.size.small", "options.size.small"])
        #expect(findings.allSatisfy { $0.severity == .warning && $0.message.contains("percent, a disagreement") })
        #expect(findings.map { $0.message.hasPrefix("width 199") || $0.message.hasPrefix("height 149") } == [true, true])
        let fits = [OptionEntry(key: "iconName", value: .string("fa-reply")), OptionEntry(key: "width", value: .integer(200)),
                    OptionEntry(key: "height", value: .integer(150))]
        #expect(BindOptionRules.validate(fits, for: .imTextarea, missingAt: nil).findings.isEmpty)
    }

    @Test(arguments: [OptionValue.integer(-1), .string("-5"), .string("1.5"), .string("100%"), .string(""), .list(["1"]), .string("99999999999999999999")])
    func invalidSizes(_ value: OptionValue) {
        #expect(rules("width", value) == ["options.width.invalid"])
        #expect(rules("height", value) == ["options.height.invalid"])
    }

    @Test func sizesAreEmittedAsIntegers() {
        let result = BindOptionRules.validate([OptionEntry(key: "iconName", value: .string("fa-a")), OptionEntry(key: "width", value: .string("420"))], for: .imTextarea, missingAt: nil)
        #expect(result.options["width"] == .integer(420))
    }

    @Test(arguments: ["fa-book", "fa-commenting-o", "fa-2x"])
    func fontAwesomeNamesPass(_ name: String) { #expect(rules("iconName", .string(name)).isEmpty) }

    @Test(arguments: ["book", "fa fa-book", "FA-BOOK"])
    func platformValidButOddNamesWarn(_ name: String) { #expect(rules("iconName", .string(name)) == ["options.iconName.style"]) }

    @Test(arguments: ["", "123", "---x" + String(repeating: "a", count: 47), "🙂"])
    func invalidIconNames(_ name: String) {
        #expect(rules("iconName", .string(name)).contains("options.iconName.invalid"))
    }

    @Test func stringKeysRefuseOtherTypes() {
        #expect(rules("role", .integer(1)) == ["options.role.invalid"])
        #expect(rules("iconName", .unsupported(type: "mapping")).contains("options.iconName.invalid"))
    }

    @Test func unknownKeyIsAnErrorWithSuggestion() {
        let findings = BindOptionRules.validate([OptionEntry(key: "icon", value: .string("fa-x"))], for: .imContextMenu, missingAt: nil).findings
        #expect(findings.map(\.rule) == ["options.key.unknown"])
        #expect(findings[0].message == "unknown OPTIONS key 'icon': placement.bind knows iconName, color, context, role, extranet, width, height, and Bitrix24 drops any other key silently. Did you mean 'iconName'?")
    }

    @Test func notAcceptedKeyMessage() {
        let findings = BindOptionRules.validate([OptionEntry(key: "color", value: .string("RED"))], for: .imContextMenu, missingAt: nil).findings
        #expect(findings[0].message == "IM_CONTEXT_MENU does not accept OPTIONS key 'color' (Bitrix24 would drop it silently); remove it. IM_CONTEXT_MENU accepts extranet, context, role")
    }
}

@Suite("Handler rules")
struct HandlerRulesTests {
    @Test func httpsWithDottedHostIsClean() { #expect(HandlerRules.check("https://w.example.com/a/", relativeAllowed: false).isEmpty) }
    @Test func httpWarns() { #expect(HandlerRules.check("http://w.example.com/a/", relativeAllowed: false).map(\.rule) == ["handler.http"]) }
    @Test(arguments: ["https://localhost/a/", "https://127.0.0.1/a/", "https://intranet/a/", "https://[::1]/a/"])
    func unreachableHostsAreErrors(_ url: String) { #expect(HandlerRules.check(url, relativeAllowed: false).map(\.rule) == ["handler.host"]) }
    @Test func relativeDependsOnMode() {
        #expect(HandlerRules.check("a/", relativeAllowed: false).map(\.rule) == ["handler.relative"])
        #expect(HandlerRules.check("a/", relativeAllowed: true).isEmpty)
    }
    @Test func otherSchemesAreErrors() { #expect(HandlerRules.check("ftp://x.example.com/", relativeAllowed: false).map(\.rule) == ["handler.scheme"]) }

    /// A scheme without `//` (`javascript:`, `data:`, `mailto:`) is a wrong scheme in either mode, never "relative".
    @Test(arguments: ["javascript:alert(1)/", "data:text/html,x/", "mailto:a@x.example/"])
    func schemesWithoutSlashesAreWrongSchemes(_ url: String) {
        for relative in [false, true] {
            let found = HandlerRules.check(url, relativeAllowed: relative)
            #expect(found.map(\.rule) == ["handler.scheme"], "\(url)")
            #expect(!found[0].message.contains("relative"))
        }
    }

    /// What no URL holds as it is, a query, a fragment, a user name, a bad port or host,
    /// and a URL longer than 2,000 characters: `handler.syntax`, absolute or relative.
    @Test(arguments: [
        "https://x.example/app?v=1/", "https://x.example/app#f/", "https://x.example/a\nb/", "https://x.example/a b/",
        "https://x .example/", "https://x.example/\"a\"/", "https://x.example/'a'/", "https://x.example/<a>/", "https://x.example/a\\b/",
        "https://x.example/\u{7F}/", "https://x.example/\u{202E}/", "https://u:p@x.example/", "https://x.example:0x1/", "https://x.example:70000/",
        "https://x_y.example/", "https://-x.example/", "https://x..example/",
        "https://x.example/" + String(repeating: "a", count: 2000), "a/?v=1", "a b/",
    ])
    func malformedURLsAreSyntaxErrors(_ url: String) {
        for relative in [false, true] where url.contains("://") || relative {
            #expect(HandlerRules.check(url, relativeAllowed: relative).map(\.rule) == ["handler.syntax"], "\(url)")
        }
    }

    @Test(arguments: ["https://x.example:8443/a/", "https://bücher.example/a/", "https://x.example./a/", "https://x.example/a%20b/", "https://[2001:db8::1]:8443/a/"])
    func wellFormedURLsAreNotSyntaxErrors(_ url: String) {
        #expect(!HandlerRules.check(url, relativeAllowed: false).contains { $0.rule == "handler.syntax" }, "\(url)")
    }

    @Test func theLengthLimitIsInclusive() {
        let prefix = "https://x.example/"
        let longest = prefix + String(repeating: "a", count: HandlerRules.maxLength - prefix.count - 1) + "/"
        #expect(longest.count == HandlerRules.maxLength)
        #expect(HandlerRules.check(longest, relativeAllowed: false).isEmpty)
        #expect(HandlerRules.check(longest + "a", relativeAllowed: false).map(\.rule) == ["handler.syntax"])
    }
}
