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
    let languages: Set<String>

    init(widget: Widget, shared: [Asset]) {
        languages = widget.listedLanguages
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
        if destination.isEmpty || destination.hasPrefix("#") || destination.hasPrefix("/") || Self.hasScheme(destination) {
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
                return .replace(PercentEncoding.encodePath(Path.relative(from: folder, to: inContent)) + suffix)
            }
            return .problem(rule: .linkOutsideWidget,
                            message: "link to '\(destination)' leaves the widget folder; a bundle must be self-contained: copy the file in, or put it in content/_shared/")
        }
        if target.hasSuffix(".md") {
            let (targetSlug, _) = Parser.splitName(target, languages: languages)
            if drafts.contains(targetSlug) {
                return .problem(rule: .linkDraft,
                                message: "link to '\(destination)', a draft (draft: true) this build leaves out, so the link would be dead; remove the link, publish the page, or build with --drafts")
            }
            guard slugs.contains(targetSlug) else {
                return .problem(rule: .linkMissingPage,
                                message: "link to '\(destination)', but content/\(widgetID)/\(targetSlug).md does not exist; fix the link or add the page")
            }
            // Decoded to find the file, so encoded again: `c%23.md` links to `c%23.html`, not `c#.html`.
            return .replace(PercentEncoding.encodePath(Path.relative(from: folder, to: targetSlug + ".html")) + suffix)
        }
        if target.isEmpty || assets.contains(target) || (target.hasSuffix(".html") && slugs.contains(String(target.dropLast(5)))) {
            return .keep
        }
        if target.hasPrefix("_shared/"), shared.contains(String(target.dropFirst(8))) { return .keep }
        return .problem(rule: .linkMissingFile,
                        message: "link to '\(destination)', but content/\(widgetID)/\(target) does not exist; fix the link or add the file")
    }
}

extension LinkResolver {
    /// Whether `destination` starts with a URL scheme (`https:`, `mailto:`): a `:` before
    /// the first `/`, `?` or `#`, after a letter and letters, digits, `+`, `-` or `.`.
    /// `page.md#step:1` and `page.md?next=a:b` are relative.
    static func hasScheme(_ destination: String) -> Bool {
        guard let colon = destination.utf8.firstIndex(where: { ":/?#".utf8.contains($0) }),
              destination.utf8[colon] == UInt8(ascii: ":") else { return false }
        let scheme = destination.utf8[..<colon]
        guard let first = scheme.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20) else { return false }
        return scheme.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "+-.".utf8.contains(byte)
        }
    }
}

extension LinkResolver {
    /// The page of the widget (its slug) and the fragment a link names: `#a` → this page,
    /// `guide.md#a` or `guide.html#a` → `guide`; nil for a link without a fragment, to a
    /// page the widget does not build, or to anything that is not a page. The fragment is
    /// percent-decoded, as a browser decodes it to find the element.
    func fragmentTarget(_ destination: String, fromSlug slug: String) -> (slug: String, fragment: String)? {
        guard let hash = destination.firstIndex(of: "#"), !Self.hasScheme(destination), !destination.hasPrefix("/") else { return nil }
        let fragment = PercentEncoding.decode(destination[destination.index(after: hash)...])
        var path = destination[..<hash]
        if let query = path.firstIndex(of: "?") { path = path[..<query] }
        if path.isEmpty { return (slug, fragment) }
        guard let target = Path.normalize(Path.join(Path.parent(of: slug), PercentEncoding.decode(path))) else { return nil }
        let targetSlug: String
        if target.hasSuffix(".md") {
            targetSlug = Parser.splitName(target, languages: languages).slug
        } else if target.hasSuffix(".html") {
            targetSlug = String(target.dropLast(5))
        } else {
            return nil
        }
        guard slugs.contains(targetSlug), !drafts.contains(targetSlug) else { return nil }
        return (targetSlug, fragment)
    }
}
