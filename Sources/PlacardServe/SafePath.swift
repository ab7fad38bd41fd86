import PlacardSystem

/// Maps a raw request path to a file path inside the output folder, or refuses it.
///
/// Exists because the preview server hands out files from disk: every segment is
/// percent-decoded once and checked on its own, so `..`, `%2e%2e`, an encoded `/` or `\`,
/// a NUL byte or a hidden name (the writer's `.tmp` staging folders) can never name a
/// file outside `dist/`. Refusals are plain 404s; nothing is "normalized into" the root.
public enum SafePath {
    /// The decoded, `/`-joined relative path, "" for the root, or nil when the path is refused.
    public static func relative(_ rawPath: String) -> String? {
        guard rawPath.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = PercentEncoding.decodeStrictly(raw) else { return nil }
            if segment == "." { continue }
            if segment.isEmpty || segment == ".." || segment.hasPrefix(".") { return nil }
            for scalar in segment.unicodeScalars where scalar == "/" || scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F {
                return nil
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }
}

/// The `Content-Type` of a served file, by extension.
///
/// Exists so that browsers never have to sniff (the server also sends `nosniff`): a
/// widget's scripts, styles, fonts and images must arrive with the type they will in production.
public enum ContentType {
    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json; charset=utf-8",
        "map": "application/json; charset=utf-8", "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8", "xml": "application/xml; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "gif": "image/gif", "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "pdf": "application/pdf", "wasm": "application/wasm", "mp4": "video/mp4",
        "webm": "video/webm", "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav",
        "zip": "application/zip", "csv": "text/csv; charset=utf-8",
    ]

    public static func of(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return types[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
