import Foundation

/// What Bitrix24 accepts as a placement HANDLER (spec §2.1): an absolute http(s) URL whose
/// host contains a dot and is reachable from the internet.
///
/// Exists so that `baseURL` in `placard.yml` and HANDLER in `placement.json` are judged alike.
public enum HandlerRules {
    /// Problems with `handler`; a relative handler is fine only when `relativeAllowed`.
    public static func check(_ handler: String, relativeAllowed: Bool) -> [Finding] {
        if handler.isEmpty { return [.error("handler.missing", "HANDLER is empty; placement.bind needs the widget's URL")] }
        guard let schemeEnd = handler.range(of: "://") else {
            if relativeAllowed { return [] }
            return [.error("handler.relative",
                           "HANDLER '\(handler)' is relative; placement.bind needs an absolute https URL (set baseURL in placard.yml, or verify with --static-app when install.html resolves it)")]
        }
        let scheme = handler[..<schemeEnd.lowerBound].lowercased()
        let rest = handler[schemeEnd.upperBound...]
        let hostPort = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var host = String(hostPort)
        if host.hasPrefix("[") { host = String(host.prefix { $0 != "]" }) + "]" } else if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        host = host.lowercased()
        var findings: [Finding] = []
        switch scheme {
        case "https": break
        case "http":
            findings.append(.warning("handler.http", "HANDLER '\(handler)' uses http; the local-app form and the docs expect https"))
        default:
            return [.error("handler.scheme", "HANDLER '\(handler)' has scheme '\(scheme)'; Bitrix24 accepts only https (or http) handlers")]
        }
        if host.isEmpty {
            findings.append(.error("handler.host", "HANDLER '\(handler)' has no host"))
        } else if host == "localhost" || host.hasSuffix(".localhost") || isIPAddress(host) {
            findings.append(.error("handler.host", "HANDLER '\(handler)' points at '\(host)', which Bitrix24's servers cannot reach; use a public host name"))
        } else if !host.contains(".") || host.hasSuffix(".local") || host.hasSuffix(".internal") {
            findings.append(.error("handler.host", "HANDLER '\(handler)' has host '\(host)'; Bitrix24 requires a public host name with a dot (ERROR_WRONG_HANDLER_URL)"))
        }
        return findings
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
