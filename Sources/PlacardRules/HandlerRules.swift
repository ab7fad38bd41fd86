import Foundation

/// What Bitrix24 accepts as a placement HANDLER (docs/platform.md §2.1): an absolute http(s) URL whose
/// host contains a dot and is reachable from the internet.
///
/// Exists so that `baseURL` in `placard.yml` and HANDLER in `placement.json` are judged alike.
public enum HandlerRules {
    /// The longest HANDLER (and `baseURL`) Placard accepts, in characters. Bitrix24 does not
    /// document its own limit (docs/platform.md §2.1); 2,000 is the common URL limit of
    /// browsers and proxies, far above any real address.
    public static let maxLength = 2000

    /// Problems with `handler`; a relative handler is fine only when `relativeAllowed`.
    /// Whatever its form, a handler is refused when it is too long or holds what a URL
    /// cannot hold as it is (spaces, quotes, `<>`, control characters), and when it has a
    /// query or a fragment: every HANDLER is `<baseURL><widget-id>/`, so a query or fragment
    /// in `baseURL` would make every widget open the same page.
    public static func check(_ handler: String, relativeAllowed: Bool) -> [Finding] {
        if handler.isEmpty { return [Finding(.handlerMissing, "HANDLER is empty; placement.bind needs the widget's URL")] }
        let shown = DisplayText.escaped(handler.count > 120 ? String(handler.prefix(120)) + "…" : handler)
        if handler.count > maxLength {
            return [Finding(.handlerSyntax, "HANDLER '\(shown)' is \(handler.count) characters long; Placard accepts at most \(maxLength) (use a shorter public URL of dist/)")]
        }
        if let bad = handler.unicodeScalars.first(where: isForbidden) {
            let what = bad == " " ? "a space" : "'\(DisplayText.escaped(String(bad)))'"
            return [Finding(.handlerSyntax, "HANDLER '\(shown)' contains \(what), which a URL cannot hold as it is; write the public URL of dist/ without it (percent-encode it if it is really part of the path)")]
        }
        if let mark = handler.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            let part = handler[mark] == "?" ? "a query" : "a fragment"
            return [Finding(.handlerSyntax, "HANDLER '\(shown)' has \(part) ('\(DisplayText.escaped(String(handler[mark...])))'); a HANDLER is the URL of the widget's folder, <baseURL><widget-id>/, and a query or fragment in baseURL would follow the host instead of the folder, so every widget would open the same page; remove it")]
        }
        guard let schemeEnd = handler.range(of: "://") else {
            if let scheme = Self.scheme(of: handler) {
                return [Finding(.handlerScheme, "HANDLER '\(shown)' has scheme '\(DisplayText.escaped(scheme))'; Bitrix24 accepts only https (or http) handlers")]
            }
            if relativeAllowed { return [] }
            return [Finding(.handlerRelative,
                            "HANDLER '\(shown)' is relative; placement.bind needs an absolute https URL (set baseURL in placard.yml, or verify with --static-app when install.html resolves it)")]
        }
        let scheme = handler[..<schemeEnd.lowerBound].lowercased()
        let rest = handler[schemeEnd.upperBound...]
        let hostPort = String(rest.prefix { $0 != "/" })
        var findings: [Finding] = []
        switch scheme {
        case "https": break
        case "http":
            findings.append(Finding(.handlerHttp, "HANDLER '\(shown)' uses http; the local-app form and the docs expect https"))
        default:
            return [Finding(.handlerScheme, "HANDLER '\(shown)' has scheme '\(DisplayText.escaped(scheme))'; Bitrix24 accepts only https (or http) handlers")]
        }
        if hostPort.contains("@") {
            return [Finding(.handlerSyntax, "HANDLER '\(shown)' has a user name or password before '@'; write the public URL of dist/ without it")]
        }
        var host = hostPort
        var port: String?
        if host.hasPrefix("[") {
            let end = host.firstIndex(of: "]") ?? host.index(before: host.endIndex)
            let after = host[host.index(after: end)...]
            if after.hasPrefix(":") { port = String(after.dropFirst()) }
            host = String(host[...end])
        } else if let colon = host.lastIndex(of: ":") {
            port = String(host[host.index(after: colon)...])
            host = String(host[..<colon])
        }
        host = host.lowercased()
        if let port, !(port.count <= 5 && !port.isEmpty && port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber) && (1...65535).contains(Int(port)!)) {
            return [Finding(.handlerSyntax, "HANDLER '\(shown)' has port '\(DisplayText.escaped(port))'; a port is a number from 1 to 65535")]
        }
        if !host.hasPrefix("["), !host.isEmpty, !isHostName(host) {
            return [Finding(.handlerSyntax, "HANDLER '\(shown)' has host '\(DisplayText.escaped(host))', which is not a host name (letters, digits and '-' in labels separated by dots)")]
        }
        if host.isEmpty {
            findings.append(Finding(.handlerHost, "HANDLER '\(shown)' has no host"))
        } else if host == "localhost" || host.hasSuffix(".localhost") || isIPAddress(host) {
            findings.append(Finding(.handlerHost, "HANDLER '\(shown)' points at '\(host)', which Bitrix24's servers cannot reach; use a public host name"))
        } else if !host.contains(".") || host.hasSuffix(".local") || host.hasSuffix(".internal") {
            findings.append(Finding(.handlerHost, "HANDLER '\(shown)' has host '\(host)'; Bitrix24 requires a public host name with a dot (ERROR_WRONG_HANDLER_URL)"))
        }
        return findings
    }

    /// Characters no URL holds unencoded: controls (C0, DEL, C1, line and paragraph
    /// separators, bidi controls), spaces, quotes, `<>`, backslash, backtick, `{}|^`.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        if DisplayText.needsEscape(scalar) || scalar.properties.isWhitespace { return true }
        return "\"'<>\\`{}|^".unicodeScalars.contains(scalar)
    }

    /// `javascript` of `javascript:alert(1)`: the scheme of a URL without `//`, or nil when
    /// the text does not start with `letter (letter | digit | + - .)* :`.
    static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon]
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return nil }
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) }
        return allowed ? String(name) : nil
    }

    /// Labels of letters, digits and `-` (not at either end; any non-ASCII letter counts, for
    /// internationalised names) separated by single dots; a trailing dot is allowed.
    static func isHostName(_ host: String) -> Bool {
        var labels = host.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.last == "" { labels.removeLast() }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { !$0.isASCII || $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }
        }
    }

    /// `scheme://host[:port]` of an absolute URL, or nil.
    public static func origin(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let hostPort = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return url[..<schemeEnd.lowerBound].lowercased() + "://" + hostPort.lowercased()
    }

    static func isIPAddress(_ host: String) -> Bool {
        if host.hasPrefix("[") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}

