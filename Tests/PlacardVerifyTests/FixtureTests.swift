import PlacardRules
import Testing
@testable import PlacardVerify

/// One invalid fixture: its folder (named after the rule it breaks), the options it is
/// verified with, and every finding it must produce, exactly.
struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var options: VerifyOptions
    var expected: [Expected]

    init(_ name: String, options: VerifyOptions = VerifyOptions(), _ expected: [Expected]) {
        self.name = name
        self.options = options
        self.expected = expected
    }

    var testDescription: String { name }
}

/// Invalid-site fixtures in the style of Zola's and swift-format's rule tests: each folder
/// under Fixtures/ is a minimal bundle with one defect; verifying it must give exactly the
/// listed findings (rule id, location, message), nothing more.
@Suite("Fixtures: one invalid bundle per rule")
struct FixtureTests {
    static let cases: [Case] = [
        Case("bundle.size", options: VerifyOptions(budget: 1000), [
            .warning("bundle.size", at: "dist/handbook",
                #"bundle 'handbook' is 2.8 KiB (2849 bytes), over the 1000 bytes budget; the frame downloads it on every open: trim assets, or raise --budget"#),
        ]),
        Case("handler.folder", [
            .error("handler.folder", at: "dist/handbook/placement.json:1️⃣",
                #"HANDLER 'https://widgets.example.com/placard/manual/' does not open this bundle's folder 'handbook/'; Bitrix24 would load another page (a widget's HANDLER is <baseURL>handbook/)"#),
        ]),
        Case("handler.host", [
            .error("handler.host", at: "dist/handbook/placement.json:1️⃣",
                #"HANDLER 'https://localhost/placard/handbook/' points at 'localhost', which Bitrix24's servers cannot reach; use a public host name"#),
        ]),
        Case("handler.http", [
            .warning("handler.http", at: "dist/handbook/placement.json:1️⃣",
                #"HANDLER 'http://widgets.example.com/placard/handbook/' uses http; the local-app form and the docs expect https"#),
        ]),
        Case("handler.missing", [
            .error("handler.missing", at: "dist/handbook/placement.json:1️⃣",
                #"HANDLER is empty; placement.bind needs the widget's URL"#),
        ]),
        Case("handler.origin", [
            .warning("handler.origin", at: "dist/tasks/placement.json:1️⃣",
                #"HANDLER 'https://cdn.example.org/placard/tasks/' is on https://cdn.example.org, but other widgets (such as 'https://widgets.example.com/placard/handbook/') are on https://widgets.example.com; keep every widget on one origin: the frame protocol and install.html expect it"#),
        ]),
        Case("handler.relative", [
            .error("handler.relative", at: "dist/handbook/placement.json:1️⃣",
                #"HANDLER 'handbook/' is relative; placement.bind needs an absolute https URL (set baseURL in placard.yml, or verify with --static-app when install.html resolves it)"#),
        ]),
        Case("handler.scheme", [
            .error("handler.scheme", at: "dist/handbook/placement.json:1️⃣",
                #"HANDLER 'ftp://widgets.example.com/placard/handbook/' has scheme 'ftp'; Bitrix24 accepts only https (or http) handlers"#),
        ]),
        Case("handler.syntax", [
            .error("handler.syntax", at: "dist/handbook/placement.json:1️⃣",
                #"HANDLER 'https://widgets.example.com/placard/handbook/?v=1#f' has a query ('?v=1#f'); a HANDLER is the URL of the widget's folder, <baseURL><widget-id>/, and a query or fragment in baseURL would follow the host instead of the folder, so every widget would open the same page; remove it"#),
        ]),
        Case("lang.missing", [
            .error("lang.missing", at: "dist/handbook/placement.json:1️⃣",
                #"LANG_ALL is missing; when it is empty Bitrix24 stores TITLE for the portal's default language only, so give a TITLE per language"#),
        ]),
        Case("lang.title.missing", [
            .error("lang.title.missing", at: "dist/handbook/placement.json:1️⃣",
                #"LANG_ALL.de has no TITLE; Bitrix24 would show an empty name in that language"#),
        ]),
        Case("options.color.invalid", [
            .error("options.color.invalid", at: "dist/handbook/placement.json:1️⃣",
                #"color 'PINKY' is not in the Bitrix24 palette: RED, GREEN, MINT, LIGHT_BLUE, DARK_BLUE, PURPLE, AQUA, PINK, LIME, BROWN, AZURE, KHAKI, SAND, ORANGE, MARENGO, GRAY, GRAPHITE (case-sensitive). Did you mean 'PINK'?"#),
        ]),
        Case("options.context.all-mixed", [
            .warning("options.context.all-mixed", at: "dist/handbook/placement.json:1️⃣",
                #"context 'ALL;USER' mixes ALL with other values; only ALL takes effect, so the widget shows in every chat. Use ALL alone or drop it"#),
        ]),
        Case("options.context.invalid", [
            .error("options.context.invalid", at: "dist/handbook/placement.json:1️⃣",
                #"context 'USER; CHAT' is invalid: use ALL, USER, CHAT, LINES or CRM (case-sensitive), several joined by ';' with no spaces and no empty token. Did you mean 'CHAT'?"#),
        ]),
        Case("options.extranet.invalid", [
            .error("options.extranet.invalid", at: "dist/handbook/placement.json:1️⃣",
                #"extranet 'yes' is invalid: use Y or N (case-sensitive)"#),
        ]),
        Case("options.height.invalid", [
            .error("options.height.invalid", at: "dist/handbook/placement.json:1️⃣",
                #"height 'tall' is invalid: use an integer ≥ 0"#),
        ]),
        Case("options.iconName.invalid", [
            .error("options.iconName.invalid", at: "dist/handbook/placement.json:1️⃣",
                #"iconName 'fa-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is invalid: at most 50 characters, with Latin letters, spaces or '-' (a Font Awesome class such as 'fa-comments')"#),
        ]),
        Case("options.iconName.missing", [
            .error("options.iconName.missing", at: "dist/handbook/placement.json:1️⃣",
                #"IM_SIDEBAR requires OPTIONS key 'iconName': a Font Awesome class name such as 'fa-comments'"#),
        ]),
        Case("options.iconName.style", [
            .warning("options.iconName.style", at: "dist/handbook/placement.json:1️⃣",
                #"iconName 'Book' does not look like a Font Awesome class name ('fa-' followed by lower-case letters, digits and '-'); Bitrix24 renders it as class="fa Book""#),
        ]),
        Case("options.key.not-accepted", [
            .error("options.key.not-accepted", at: "dist/handbook/placement.json:1️⃣",
                #"IM_SIDEBAR does not accept OPTIONS key 'width' (Bitrix24 would drop it silently); remove it. IM_SIDEBAR accepts iconName, extranet, context, role, color"#),
        ]),
        Case("options.key.unknown", [
            .error("options.key.unknown", at: "dist/handbook/placement.json:1️⃣",
                #"unknown OPTIONS key 'colour': placement.bind knows iconName, color, context, role, extranet, width, height, and Bitrix24 drops any other key silently. Did you mean 'color'?"#),
        ]),
        Case("options.role.invalid", [
            .error("options.role.invalid", at: "dist/handbook/placement.json:1️⃣",
                #"role 'admin' is invalid: use USER or ADMIN (case-sensitive)"#),
        ]),
        Case("options.width.invalid", [
            .error("options.width.invalid", at: "dist/handbook/placement.json:1️⃣",
                #"width -10 is invalid: use an integer ≥ 0"#),
        ]),
        Case("options.size.small", [
            .warning("options.size.small", at: "dist/handbook/placement.json:1️⃣",
                #"width 150 makes a popup too small to use: the messenger sizes the IM_TEXTAREA popup in pixels (its code passes width/height to the popup as px; the REST docs say percent, a disagreement — docs/platform.md §9.3), so use at least 200 × 150 (public apps bind 360 × 320 or 420 × 560)"#),
        ]),
        Case("page.bx24.missing", [
            .error("page.bx24.missing", at: "dist/handbook/index.html",
                #"this page runs no frame client — the BX24 library (<script src="https://api.bitrix24.com/api/v1/">) or the official b24jssdk — so it never receives its placement context (a script inside <template> or <noscript>, nomodule, or of another type does not run)"#),
        ]),
        Case("page.if.not-delivered", [
            .warning("page.if.not-delivered", at: "dist/handbook/index.html:1️⃣",
                #"data-b24-if 'messageId' is never true: IM_SIDEBAR delivers only dialogId, URI, so this element always stays hidden"#),
        ]),
        Case("page.option.not-delivered", [
            .error("page.option.not-delivered", at: "dist/handbook/index.html:1️⃣",
                #"data-b24-option 'messageId' is never filled: IM_SIDEBAR delivers only dialogId, URI"#),
        ]),
        Case("page.placement.mismatch", [
            .error("page.placement.mismatch", at: "dist/handbook/index.html:1️⃣",
                #"<meta name="b24-placement"> says 'IM_TEXTAREA', but this bundle's placement.json binds IM_SIDEBAR"#),
        ]),
        Case("page.placement.missing", [
            .error("page.placement.missing", at: "dist/handbook/index.html",
                #"this page has no <meta name="b24-placement" content="IM_SIDEBAR">; the Placard runtime needs it to detect being opened in the wrong placement"#),
        ]),
        Case("placement.archived", [
            .error("placement.archived", at: "dist/handbook/placement.json:1️⃣",
                #"placement 'IM_SMILES_SELECTOR' is archived: Bitrix24 still accepts the binding but never calls its handler; use one of IM_TEXTAREA, IM_SIDEBAR, IM_CONTEXT_MENU, IM_NAVIGATION, IMMOBILE_CONTEXT_MENU"#),
        ]),
        Case("placement.missing", [
            .error("placement.missing", at: "dist/handbook/placement.json:1️⃣",
                #"PLACEMENT is empty; placement.bind needs the placement code, such as IM_SIDEBAR"#),
        ]),
        Case("placement.not-chat", [
            .error("placement.not-chat", at: "dist/handbook/placement.json:1️⃣",
                #"placement 'CRM_DEAL_DETAIL_TAB' is a Bitrix24 embedding point outside the messenger; a chat widget needs one of IM_TEXTAREA, IM_SIDEBAR, IM_CONTEXT_MENU, IM_NAVIGATION, IMMOBILE_CONTEXT_MENU"#),
        ]),
        Case("placement.unknown", [
            .error("placement.unknown", at: "dist/handbook/placement.json:1️⃣",
                #"unknown placement 'IM_SIDEBARR'; valid codes are IM_TEXTAREA, IM_SIDEBAR, IM_CONTEXT_MENU, IM_NAVIGATION, IMMOBILE_CONTEXT_MENU. Did you mean 'IM_SIDEBAR'?"#),
        ]),
        Case("ref.file-url", [
            .error("ref.file-url", at: "dist/handbook/index.html:1️⃣",
                #"'file:///home/me/logo.png' is a file: URL, which works only on the machine that wrote it; copy the file into the bundle and refer to it relatively"#),
        ]),
        Case("ref.integrity.invalid", [
            .warning("ref.integrity.invalid", at: "dist/handbook/index.html:1️⃣",
                #"integrity 'md5-1B2M2Y8AsgTpgAmY7PhCfg==' has no sha256-, sha384- or sha512- hash, so the browser does not check 'app.js'"#),
        ]),
        Case("ref.integrity.mismatch", [
            .error("ref.integrity.mismatch", at: "dist/handbook/index.html:1️⃣",
                #"integrity of 'app.js' does not match the file: the page expects sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, the file hashes to sha384-eEqgsNuDqSzbarn2kIY7c4WH6zkoJrjJRQIhlYgVwRR+6Eb8tkfTItTNLlIjbE3O; browsers refuse to load it: rebuild, or fix the attribute"#),
        ]),
        Case("ref.loopback", [
            .error("ref.loopback", at: "dist/handbook/index.html:1️⃣",
                #"'http://localhost:8080/handbook/' points at this machine (localhost), which no one else can reach; copy the file into the bundle"#),
        ]),
        Case("ref.fragment.missing", [
            .error("ref.fragment.missing", at: "dist/handbook/guide.html:3️⃣",
                #"'index.html#Setup' names '#Setup', but dist/handbook/index.html has no element with that id (or <a name>), so the link opens the page at its top; fix the fragment or the heading. Did you mean 'setup'?"#),
            .error("ref.fragment.missing", at: "dist/handbook/index.html:1️⃣",
                #"'guide.html#instalation' names '#instalation', but dist/handbook/guide.html has no element with that id (or <a name>), so the link opens the page at its top; fix the fragment or the heading. Did you mean 'installation'?"#),
            .error("ref.fragment.missing", at: "dist/handbook/index.html:2️⃣",
                #"'#nowhere' names '#nowhere', but dist/handbook/index.html has no element with that id (or <a name>), so the link opens the page at its top; fix the fragment or the heading."#),
        ]),
        Case("ref.external.frame", [
            .warning("ref.external.frame", at: "dist/handbook/index.html:1️⃣",
                #"the link to 'https://example.com/a' leads to another site but has no target="_blank" (followed inside the widget's frame, it replaces the widget, and many sites refuse to be framed at all); add target="_blank" rel="noopener noreferrer", as Placard gives the links written in Markdown"#),
            .warning("ref.external.frame", at: "dist/handbook/index.html:2️⃣",
                #"the link to 'https://example.com/b' leads to another site but has no rel="noopener" (the opened site could otherwise navigate the widget through window.opener); add target="_blank" rel="noopener noreferrer", as Placard gives the links written in Markdown"#),
            .warning("ref.external.frame", at: "dist/handbook/index.html:3️⃣",
                #"the link to '//cdn.example.com/c' leads to another site but has no target="_blank" (followed inside the widget's frame, it replaces the widget, and many sites refuse to be framed at all); add target="_blank" rel="noopener noreferrer", as Placard gives the links written in Markdown"#),
        ]),
        Case("ref.missing", [
            .error("ref.missing", at: "dist/handbook/index.html:1️⃣",
                #"'assets/logo.png' points at dist/handbook/assets/logo.png, which does not exist"#),
        ]),
        Case("ref.outside", [
            .error("ref.outside", at: "dist/handbook/index.html:1️⃣",
                #"'../other/index.html' leads outside dist/handbook/; a bundle must be self-contained: copy the file in, or put it in content/_shared/"#),
        ]),
        Case("ref.root-relative", [
            .error("ref.root-relative", at: "dist/handbook/index.html:1️⃣",
                #"'/handbook/index.html' is relative to the host's root, so it breaks unless dist/ is served at the root of its host; use a path relative to the page"#),
        ]),
        Case("ref.script.remote", [
            .error("ref.script.remote", at: "dist/handbook/index.html:1️⃣",
                #"<script src="https://cdn.example.com/lib.js"> loads a script from another host; a bundle may load only the BX24 library (https://api.bitrix24.com/api/v1/) or the official b24jssdk (https://unpkg.com/@bitrix24/b24jssdk@<version>/dist/umd/index.min.js) from outside: copy the script into the bundle"#),
        ]),
        Case("script.option.not-delivered", [
            .warning("script.option.not-delivered", at: "dist/handbook/app.js:1️⃣",
                #"script reads placement option 'messageId', which IM_SIDEBAR never delivers (it delivers only dialogId, URI); the value is always undefined"#),
        ]),
        Case("search.index.hash", [
            .error("search.index.hash", at: "dist/handbook/search/en/t.8ed6cf778f.txt",
                #"this file of the search index hashes to 71d30922d0, not to the 8ed6cf778f in its name: it was changed after the build, or is a stale copy; rebuild and upload the whole bundle"#),
        ]),
        Case("search.index.invalid", [
            .error("search.index.invalid", at: "dist/handbook/search/index.json",
                #"its version is not 2; Placard's search script cannot read this index: rebuild the widget"#),
        ]),
        Case("search.index.missing", [
            .error("search.index.missing", at: "dist/handbook/search/en/m.9b07d7e749.txt:1️⃣",
                #"the search index names dist/handbook/gone.html, which is not in the output: searches that need it fail; rebuild and upload the whole bundle"#),
        ]),
        Case("secret.token", [
            .error("secret.token", at: "dist/handbook/debug.js:1️⃣",
                #"'717e0567…' looks like a Bitrix24 OAuth token (AUTH_ID/REFRESH_ID shape); anyone who downloads this file could act as that user: remove it, and revoke the token"#),
        ]),
        Case("structure.field.type", [
            .error("structure.field.type", at: "dist/handbook/placement.json:1️⃣",
                #"DESCRIPTION must be a string, not a number"#),
        ]),
        Case("structure.field.unknown", [
            .warning("structure.field.unknown", at: "dist/handbook/placement.json:1️⃣",
                #"'GROUPNAME' is not a placement.bind parameter (PLACEMENT, HANDLER, TITLE, DESCRIPTION, GROUP_NAME, LANG_ALL, OPTIONS); Bitrix24 ignores it. Did you mean 'GROUP_NAME'?"#),
        ]),
        Case("structure.index.missing", [
            .error("structure.index.missing", at: "dist/handbook",
                #"bundle 'handbook' has no index.html, the page its HANDLER opens"#),
        ]),
        Case("structure.placement.duplicate", [
            .error("structure.placement.duplicate", at: "dist/placements.json:1️⃣",
                #"HANDLER 'https://widgets.example.com/placard/handbook/' opens the folder 'handbook/' like an earlier entry; each widget needs its own bundle folder"#),
        ]),
        Case("structure.placement.invalid", [
            .error("structure.placement.invalid", at: "dist/handbook/placement.json:1️⃣",
                #"placement.json is not valid JSON: expected a key in double quotes"#),
        ]),
        Case("structure.placement.mismatch", [
            .error("structure.placement.mismatch", at: "dist/handbook/placement.json:1️⃣",
                #"placement.json disagrees with its entry in placements.json at OPTIONS.color: "AZURE" here, "RED" there; rebuild, or make them equal"#),
        ]),
        Case("structure.placement.missing", [
            .error("structure.placement.missing", at: "dist/placements.json:1️⃣",
                #"placements.json lists a widget whose HANDLER 'https://widgets.example.com/placard/handbook/' opens the folder 'handbook/', but dist/handbook/placement.json does not exist"#),
        ]),
        Case("structure.placement.unlisted", [
            .error("structure.placement.unlisted", at: "dist/extra/placement.json",
                #"placements.json does not list this widget, so install.html never binds it; rebuild, or add this body to placements.json"#),
        ]),
        Case("structure.placements.invalid", [
            .error("structure.placements.invalid", at: "dist/placements.json:1️⃣",
                #"placements.json is not valid JSON: unexpected end of file, expected ',' or '}'"#),
        ]),
        Case("structure.placements.missing", [
            .error("structure.placements.missing", at: "dist/placements.json",
                #"placements.json is missing; it lists every widget's placement.bind body, and install.html binds from it"#),
        ]),
        Case("structure.user-id", [
            .error("structure.user-id", at: "dist/handbook/placement.json:1️⃣",
                #"USER_ID binds a widget for one user, which no messenger placement supports (ERROR_PLACEMENT_USER_MODE); remove it"#),
        ]),
        Case("title.missing", [
            .error("title.missing", at: "dist/handbook/placement.json:1️⃣",
                #"TITLE is empty; it names the widget where LANG_ALL has no entry"#),
        ]),
    ]

    @Test("each invalid fixture gives exactly its findings", arguments: cases)
    func invalidFixture(_ fixture: Case) throws {
        let report = try Verifier(options: fixture.options).verify(directory: Fixtures.dist(fixture.name))
        #expect(report.problems == fixture.expected.map { $0.expanded(Fixtures.markers(fixture.name)) })
        #expect(report.problems.contains { $0.rule == fixture.name }, "the fixture must exercise its own rule")
        #expect(report.exitCode == (fixture.expected.contains { $0.severity == .error } ? 1 : 0))
        #expect(report.directory == "dist")
    }

    @Test("every rule has a fixture, and every fixture a case")
    func everyRuleHasAFixture() {
        let notFixtured: Set = ["structure.file.unreadable", "structure.file.outside", "structure.file.too-large", "host.post-unproven"]
        let rules = Set(VerifyRules.all.map(\.id)).subtracting(notFixtured)
        let cased = Set(Self.cases.map(\.name))
        #expect(rules == cased)
        #expect(Set(Fixtures.names) == cased.union(["valid", "valid-static-app"]))
        #expect(VerifyRules.all.count == Set(VerifyRules.all.map(\.id)).count, "rule ids are unique")
    }

    @Test("each rule's documented severity is the one it reports")
    func severities() throws {
        for fixture in Self.cases {
            let rule = try #require(VerifyRules.all.first { $0.id == fixture.name })
            let own = fixture.expected.filter { $0.rule == fixture.name }
            #expect(own.allSatisfy { $0.severity == rule.severity }, "\(fixture.name)")
        }
    }

    @Test("the valid fixture verifies clean")
    func validFixture() throws {
        let report = try Verifier().verify(directory: Fixtures.dist("valid"))
        #expect(report.problems == [])
        #expect(report.exitCode == 0)
        #expect(report.bundles.map(\.id) == ["handbook", "message-tools", "mobile-note", "quick-reply", "team"])
        #expect(report.bundles.map(\.placement) == ["IM_SIDEBAR", "IM_CONTEXT_MENU", "IMMOBILE_CONTEXT_MENU", "IM_TEXTAREA", "IM_NAVIGATION"])
        #expect(report.bundles.map(\.pages) == [3, 1, 1, 1, 1])
        #expect(report.summary == "5 bundles, 0 errors, 0 warnings")
        #expect(report.findings.map(\.rule) == ["host.post-unproven"])
    }

    @Test("relative handlers verify clean with --static-app, and fail without it")
    func staticApp() throws {
        let relaxed = try Verifier(options: VerifyOptions(staticApp: true)).verify(directory: Fixtures.dist("valid-static-app"))
        #expect(relaxed.problems == [])
        let strict = try Verifier().verify(directory: Fixtures.dist("valid-static-app"))
        #expect(strict.problems.map(\.rule) == Array(repeating: "handler.relative", count: 5))
    }

    @Test("--strict turns warnings into errors")
    func strictMode() throws {
        let lenient = try Verifier().verify(directory: Fixtures.dist("handler.http"))
        #expect(lenient.exitCode == 0)
        #expect((lenient.errorCount, lenient.warningCount) == (0, 1))
        let strict = try Verifier(options: VerifyOptions(strict: true)).verify(directory: Fixtures.dist("handler.http"))
        #expect(strict.exitCode == 1)
        #expect((strict.errorCount, strict.warningCount) == (1, 0))
        #expect(strict.problems.map(\.severity) == [.error])
        #expect(strict.findings.contains { $0.severity == .note }, "notes stay notes")
        #expect(strict.strict)
    }

    @Test("a file that cannot be read is a finding, not a crash")
    func unreadableFile() {
        let files = [
            "placements.json": "[]",
            "index.html": "<!DOCTYPE html><title>App</title>",
        ]
        let input = VerifyInput(label: "dist", files: files.mapValues(\.utf8.count)) { path in
            path == "index.html" ? nil : files[path].map { Array($0.utf8) }
        }
        let report = Verifier().verify(input)
        #expect(report.problems == [.error("structure.file.unreadable", at: "dist/index.html", "cannot read this file")])
    }

    @Test("no note about POST when every handler is a Bitrix24-hosted static app")
    func staticHostNeedsNoNote() throws {
        let body = """
            {"PLACEMENT":"IM_CONTEXT_MENU","HANDLER":"https://abc.apps-bitrix24.com/app_local/x/tools/","TITLE":"Tools","LANG_ALL":{"en":{"TITLE":"Tools"}},"OPTIONS":{}}
            """
        let page = """
            <meta name="b24-placement" content="IM_CONTEXT_MENU"><script src="https://api.bitrix24.com/api/v1/"></script>
            """
        let files = ["placements.json": "[\(body)]", "tools/placement.json": body, "tools/index.html": page]
        let report = Verifier().verify(.memory(files.mapValues { Array($0.utf8) }))
        #expect(report.findings == [])
    }
}
