import Foundation
import PlacardTestSupport
import Hummingbird
import HummingbirdTesting
import PlacardCore
import Testing
@testable import PlacardServe
import PlacardSystem

@Suite("Serving during full rebuilds")
struct RebuildStormTests {
    /// Full rebuilds (as a `_shared/`, template or config change causes) run back to back on
    /// one thread while requests for files and preview pages that exist in every version
    /// go on: the output folder is swapped atomically, so none of them may be a 404.
    @Test func noFileGoesMissingDuringARebuildStorm() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, live, _) = project.app()
        let rebuilds = 40
        let finished = Locked(false)
        let thread = Thread {
            var rebuilder = Rebuilder(project: project.project, live: live, print: { _ in })
            rebuilder.initialBuild()
            for _ in 0..<rebuilds { rebuilder.apply(.full) }
            finished.withLock { $0 = true }
        }
        let paths = ["/help/", "/help/guide.html", "/help/logo.svg", "/placements.json", "/snippets/", "/_placard/preview/help", "/_placard/preview/tool"]
        let started = Date()
        thread.start()
        let (requests, failures) = try await app.test(.router) { client -> (Int, [String]) in
            var requests = 0, failures: [String] = []
            while !finished.current, Date().timeIntervalSince(started) < 120 {
                for path in paths {
                    let response = try await client.execute(uri: path, method: .get)
                    requests += 1
                    if response.status != .ok { failures.append("\(response.status.code) \(path)") }
                }
            }
            return (requests, failures)
        }
        #expect(finished.current)
        #expect(live.status.generation >= rebuilds)
        #expect(requests >= paths.count)
        #expect(failures.isEmpty, "\(failures.count) of \(requests) requests failed: \(failures.prefix(5))")
    }

    @Test func exchangeSwapsTwoFoldersAtomically() throws {
        let root = TestSupport.temporaryFolder("placard-exchange")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/b", withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: root + "/a/x"))
        try Data("new".utf8).write(to: URL(fileURLWithPath: root + "/b/x"))
        #if os(Linux)
        #expect(try FileSystem.exchange(root + "/a", root + "/b"))
        #expect(try String(contentsOfFile: root + "/a/x", encoding: .utf8) == "new")
        #expect(try String(contentsOfFile: root + "/b/x", encoding: .utf8) == "old")
        #expect(throws: FileSystem.Error.self) { try FileSystem.exchange(root + "/a", root + "/missing") }
        #endif
    }
}