extension HandlerRules {
    /// The lower-cased host of an absolute or protocol-relative URL (`[::1]` keeps its
    /// brackets), or nil when `url` has no authority part.
    public static func host(of url: String) -> String? {
        let bytes = Array(url.utf8)
        var start: Int?
        if bytes.count >= 2, bytes[0] == 0x2F, bytes[1] == 0x2F {
            start = 2
        } else {
            var i = 0
            while i + 2 < bytes.count, bytes[i] != 0x2F, bytes[i] != 0x3F, bytes[i] != 0x23 {
                if bytes[i] == 0x3A, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F { start = i + 3; break }
                i += 1
            }
        }
        guard var from = start else { return nil }
        var end = from
        while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23 { end += 1 }
        if let at = bytes[from..<end].lastIndex(of: 0x40) { from = at + 1 }
        var stop = end
        if from < end, bytes[from] == 0x5B {
            stop = (bytes[from..<end].firstIndex(of: 0x5D) ?? end - 1) + 1
        } else if let colon = bytes[from..<end].lastIndex(of: 0x3A) {
            stop = colon
        }
        return String(decoding: bytes[from..<min(stop, end)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether `host` names this machine (`localhost`, `127.0.0.0/8`, `::1`, `0.0.0.0`):
    /// a page that loads from it works on the author's machine and nowhere else.
    public static func isLoopback(host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host == "0.0.0.0" { return true }
        if host == "[::1]" || host == "[0:0:0:0:0:0:0:1]" || host == "[::]" { return true }
        return isIPAddress(host) && host.hasPrefix("127.")
    }

    /// Whether Bitrix24 loads `url` with a plain GET instead of a form POST: the handler is
    /// on a Bitrix24-hosted static-app host (`CRestUtil::isStatic`, docs/platform.md §3.1).
    public static func isBitrix24StaticHost(_ url: String) -> Bool {
        guard let host = host(of: url), url.lowercased().hasPrefix("http") else { return false }
        if host.hasSuffix(".apps-bitrix24.com") || host.hasSuffix(".bitrix24-cdn.com") || host.contains("cdn.bitrix24.") || host.hasSuffix("app.bitrix24.com") {
            return true
        }
        return host.hasPrefix("upload-") && host.hasSuffix(".s3.amazonaws.com") && url.contains("/app_local/")
    }

    /// The bundle folder a HANDLER opens: its last path segment (`…/handbook/` →
    /// `handbook`; `…/handbook/index.html` → `handbook`; query and fragment ignored), or nil
    /// for a host's root. The verifier files `placements.json` entries by it and the
    /// preview server names its widgets by it, so both read a HANDLER the same way.
    public static func folder(ofHandler handler: String) -> String? {
        var path = Substring(handler)
        if let scheme = path.firstRange(of: "://") {
            path = path[scheme.upperBound...]
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = path[slash...]
        }
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        let segments = path.split(separator: "/").filter { $0 != "." }
        guard let last = segments.last else { return nil }
        if !path.hasSuffix("/"), last.contains(".") { return segments.dropLast().last.map(String.init) }
        return String(last)
    }
}
