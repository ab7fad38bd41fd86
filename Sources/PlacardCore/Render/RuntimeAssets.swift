internal import Crypto
import Foundation

/// A file whose name carries a hash of its content, with the Subresource Integrity value
/// pages use to load it.
///
/// Exists so that a browser (or a CDN in front of the static host) can never combine a
/// page with a stale runtime, and so that `verify` can check what a page loads.
package struct FingerprintedFile: Sendable, Hashable {
    package var name: String
    package var bytes: [UInt8]
    /// `sha384-<base64>`.
    package var integrity: String

    package init(stem: String, extension ext: String, bytes: [UInt8]) {
        let digest = SHA256.hash(data: bytes)
        let hex = digest.prefix(5).map { String(format: "%02x", $0) }.joined()
        self.name = "\(stem).\(hex).\(ext)"
        self.bytes = bytes
        self.integrity = Self.integrity(of: bytes)
    }

    /// `<stem>.<10 hex of the SHA-256>.<ext>`, the name alone (no integrity value).
    package static func name(stem: String, extension ext: String, bytes: [UInt8]) -> String {
        let hex = SHA256.hash(data: bytes).prefix(5).map { String(format: "%02x", $0) }.joined()
        return "\(stem).\(hex).\(ext)"
    }

    package static func integrity(of bytes: [UInt8]) -> String {
        "sha384-" + Data(SHA384.hash(data: bytes)).base64EncodedString()
    }
}

/// Placard's runtime script and stylesheet, as they go into every bundle.
package struct RuntimeAssets: Sendable {
    package var script: FingerprintedFile
    package var style: FingerprintedFile
    /// The search engine and box (`search.<hash>.js`), in the bundles of widgets with an
    /// index; the runtime loads it on first use (its name and integrity are baked in).
    package var search: FingerprintedFile

    /// The embedded runtime (its stylesheet after the button styles it shares with the app
    /// pages), with the project's `templates/style.css` appended to the CSS and its
    /// `runtimeWords` baked into the script.
    /// The placeholder in runtime.js for the search script's name and integrity.
    static let searchPlaceholder = Array(#"const SEARCH = {"script": "", "integrity": ""};"#.utf8)

    static func bake(_ search: FingerprintedFile, into runtime: [UInt8]) -> [UInt8] {
        guard let range = runtime.firstRange(of: searchPlaceholder) else { return runtime }
        let baked = #"const SEARCH = {"script": "\#(search.name)", "integrity": "\#(search.integrity)"};"#
        var out = runtime
        out.replaceSubrange(range, with: Array(baked.utf8))
        return out
    }

    package init(stylesheet: TextFile?, words: RuntimeWords = RuntimeWords()) {
        search = FingerprintedFile(stem: "search", extension: "js", bytes: words.bakeSearch(into: PackageResources.search_js))
        let runtime = words.bake(into: PackageResources.runtime_js)
        script = FingerprintedFile(stem: "runtime", extension: "js", bytes: Self.bake(search, into: runtime))
        var css = PackageResources.buttons_css + PackageResources.runtime_css
        if let stylesheet {
            css += Array("\n/* templates/style.css */\n".utf8) + Array(stylesheet.text.utf8)
        }
        style = FingerprintedFile(stem: "style", extension: "css", bytes: css)
    }
}
