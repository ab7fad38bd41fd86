import PlacardRules
import PlacardSystem

/// Resolves the `href`/`src`/`url()` references of one file against the input's file list.
///
/// Exists so that "every local reference resolves inside the bundle, nothing points at
/// `file:` or this machine, and scripts come only from the bundle or the BX24 library" is
/// decided in one place for HTML and CSS alike.
struct ReferenceResolver: Sendable {
    let input: VerifyInput
    /// `nil`: any https URL whose path contains `/api/v1/` is the BX24 library.
    let bx24Script: String?

    enum ReferenceResolution {
        /// Not a local file (a fragment, `mailto:`, an external link…), or fine as it is.
        case ignore
        /// An existing local file, relative to the input.
        case local(String)
        case finding(Finding)
    }

    /// Whether `url` loads the BX24 library: exactly `--bx24-script` when given, otherwise
    /// an absolute https URL whose path contains `/api/v1/` (the default is
    /// `https://api.bitrix24.com/api/v1/`).
    func isBX24(_ url: String) -> Bool {
        let url = url.trimmingASCIIWhitespace
        if let bx24Script { return url == bx24Script }
        let bytes = Array(url.utf8)
        let scheme = Array("https://".utf8)
        guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) else { return false }
        var i = scheme.count
        guard bytes[i] != 0x2F else { return false }
        while i < bytes.count, bytes[i] != 0x2F, bytes[i] != 0x3F, bytes[i] != 0x23 { i += 1 }
        var end = i
        while end < bytes.count, bytes[end] != 0x3F, bytes[end] != 0x23 { end += 1 }
        let needle = Array("/api/v1/".utf8)
        guard end - i >= needle.count else { return false }
        return (i...(end - needle.count)).contains { k in bytes[k..<k + needle.count].elementsEqual(needle) }
    }

    /// Whether `url` is the official b24jssdk as its documentation loads it:
    /// `https://unpkg.com/@bitrix24/b24jssdk@<version>/dist/umd/index.min.js` (the version may
    /// be left out). The SDK does the frame handshake itself (from `window.name`), so a page
    /// that loads it needs no BX24.js.
    static func isFrameSDK(_ url: String) -> Bool {
        let text = url.trimmingASCIIWhitespace.lowercased()
        let prefix = "https://unpkg.com/@bitrix24/b24jssdk", suffix = "/dist/umd/index.min.js"
        guard text.hasPrefix(prefix) else { return false }
        var rest = Substring(text.dropFirst(prefix.count))
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        guard rest.hasSuffix(suffix) else { return false }
        let version = rest.dropLast(suffix.count)
        if version.isEmpty { return true }
        return version.first == "@" && version.count > 1
            && version.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-+~^".contains($0)) }
    }

    /// Resolves `raw`, written at byte `offset` of `file` (in the folder `folder`), which
    /// lives under `root` (a bundle folder, or "" for the app pages at the top of the input).
    func resolve(_ raw: String, in file: SourceFile, folder: String, at offset: Int, root: String, isScript: Bool) -> ReferenceResolution {
        // Most references of a built page are plain relative paths (`p00002.html`,
        // `../_shared/app.css`): no scheme, query, fragment, escape or space to take apart.
        if Self.isPlainRelative(raw) {
            return local(raw, decoded: raw, in: file, folder: folder, at: offset, root: root)
        }
        let url = raw.trimmingASCIIWhitespace
        if url.isEmpty || url.utf8.first == UInt8(ascii: "#") { return .ignore }
        if let scheme = Self.scheme(of: url) {
            switch scheme {
            case "file":
                return .finding(Finding(.refFileUrl, "'\(url)' is a file: URL, which works only on the machine that wrote it; copy the file into the bundle and refer to it relatively", at: file.location(offset)))
            case "http", "https":
                return remote(url, in: file, at: offset, isScript: isScript)
            default:
                return .ignore
            }
        }
        // Byte checks: `hasPrefix` compares characters, which costs more per link than the rest.
        let first = url.utf8.first, second = url.utf8.dropFirst().first
        if first == UInt8(ascii: "/"), second == UInt8(ascii: "/") { return remote(url, in: file, at: offset, isScript: isScript) }
        if first == UInt8(ascii: "/") || first == UInt8(ascii: "\\") {
            return .finding(Finding(.refRootRelative, "'\(url)' is relative to the host's root, so it breaks unless \(input.label)/ is served at the root of its host; use a path relative to the page", at: file.location(offset)))
        }
        var path = Substring(url)
        if let cut = path.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) { path = path[..<cut] }
        let decoded = PercentEncoding.decode(path)
        if decoded.isEmpty { return .ignore }
        return local(url, decoded: decoded, in: file, folder: folder, at: offset, root: root)
    }

    /// A relative reference `url` whose path is `decoded` (without query and fragment).
    private func local(_ url: String, decoded: String, in file: SourceFile, folder: String, at offset: Int, root: String) -> ReferenceResolution {
        guard let target = Path.normalize(folder.isEmpty ? decoded : folder + "/" + decoded),
              root.isEmpty || Self.isInside(target, root) else {
            let scope = root.isEmpty ? "\(input.label)/" : input.display(root) + "/"
            return .finding(Finding(.refOutside, "'\(url)' leads outside \(scope); a bundle must be self-contained: copy the file in, or put it in content/_shared/", at: file.location(offset)))
        }
        if input.files[target] != nil { return .local(target) }
        if target == root || target.isEmpty || input.directories.contains(target) || decoded.hasSuffix("/") {
            let index = target.isEmpty ? "index.html" : target + "/index.html"
            if input.files[index] != nil { return .local(index) }
            return .finding(Finding(.refMissing, "'\(url)' points at the folder \(input.display(target))/, which has no index.html", at: file.location(offset)))
        }
        return .finding(Finding(.refMissing, "'\(url)' points at \(input.display(target)), which does not exist", at: file.location(offset)))
    }

    private func remote(_ url: String, in file: SourceFile, at offset: Int, isScript: Bool) -> ReferenceResolution {
        if let host = HandlerRules.host(of: url), HandlerRules.isLoopback(host: host) {
            return .finding(Finding(.refLoopback, "'\(url)' points at this machine (\(host)), which no one else can reach; copy the file into the bundle", at: file.location(offset)))
        }
        if isScript, !isBX24(url), !Self.isFrameSDK(url) {
            let library = bx24Script ?? BX24Library.officialURL
            return .finding(Finding(.refScriptRemote, "<script src=\"\(url)\"> loads a script from another host; a bundle may load only the BX24 library (\(library)) or the official b24jssdk (https://unpkg.com/@bitrix24/b24jssdk@<version>/dist/umd/index.min.js) from outside: copy the script into the bundle", at: file.location(offset)))
        }
        return .ignore
    }

    /// Whether `url` is made of letters, digits, `.`, `_`, `-` and `/` only and does not start
    /// with `/`: a relative path that needs no trimming, decoding or cutting.
    static func isPlainRelative(_ url: String) -> Bool {
        var url = url
        return url.withUTF8 { bytes in
            guard let first = bytes.first, first != UInt8(ascii: "/") else { return false }
            for b in bytes {
                let plain = (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x2D && b <= 0x39) || b == 0x5F // letters, - . / 0-9, _
                if !plain { return false }
            }
            return true
        }
    }

    /// Whether `path` is `root` or inside it.
    static func isInside(_ path: String, _ root: String) -> Bool {
        var path = path, root = root
        return path.withUTF8 { p in
            root.withUTF8 { r in
                guard p.count >= r.count, r.count == 0 || memcmp(p.baseAddress!, r.baseAddress!, r.count) == 0 else { return false }
                return p.count == r.count || p[r.count] == UInt8(ascii: "/")
            }
        }
    }

    /// The lower-cased scheme of an absolute URL (`https`, `mailto`), or nil.
    static func scheme(of url: String) -> String? {
        var length = 0
        var url = url
        return url.withUTF8 { bytes -> String? in
            for byte in bytes {
                if byte == UInt8(ascii: ":") {
                    guard length > 0 else { return nil }
                    return String(decoding: bytes.prefix(length).map { $0 | 0x20 }, as: UTF8.self)
                }
                let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                let other = (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
                guard letter || (length > 0 && other) else { return nil }
                length += 1
            }
            return nil
        }
    }
}

extension String {
    var trimmingASCIIWhitespace: String {
        if let first = utf8.first, let last = utf8.last, !HTMLScan.isSpace(first), !HTMLScan.isSpace(last) { return self }
        let isSpace = { (c: Character) in c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\r\n" || c == "\u{0C}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
