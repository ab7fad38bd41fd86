import PlacardRules
import PlacardSystem

/// Resolves the links of one page: `page.md` → `page.html`, `../_shared/x` → `_shared/x`,
/// and reports links to pages or files the bundle will not have.
///
/// Exists so that a bundle is self-contained and a broken link fails the build at its
/// line, instead of being a 404 inside a Bitrix24 frame.
struct LinkResolver: Sendable {
    let widgetID: String
    let slugs: Set<String>
    let drafts: Set<String>
    let assets: Set<String>
    let shared: Set<String>

    init(widget: Widget, shared: [Asset]) {
        widgetID = widget.id
        slugs = Set(widget.pages.map(\.slug)).union(widget.unbuiltSlugs)
        drafts = widget.draftSlugs
        assets = Set(widget.assets.map(\.relative))
        self.shared = Set(shared.map(\.relative))
    }

    enum LinkResolution: Equatable {
        case keep
        case replace(String)
        case problem(rule: Rule, message: String)
    }

    func resolve(_ destination: String, fromSlug slug: String) -> LinkResolution {
        if destination.isEmpty || destination.hasPrefix("#") || destination.hasPrefix("/") || destination.containsText(":") {
            return .keep
        }
        var path = destination
        var suffix = ""
        let cut = path.isASCII
            ? path.utf8.firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }
            : path.firstIndex { $0 == "#" || $0 == "?" }
        if let cut {
            suffix = String(path[cut...])
            path = String(path[..<cut])
        }
        path = PercentEncoding.decode(path)
        let folder = Path.parent(of: slug)
        guard let target = Path.normalize(Path.join(folder, path)) else {
            // Climbs out of the widget: only content/_shared/ is reachable that way.
            if let inContent = Path.normalize(Path.join(widgetID, folder, path)), inContent.hasPrefix("_shared/") {
                let sharedPath = String(inContent.dropFirst("_shared/".count))
                guard shared.contains(sharedPath) else {
                    return .problem(rule: .linkMissingFile, message: "link to '\(destination)', but content/_shared/\(sharedPath) does not exist")
                }
                return .replace(Path.relative(from: folder, to: inContent) + suffix)
            }
            return .problem(rule: .linkOutsideWidget,
                            message: "link to '\(destination)' leaves the widget folder; a bundle must be self-contained: copy the file in, or put it in content/_shared/")
        }
        if target.hasSuffix(".md") {
            let (targetSlug, _) = Parser.splitName(target)
            if drafts.contains(targetSlug) {
                return .problem(rule: .linkDraft,
                                message: "link to '\(destination)', a draft (draft: true) this build leaves out, so the link would be dead; remove the link, publish the page, or build with --drafts")
            }
            guard slugs.contains(targetSlug) else {
                return .problem(rule: .linkMissingPage,
                                message: "link to '\(destination)', but content/\(widgetID)/\(targetSlug).md does not exist; fix the link or add the page")
            }
            return .replace(Path.relative(from: folder, to: targetSlug + ".html") + suffix)
        }
        if target.isEmpty || assets.contains(target) || (target.hasSuffix(".html") && slugs.contains(String(target.dropLast(5)))) {
            return .keep
        }
        if target.hasPrefix("_shared/"), shared.contains(String(target.dropFirst(8))) { return .keep }
        return .problem(rule: .linkMissingFile,
                        message: "link to '\(destination)', but content/\(widgetID)/\(target) does not exist; fix the link or add the file")
    }
}

extension String {
    /// `contains(text)` (Foundation's search), answered from the bytes when both are ASCII.
    func containsText(_ text: String) -> Bool {
        if text.utf8.count == 1, let byte = text.utf8.first, byte < 0x80, utf8.allSatisfy({ $0 < 0x80 }) {
            return utf8.contains(byte)
        }
        return contains(text)
    }
}
