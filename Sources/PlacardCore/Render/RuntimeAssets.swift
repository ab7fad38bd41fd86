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

    package static func integrity(of bytes: [UInt8]) -> String {
        "sha384-" + Data(SHA384.hash(data: bytes)).base64EncodedString()
    }
}

/// Placard's runtime script and stylesheet, as they go into every bundle.
package struct RuntimeAssets: Sendable {
    package var script: FingerprintedFile
    package var style: FingerprintedFile

    /// The embedded runtime (its stylesheet after the button styles it shares with the app
    /// pages), with the project's `templates/style.css` appended to the CSS and its
    /// `runtimeWords` baked into the script.
    package init(stylesheet: TextFile?, words: RuntimeWords = RuntimeWords()) {
        script = FingerprintedFile(stem: "runtime", extension: "js", bytes: words.bake(into: PackageResources.runtime_js))
        var css = PackageResources.buttons_css + PackageResources.runtime_css
        if let stylesheet {
            css += Array("\n/* templates/style.css */\n".utf8) + Array(stylesheet.text.utf8)
        }
        style = FingerprintedFile(stem: "style", extension: "css", bytes: css)
    }
}
