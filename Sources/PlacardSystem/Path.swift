extension String {
    /// The string with `0`s in front up to `width` characters (`7` → `07`).
    package func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    /// True when every character is one ASCII byte, so byte positions are character positions.
    package var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }
}

/// Path string helpers (no Foundation `URL` in the hot path).
package enum Path {
    package static func join(_ parts: String...) -> String { join(parts) }

    package static func join(_ parts: [String]) -> String {
        var result = ""
        for part in parts where !part.isEmpty {
            if result.isEmpty || part.hasPrefix("/") { result = part; continue }
            result += result.hasSuffix("/") ? part : "/" + part
        }
        return result
    }

    package static func parent(of path: String) -> String {
        if path.isASCII {
            // Every ASCII byte is a character: find the slash among the bytes.
            guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
            return slash == path.utf8.startIndex ? "/" : String(path[..<slash])
        }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    package static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Resolves `.` and `..` in a relative path; nil if it climbs above its start.
    package static func normalize(_ path: String) -> String? {
        if isPlain(path) { return path }
        return resolveDots(path, clampAtStart: false)
    }

    /// The parts of `path` without empty parts, `.` and the parts `..` cancels, joined with
    /// `/`. A `..` with nothing left to cancel makes it nil, or is dropped with
    /// `clampAtStart` (as `/..` is `/`).
    private static func resolveDots(_ path: String, clampAtStart: Bool) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty {
                    if clampAtStart { continue }
                    return nil
                }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The relative path from folder `from` to file `to` (both relative to one root).
    package static func relative(from: String, to: String) -> String {
        if from.isEmpty, isPlain(to) { return to }
        let a = from.split(separator: "/")
        let b = to.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count - 1, a[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: a.count - common)
        return (ups + b[common...].map(String.init)).joined(separator: "/")
    }

    /// True for a relative path whose parts are all names (no empty part, `.` or `..`),
    /// which `normalize` and `relative(from: "", to:)` return unchanged.
    package static func isPlain(_ path: String) -> Bool {
        var length = 0, dots = 0
        var path = path
        return path.withUTF8 { bytes in
            for byte in bytes {
                if byte == UInt8(ascii: "/") {
                    if length == 0 || length == dots && dots <= 2 { return false }
                    length = 0
                    dots = 0
                } else {
                    length += 1
                    if byte == UInt8(ascii: ".") { dots += 1 }
                }
            }
            return length > 0 && !(length == dots && dots <= 2)
        }
    }

    package static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalizeAbsolute(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
        return normalizeAbsolute(cwd + "/" + path)
    }

    private static func normalizeAbsolute(_ path: String) -> String {
        "/" + (resolveDots(path, clampAtStart: true) ?? "")
    }
}
