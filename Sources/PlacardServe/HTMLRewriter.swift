import Foundation
import PlacardSystem

/// Rewrites HTML as it is served by `placard serve` (never the files in `dist/`).
///
/// Exists because the preview needs two things the production page must not have: the
/// live-reload client, and (in `--bx24 local` mode) Placard's offline BX24 library in
/// place of the official script, which only works inside a real portal.
public struct HTMLRewriter: Sendable {
    public static let localBX24Path = "/_placard/bx24.js"
    public static let liveReloadPath = "/_placard/livereload.js"

    /// The official script URL the pages load (`Config.bx24Script`).
    public var bx24Script: String
    /// Replace the official script with `/_placard/bx24.js`.
    public var useLocalBX24: Bool

    public init(bx24Script: String, useLocalBX24: Bool) {
        self.bx24Script = bx24Script
        self.useLocalBX24 = useLocalBX24
    }

    public func rewrite(_ html: String) -> String {
        var out = useLocalBX24 ? replaceBX24(html) : html
        let tag = "<script src=\"\(Self.liveReloadPath)\" data-placard-livereload></script>"
        if let head = out.range(of: "</head", options: .caseInsensitive) {
            out.insert(contentsOf: tag, at: head.lowerBound)
        } else if let body = out.range(of: "</body", options: .caseInsensitive) {
            out.insert(contentsOf: tag, at: body.lowerBound)
        } else {
            out += tag
        }
        return out
    }

    /// Same URL ignoring the scheme and a trailing slash (`//api.bitrix24.com/api/v1` too).
    func isOfficial(_ src: String) -> Bool {
        func key(_ url: String) -> String {
            var url = url.trimmingCharacters(in: .whitespaces).lowercased()
            for scheme in ["https:", "http:"] where url.hasPrefix(scheme) { url.removeFirst(scheme.count) }
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
        return key(src) == key(bx24Script)
    }

    func replaceBX24(_ html: String) -> String {
        var out = ""
        var rest = html[...]
        while let open = rest.range(of: "<script", options: .caseInsensitive) {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: ">") else {
                rest = rest[open.lowerBound...]
                break
            }
            let tag = rest[open.lowerBound...close]
            let attributes = Self.attributes(of: tag.dropFirst("<script".count).dropLast())
            if let src = attributes.first(where: { $0.name == "src" }), isOfficial(src.value ?? "") {
                var rebuilt = "<script"
                for attribute in attributes where !["integrity", "crossorigin"].contains(attribute.name) {
                    rebuilt += " " + attribute.name
                    let value = attribute.name == "src" ? Self.localBX24Path : attribute.value
                    if let value { rebuilt += "=\"" + value.replacingOccurrences(of: "\"", with: "&quot;") + "\"" }
                }
                out += rebuilt + ">"
            } else {
                out += tag
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    struct Attribute { var name: String; var value: String? }

    /// The attributes of a start tag's inside, in order (tokenised by `HTMLAttributes`, as
    /// the verifier reads them); names lower-cased, values as written but `&amp;` → `&`.
    static func attributes(of text: Substring) -> [Attribute] {
        let bytes = Array(text.utf8)
        var result: [Attribute] = []
        bytes.withUnsafeBufferPointer { p in
            _ = HTMLAttributes.scan(p, from: 0) { token in
                let name = String(decoding: p[token.name], as: UTF8.self).lowercased()
                let value = token.value.map { String(decoding: p[$0], as: UTF8.self).replacingOccurrences(of: "&amp;", with: "&") }
                result.append(Attribute(name: name, value: value))
            }
        }
        return result
    }
}
