import Foundation
import PlacardDeploy
import Testing

/// `placard init` writes exactly the repository's `templates/` (the ones the example site is
/// built and tested with): `Sources/PlacardDeploy/ScaffoldTemplates.swift` is generated from
/// them, and this test fails when the two differ.
///
/// `PLACARD_UPDATE_SCAFFOLD=1 swift test --filter ScaffoldTemplateTests` regenerates it.
struct ScaffoldTemplateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let generated = "Sources/PlacardDeploy/ScaffoldTemplates.swift"

    /// `templates/**` of the repository: project-relative path → text, sorted by path.
    static func repositoryTemplates() throws -> [(String, String)] {
        let base = root + "/templates"
        let paths = (FileManager.default.subpaths(atPath: base) ?? []).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isFolder) && !isFolder.boolValue
        }
        return try paths.sorted().map { ("templates/" + $0, try String(contentsOfFile: base + "/" + $0, encoding: .utf8)) }
    }

    /// The Swift source of `ScaffoldTemplates.swift` for these files.
    static func source(_ files: [(String, String)]) throws -> String {
        var out = """
        // Generated from the repository's templates/ by
        // `PLACARD_UPDATE_SCAFFOLD=1 swift test --filter ScaffoldTemplateTests`, which fails when
        // the two differ. Edit templates/, not this file.

        /// The templates of a new project: the repository's own `templates/`, which the example
        /// site is built and tested with.
        ///
        /// Exists as Swift literals because PlacardDeploy has no resource bundle (see `Scaffold`),
        /// generated so that the scaffold cannot drift from the templates the repository tests.
        enum ScaffoldTemplates {
            static let files: [ScaffoldFile] = [

        """
        for (path, text) in files {
            try #require(!text.contains("\"\"\"#") && !text.contains("\\#"), "\(path) cannot be a raw string literal")
            try #require(text.hasSuffix("\n"), "\(path) ends with a newline")
            out += "        ScaffoldFile(\"\(path)\", #\"\"\"\n"
            for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "\n" : "            " + line + "\n"
            }
            out += "\n            \"\"\"#),\n"
        }
        return out + "    ]\n}\n"
    }

    @Test func scaffoldTemplatesAreTheRepositorysTemplates() throws {
        let expected = try Self.source(Self.repositoryTemplates())
        let path = Self.root + "/" + Self.generated
        if ProcessInfo.processInfo.environment["PLACARD_UPDATE_SCAFFOLD"] == "1" {
            try expected.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let current = try String(contentsOfFile: path, encoding: .utf8)
        #expect(current == expected, "templates/ changed: run PLACARD_UPDATE_SCAFFOLD=1 swift test --filter ScaffoldTemplateTests")
        // And what init writes is byte for byte what templates/ holds.
        let scaffold = Scaffold().files.filter { $0.path.hasPrefix("templates/") }
        #expect(scaffold.map(\.path) == (try Self.repositoryTemplates()).map(\.0))
        #expect(scaffold.map(\.text) == (try Self.repositoryTemplates()).map(\.1))
    }
}
