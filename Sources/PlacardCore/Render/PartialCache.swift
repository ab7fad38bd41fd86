/// The partials whose output cannot differ between pages of a widget in folders of the
/// same depth: Placard renders them once per widget and depth, not once per page (what
/// Hugo's `partialCached` does when asked; here it is found from the templates).
///
/// Exists for speed: swift-mustache's name lookups are most of the time a page spends in
/// its template, and the default header, head links, context line and footer make about a
/// third of them while showing the same thing on every page. The output is byte-identical
/// to rendering each page in full (tested), because a partial qualifies only when that
/// follows from its tags:
/// - every name it uses starts with a name of the page context that is the same on every
///   such page (`perPageNames` are not: `page`, `versions`, `nav`, `home`, `prev`, `next`;
///   the few that depend on the folder, `assets`, `root` and `scripts`, are why the depth is
///   part of the key), with no `.`-relative names, which could reach the page's own values;
/// - it declares no blocks and includes no partials or parents (nothing it renders comes
///   from elsewhere);
/// - every `{{>partial}}` tag naming it stands outside any `{{#section}}`, in a template
///   that is itself rendered at the top of the context (so the partial sees the page context
///   and nothing a section pushed), and is not indented (swift-mustache would indent its lines).
struct PartialCache {
    /// Top-level names of `Renderer.pageContext` that differ from page to page of a widget
    /// in the same folder depth; keep in step with it.
    static let perPageNames: Set<String> = ["page", "versions", "nav", "home", "prev", "next"]

    /// The partials of a template set that qualify; `scans` are the set's templates by name.
    static func cacheable(_ scans: [String: TemplateScan]) -> Set<String> {
        var referencing: [String: [(from: String, reference: TemplateScan.Reference)]] = [:]
        for (name, scan) in scans {
            for reference in scan.references { referencing[reference.name, default: []].append((name, reference)) }
        }
        // Where each block is placed (a block tag that is not an override), by template.
        var placements: [String: [(template: String, sections: Int)]] = [:]
        for (name, scan) in scans {
            for tag in scan.names where tag.kind == .block && !tag.isOverride { placements[tag.name, default: []].append((name, tag.sections)) }
        }

        var topLevel: [String: Bool] = [:]
        var visiting: Set<String> = []
        /// Whether `template` is only ever rendered with the page context alone on the stack.
        func isTopLevel(_ template: String) -> Bool {
            if let known = topLevel[template] { return known }
            guard visiting.insert(template).inserted else { return false } // a cycle: never in a usable set
            defer { visiting.remove(template) }
            let result = (referencing[template] ?? []).allSatisfy { from, reference in
                guard !reference.isDynamic, reference.sections == 0, isTopLevel(from) else { return false }
                guard let block = reference.override else { return true }
                // An override is rendered where its parent places the block.
                return (placements[block] ?? []).allSatisfy { $0.sections == 0 && isTopLevel($0.template) }
            }
            topLevel[template] = result
            return result
        }

        var cacheable: Set<String> = []
        for (name, scan) in scans {
            let uses = referencing[name] ?? []
            guard !uses.isEmpty, uses.allSatisfy({ !$0.reference.isParent && !$0.reference.indented }),
                  scan.references.isEmpty, scan.tooDeep == nil,
                  scan.names.allSatisfy({ $0.kind != .block && $0.kind != .parent && ($0.kind == .close || isSameOnEveryPage($0.name)) }),
                  isTopLevel(name) else { continue }
            cacheable.insert(name)
        }
        return cacheable
    }

    /// Whether the value `name` (a tag's name, transforms and all) names is the same on
    /// every page of a widget at one depth, when looked up from the page context.
    static func isSameOnEveryPage(_ name: String) -> Bool {
        var inner = Substring(name)
        // `uppercased(page.title)`: the name is inside the innermost parentheses.
        if let open = inner.lastIndex(of: "(") {
            inner = inner[inner.index(after: open)...]
            if let close = inner.firstIndex(of: ")") { inner = inner[..<close] }
        }
        if inner.isEmpty { return true } // `first()` and the like: the partial's own sections
        guard inner.first != ".", !inner.contains("*") else { return false }
        let head = inner.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return !perPageNames.contains(head)
    }
}
