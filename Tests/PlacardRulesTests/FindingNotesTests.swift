import Testing
@testable import PlacardRules
import PlacardReport

/// Findings made from `Rule` constants, and their notes as the printer shows them.
struct FindingNotesTests {
    @Test func aFindingTakesItsRulesIDAndSeverity() {
        let finding = Finding(.optionsContextAllMixed, "mixed", at: SourceLocation(file: "a.md", line: 2, column: 3))
        #expect(finding.rule == "options.context.all-mixed")
        #expect(finding.severity == .warning)
        #expect(Finding(.optionsColorInvalid, "x", severity: .warning).severity == .warning, "a call site may report a rule at another severity")
        #expect(Rule.optionsColorInvalid.finding("x") == Finding(.error, "options.color.invalid", "x"))
    }

    @Test func notesArePrintedAfterTheirFinding() {
        let finding = Finding(.yamlDuplicateKey, "key 'title' appears twice (first on line 3); keep one",
                              at: SourceLocation(file: "content/w/index.md", line: 6, column: 1),
                              notes: [Finding.Note("'title' first appears here", at: SourceLocation(file: "content/w/index.md", line: 3, column: 1))])
        #expect(DiagnosticPrinter(color: false).render([finding]) == """
            content/w/index.md:6:1: error: key 'title' appears twice (first on line 3); keep one [yaml.duplicate-key]
            content/w/index.md:3:1: note: 'title' first appears here

            """)
        #expect(finding.description == "content/w/index.md:6:1: error: key 'title' appears twice (first on line 3); keep one [yaml.duplicate-key]")
    }

    @Test func baseURLRulesMapFromHandlerRules() {
        #expect(Rule.handlerHttp.forBaseURL == .configBaseURLHttp)
        #expect(Rule.handlerHost.forBaseURL == .configBaseURLHost)
        #expect(Rule.handlerOrigin.forBaseURL == nil)
        for rule in [Rule.handlerRelative, .handlerScheme, .handlerHttp, .handlerHost] {
            #expect(rule.forBaseURL?.severity == rule.severity)
        }
    }

    @Test func optionRulesKnowTheirKey() {
        #expect(Rule.optionsIconNameMissing.option?.key == "iconName")
        #expect(Rule.optionsIconNameMissing.option?.missing == true)
        #expect(Rule.optionsWidthInvalid.option?.key == "width")
        #expect(Rule.optionsWidthInvalid.option?.missing == false)
        #expect(Rule.optionsKeyUnknown.option == nil)
        for key in BindOptionRules.keys { #expect(Rule.optionInvalid(key).option?.key == key) }
    }

    @Test func verifyListsExactlyItsRules() {
        #expect(VerifyListingOrder.ids == Rule.reported(by: .verify).map(\.id))
    }
}

/// The verifier's rule ids in the order `--list-rules` printed them before the registry
/// existed, so moving rules between area files cannot reorder the listing unnoticed.
enum VerifyListingOrder {
    static let ids = [
        "structure.placements.missing", "structure.placements.invalid", "structure.placement.missing",
        "structure.placement.invalid", "structure.placement.mismatch", "structure.placement.unlisted",
        "structure.placement.duplicate", "structure.index.missing", "structure.field.type", "structure.field.unknown",
        "structure.user-id", "structure.file.unreadable", "structure.file.too-large", "structure.file.outside",
        "placement.missing", "placement.unknown", "placement.archived", "placement.not-chat",
        "options.key.unknown", "options.key.not-accepted", "options.iconName.missing", "options.iconName.invalid",
        "options.iconName.style", "options.color.invalid", "options.context.invalid", "options.context.all-mixed",
        "options.role.invalid", "options.extranet.invalid", "options.width.invalid", "options.height.invalid", "options.size.small",
        "handler.missing", "handler.relative", "handler.scheme", "handler.http", "handler.syntax", "handler.host", "handler.origin", "handler.folder",
        "title.missing", "lang.missing", "lang.title.missing",
        "page.placement.missing", "page.placement.mismatch", "page.bx24.missing", "page.option.not-delivered",
        "page.if.not-delivered", "script.option.not-delivered",
        "ref.missing", "ref.outside", "ref.root-relative", "ref.file-url", "ref.loopback", "ref.script.remote",
        "ref.integrity.mismatch", "ref.integrity.invalid", "ref.fragment.missing", "ref.external.frame",
        "search.index.invalid", "search.index.missing", "search.index.hash",
        "secret.token", "bundle.size", "host.post-unproven",
    ]
}
