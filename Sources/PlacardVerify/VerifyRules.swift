import PlacardRules

/// One check of the verifier: its stable id, default severity and what it checks.
///
/// Exists so that `--list-rules`, the README's rule list and the fixture tests (one
/// invalid fixture per rule) all come from one table.
public struct VerifyRule: Sendable, Hashable {
    public var id: String
    public var severity: Severity
    public var checks: String
}

/// Every rule `placard-verify` can report, grouped as in issue 3.
public enum VerifyRules {
    public static let all: [VerifyRule] = [
        // 1. Structure
        .init(id: "structure.placements.missing", severity: .error, checks: "placements.json exists"),
        .init(id: "structure.placements.invalid", severity: .error, checks: "placements.json is valid JSON: an array of placement.bind bodies (objects)"),
        .init(id: "structure.placement.missing", severity: .error, checks: "every placements.json entry's bundle folder (its HANDLER's last segment) has a placement.json"),
        .init(id: "structure.placement.invalid", severity: .error, checks: "each <widget>/placement.json is valid JSON: one object"),
        .init(id: "structure.placement.mismatch", severity: .error, checks: "each <widget>/placement.json equals its entry in placements.json"),
        .init(id: "structure.placement.unlisted", severity: .error, checks: "every bundle with a placement.json is listed in placements.json"),
        .init(id: "structure.placement.duplicate", severity: .error, checks: "no two placements.json entries open the same folder"),
        .init(id: "structure.index.missing", severity: .error, checks: "every bundle has an index.html"),
        .init(id: "structure.field.type", severity: .error, checks: "PLACEMENT, HANDLER, TITLE, DESCRIPTION, GROUP_NAME are strings; OPTIONS and LANG_ALL are objects"),
        .init(id: "structure.field.unknown", severity: .warning, checks: "a body has no keys placement.bind does not know"),
        .init(id: "structure.user-id", severity: .error, checks: "no USER_ID (messenger placements reject it: ERROR_PLACEMENT_USER_MODE)"),
        .init(id: "structure.file.unreadable", severity: .error, checks: "every file can be read"),
        .init(id: "structure.file.too-large", severity: .error, checks: "every HTML, CSS, JS and JSON file is at most 32 MiB (larger ones are not read)"),
        .init(id: "structure.file.outside", severity: .error, checks: "no symlink leads out of the verified folder (such links are not followed)"),
        // 2. Placement code
        .init(id: "placement.missing", severity: .error, checks: "PLACEMENT is present and not empty"),
        .init(id: "placement.unknown", severity: .error, checks: "PLACEMENT is a messenger code (with \"did you mean\" for near misses)"),
        .init(id: "placement.archived", severity: .error, checks: "PLACEMENT is not IM_SMILES_SELECTOR (archived: the handler is never called)"),
        .init(id: "placement.not-chat", severity: .error, checks: "PLACEMENT is not an embedding point outside the messenger (CRM_…, TASK_…)"),
        // 3. OPTIONS
        .init(id: "options.key.unknown", severity: .error, checks: "OPTIONS keys are placement.bind option names"),
        .init(id: "options.key.not-accepted", severity: .error, checks: "OPTIONS keys are ones the placement keeps (no color in IM_CONTEXT_MENU, no context in IM_NAVIGATION…)"),
        .init(id: "options.iconName.missing", severity: .error, checks: "iconName is present where required (IM_TEXTAREA, IM_SIDEBAR, IM_NAVIGATION)"),
        .init(id: "options.iconName.invalid", severity: .error, checks: "iconName is a string of at most 50 characters with Latin letters, spaces or '-'"),
        .init(id: "options.iconName.style", severity: .warning, checks: "iconName looks like a Font Awesome class ('fa-' + lower-case letters, digits, '-')"),
        .init(id: "options.color.invalid", severity: .error, checks: "color is one of the 17 palette keys (case-sensitive)"),
        .init(id: "options.context.invalid", severity: .error, checks: "context is ALL|USER|CHAT|LINES|CRM joined by ';' (case-sensitive, no spaces, no empty token)"),
        .init(id: "options.context.all-mixed", severity: .warning, checks: "context does not mix ALL with other values (only ALL takes effect)"),
        .init(id: "options.role.invalid", severity: .error, checks: "role is USER or ADMIN"),
        .init(id: "options.extranet.invalid", severity: .error, checks: "extranet is Y or N"),
        .init(id: "options.width.invalid", severity: .error, checks: "width is an integer ≥ 0"),
        .init(id: "options.height.invalid", severity: .error, checks: "height is an integer ≥ 0"),
        // 4. HANDLER
        .init(id: "handler.missing", severity: .error, checks: "HANDLER is present and not empty"),
        .init(id: "handler.relative", severity: .error, checks: "HANDLER is an absolute URL (relative is fine with --static-app)"),
        .init(id: "handler.scheme", severity: .error, checks: "HANDLER uses https (or http)"),
        .init(id: "handler.http", severity: .warning, checks: "HANDLER uses https rather than http"),
        .init(id: "handler.host", severity: .error, checks: "HANDLER's host is public: has a dot, is not localhost, an IP address, .local or .internal"),
        .init(id: "handler.origin", severity: .warning, checks: "all absolute HANDLERs share one origin"),
        .init(id: "handler.folder", severity: .error, checks: "a bundle's HANDLER opens that bundle's folder (<baseURL><widget-id>/)"),
        // 5. Titles
        .init(id: "title.missing", severity: .error, checks: "TITLE is present and not empty"),
        .init(id: "lang.missing", severity: .error, checks: "LANG_ALL is present and has at least one language"),
        .init(id: "lang.title.missing", severity: .error, checks: "every LANG_ALL language has a non-empty TITLE"),
        // 6. Pages
        .init(id: "page.placement.missing", severity: .error, checks: "every page has <meta name=\"b24-placement\">"),
        .init(id: "page.placement.mismatch", severity: .error, checks: "<meta name=\"b24-placement\"> equals the bundle's PLACEMENT"),
        .init(id: "page.bx24.missing", severity: .error, checks: "every page loads the BX24 library"),
        .init(id: "page.option.not-delivered", severity: .error, checks: "every data-b24-option key is one the placement delivers"),
        .init(id: "page.if.not-delivered", severity: .warning, checks: "every data-b24-if key is one the placement delivers"),
        .init(id: "script.option.not-delivered", severity: .warning, checks: "scripts (files and inline) read no option the placement never delivers (.messageId, [\"URI\"], …)"),
        // 7. References
        .init(id: "ref.missing", severity: .error, checks: "every local href/src/srcset/poster and CSS url() resolves to a file"),
        .init(id: "ref.outside", severity: .error, checks: "local references stay inside their bundle (app pages: inside the output folder)"),
        .init(id: "ref.root-relative", severity: .error, checks: "no references relative to the host's root (/x)"),
        .init(id: "ref.file-url", severity: .error, checks: "no file: URLs"),
        .init(id: "ref.loopback", severity: .error, checks: "no URLs to localhost, 127.0.0.0/8, ::1 or 0.0.0.0"),
        .init(id: "ref.script.remote", severity: .error, checks: "scripts are local, except the BX24 library"),
        .init(id: "ref.integrity.mismatch", severity: .error, checks: "integrity hashes match the files they load"),
        .init(id: "ref.integrity.invalid", severity: .warning, checks: "integrity attributes hold a sha256/sha384/sha512 hash"),
        // 8. Hygiene
        .init(id: "secret.token", severity: .error, checks: "no text file contains something shaped like a Bitrix24 OAuth token"),
        .init(id: "bundle.size", severity: .warning, checks: "each bundle is within the size budget (--budget, default 1 MiB)"),
        // Always
        .init(id: "host.post-unproven", severity: .note, checks: "reminds that verify cannot prove the host answers POST (spec §3.2); not shown for Bitrix24-hosted static apps"),
    ]

    /// `--list-rules`: one `id  severity  checks` line per rule.
    public static var listing: String {
        let width = all.map(\.id.count).max() ?? 0
        return all.map { rule in
            rule.id + String(repeating: " ", count: width - rule.id.count + 2)
                + rule.severity.rawValue + String(repeating: " ", count: 9 - rule.severity.rawValue.count) + rule.checks
        }.joined(separator: "\n") + "\n"
    }
}
