import Foundation

/// Text with position markers (`1️⃣`, `2️⃣`, …), in the style of swift-format's tests: a
/// fixture says *where* a finding belongs by a marker at that spot, and the expectation
/// names the marker (`content/w/index.md:1️⃣: error: …`) instead of a hand-counted
/// `line:column` that silently goes stale when the fixture is edited.
///
/// Lines and columns are 1-based; a column counts UTF-8 bytes, as Placard's findings do.
/// `\n` and `\r\n` end a line.
public struct MarkedText: Sendable {
    /// The markers, in order; a fixture may use any of them once.
    public static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"]

    /// The text without its markers.
    public let text: String
    /// Marker → `line:column` where it stood.
    public let locations: [String: String]

    /// `lineOffset` is added to every line (text that is a part of a file, such as front
    /// matter whose first line is the file's second).
    public init(_ marked: String, lineOffset: Int = 0) {
        var text = "", locations: [String: String] = [:]
        var line = 1 + lineOffset, column = 1
        for character in marked {
            if Self.markers.contains(String(character)) {
                locations[String(character)] = "\(line):\(column)"
                continue
            }
            text.append(character)
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.utf8.count
            }
        }
        self.text = text
        self.locations = locations
    }

    /// `line:column` of `marker` (of the first marker when none is named).
    public subscript(marker: String) -> String { locations[marker] ?? "?:?" }
    public var location: String { self["1️⃣"] }

    /// Whether `text` holds any marker (files without one are left as they are).
    public static func hasMarkers(_ text: String) -> Bool { markers.contains { text.contains($0) } }

    /// `expected` with each `path:<marker>` replaced by `path:line:column`, from the marked
    /// files (project-relative path → their `MarkedText`).
    public static func expand(_ expected: String, files: [String: MarkedText]) -> String {
        var out = expected
        for (path, marked) in files {
            for (marker, location) in marked.locations {
                out = out.replacingOccurrences(of: "\(path):\(marker)", with: "\(path):\(location)")
            }
        }
        return out
    }

    /// The reverse of `expand`: each `path:line:column` that a marker of that file stands
    /// for is written as `path:<marker>` (for regenerating expectations).
    public static func collapse(_ printed: String, files: [String: MarkedText]) -> String {
        var out = printed
        for (path, marked) in files {
            for (marker, location) in marked.locations {
                out = out.replacingOccurrences(of: "\(path):\(location):", with: "\(path):\(marker):")
            }
        }
        return out
    }

    /// Strips the markers from every text file under `root` that has any, returning the
    /// marked files by path relative to `root`.
    public static func stripFiles(under root: String) throws -> [String: MarkedText] {
        var files: [String: MarkedText] = [:]
        for relative in FileManager.default.subpaths(atPath: root) ?? [] {
            let path = root + "/" + relative
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8), hasMarkers(text) else { continue }
            let marked = MarkedText(text)
            try Data(marked.text.utf8).write(to: URL(fileURLWithPath: path))
            files[relative] = marked
        }
        return files
    }
}
