import Foundation
import PlacardCore
import PlacardRules
import PlacardSystem
import Testing
@testable import PlacardVerify

/// verify's checks of the search index: every chunk, map, page and the search script an
/// entry, map or runtime names exists, and every file matches the hash it is named by.
@Suite("Search index checks")
struct SearchIndexTests {
    /// The example project built into a temporary folder: every widget of more than one page
    /// (handbook, team, message-tool) has an index, as search is on by default.
    static func built() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let fm = FileManager.default
        let site = folder.path + "/site"
        try fm.createDirectory(atPath: site, withIntermediateDirectories: true)
        for item in ["placard.yml", "content", "templates"] {
            try fm.copyItem(atPath: Fixtures.repository + "/" + item, toPath: site + "/" + item)
        }
        let build = Pipeline.build(Project(root: site, output: folder.path + "/dist"))
        try #require(build.succeeded, "\(build.findings)")
        return (folder, folder.path + "/dist")
    }

    static func files(_ dist: String, _ folder: String, prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dist + "/" + folder).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func rules(_ dist: String) throws -> [String] {
        try Verifier().verify(directory: dist).findings.map(\.rule).filter { $0.hasPrefix("search.") }
    }

    @Test func everyMultiPageWidgetOfTheExampleHasACleanIndex() throws {
        let (folder, dist) = try Self.built()
        defer { folder.remove() }
        for widget in ["handbook", "message-tool", "team"] {
            #expect(FileManager.default.fileExists(atPath: "\(dist)/\(widget)/search/index.json"), "\(widget)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(dist)/quick-replies/search"), "one page, no index")
        #expect(try Self.files(dist, "handbook/search", prefix: "").sorted() == ["de", "en", "index.json"])
        #expect(try Self.rules(dist) == [])
    }

    @Test func aChangedChunkOrMapIsAHashMismatch() throws {
        let (folder, dist) = try Self.built()
        defer { folder.remove() }
        let chunk = try #require(try Self.files(dist, "handbook/search/en", prefix: "t.").first)
        let map = try #require(try Self.files(dist, "handbook/search/de", prefix: "m.").first)
        for path in ["handbook/search/en/" + chunk, "handbook/search/de/" + map] {
            let handle = try #require(FileHandle(forWritingAtPath: dist + "/" + path))
            handle.seekToEndOfFile()
            handle.write(Data("x".utf8))
            handle.closeFile()
        }
        let findings = try Verifier().verify(directory: dist).findings.filter { $0.rule == "search.index.hash" }
        let files: Set<String> = Set(findings.map { $0.location?.file ?? "" })
        let expected: Set<String> = ["dist/handbook/search/en/" + chunk, "dist/handbook/search/de/" + map]
        #expect(files == expected)
    }

    @Test func aMissingChunkMapPageOrScriptIsReported() throws {
        let (folder, dist) = try Self.built()
        defer { folder.remove() }
        let fm = FileManager.default
        try fm.removeItem(atPath: dist + "/team/search/en/" + (try #require(try Self.files(dist, "team/search/en", prefix: "t.").first)))
        // A page a map names: results would link to it, and its excerpt is cut from it.
        let map = try #require(try Self.files(dist, "handbook/search/en", prefix: "m.").first)
        let line = try #require(try String(contentsOfFile: dist + "/handbook/search/en/" + map, encoding: .utf8).split(separator: "\n").last)
        let page = String(line.prefix { $0 != "\t" })
        try fm.removeItem(atPath: dist + "/handbook/" + page)
        try fm.removeItem(atPath: dist + "/message-tool/search/en/" + (try #require(try Self.files(dist, "message-tool/search/en", prefix: "m.").first)))
        try fm.removeItem(atPath: dist + "/handbook/" + (try #require(try Self.files(dist, "handbook", prefix: "search.").first)))
        let findings = try Verifier().verify(directory: dist).findings.filter { $0.rule == "search.index.missing" }
        let files = findings.map { $0.location?.file ?? "" }
        #expect(files.contains { $0.hasSuffix("team/search/index.json") }, "entry → chunk")
        #expect(files.contains { $0.hasSuffix("message-tool/search/index.json") }, "entry → map")
        #expect(findings.contains { $0.location?.file.contains("handbook/search/en/m.") == true && $0.message.contains("dist/handbook/" + page) }, "map → page")
        #expect(files.contains { $0.contains("handbook/runtime.") }, "runtime → search script")
        #expect(findings.count == 4, "\(findings)")
    }

    @Test func aChangedSearchScriptOrABrokenEntryIsReported() throws {
        let (folder, dist) = try Self.built()
        defer { folder.remove() }
        let script = try #require(try Self.files(dist, "team", prefix: "search.").first)
        try Data("window.__placardSearch = null;\n".utf8).write(to: URL(fileURLWithPath: dist + "/team/" + script))
        try Data(#"{"version":2,"languages":{}}"#.utf8).write(to: URL(fileURLWithPath: dist + "/handbook/search/index.json"))
        try Data(#"{"version":2,"map":512,"languages":{"en":{"pages":3,"chunks":[["b","0123456789"],["a","0123456789"]],"maps":[]}}}"#.utf8)
            .write(to: URL(fileURLWithPath: dist + "/message-tool/search/index.json"))
        let findings = try Verifier().verify(directory: dist).findings
        #expect(findings.contains { $0.rule == "search.index.hash" && $0.location?.file.contains("team/runtime.") == true })
        #expect(findings.contains { $0.rule == "search.index.invalid" && $0.location?.file.hasSuffix("handbook/search/index.json") == true })
        let messageTool = findings.filter { $0.location?.file.hasSuffix("message-tool/search/index.json") == true }.map(\.message)
        #expect(messageTool.contains { $0.contains("do not start with \"\" and ascend") })
        #expect(messageTool.contains { $0.contains("need 1 maps, not 0") })
    }

    @Test func aPageReferencingAMissingEntryIsARefMissing() throws {
        let (folder, dist) = try Self.built()
        defer { folder.remove() }
        try FileManager.default.removeItem(atPath: dist + "/team/search/index.json")
        let findings = try Verifier().verify(directory: dist).findings.filter { $0.rule == "ref.missing" }
        #expect(findings.contains { $0.location?.file.hasSuffix("team/index.html") == true && $0.message.contains("search/index.json") })
    }

    @Test func everyLineOfAPageMapIsAPathInsideTheBundleThatExists() {
        let map = Array("p1.html\tOne\nsub/p%202.html\tTwo\n\nnotab\n/abs.html\tX\na/../p1.html\tY\n..\tZ\ngone.html\tW\nx..y.html\tV\n".utf8)
        let path = "w/search/en/m.\(SearchIndexChecks.hash(map)).txt"
        let input = VerifyInput.memory(["w/p1.html": [], "w/sub/p 2.html": [], "w/x..y.html": [], path: map])
        let findings = SearchIndexChecks.check(SourceFile(path: path, display: "dist/" + path, bytes: map), input: input)
        #expect(findings.map(\.rule) == ["search.index.invalid", "search.index.invalid", "search.index.invalid", "search.index.invalid", "search.index.missing"])
        #expect(findings.compactMap(\.location?.line) == [4, 5, 6, 7, 8], "one finding per bad line, on its line")
    }
}
