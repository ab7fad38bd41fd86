import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing
import PlacardReport

/// Whole invalid projects as fixtures (Tests/PlacardCoreTests/Fixtures/invalid/<case>/),
/// each with `expected.txt`: the exact diagnostics the build prints. A fixture without its
/// own templates/ gets the repository's. Positions are marked in the fixture's files
/// (`1️⃣`, see `MarkedText`) and named in expected.txt (`content/w/index.md:1️⃣: error: …`);
/// the markers are stripped from the copy that is built. `PLACARD_UPDATE_FIXTURES=1`
/// rewrites expected.txt, with markers where the fixture has them (review the diff).
@Suite("Invalid sites")
struct InvalidSiteTests {
    static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures/invalid").path
    }()

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []).sorted()

    @Test func everyCaseHasExpectations() {
        #expect(Self.cases.count >= 19)
        for name in Self.cases {
            #expect(FileManager.default.fileExists(atPath: "\(Self.fixtures)/\(name)/expected.txt") || ProcessInfo.processInfo.environment["PLACARD_UPDATE_FIXTURES"] != nil, "\(name)")
        }
    }

    @Test(arguments: cases)
    func diagnosticsMatch(_ name: String) throws {
        let root = TestSupport.temporaryFolder("placard-invalid")
        defer { try? FileManager.default.removeItem(atPath: root) }
        TestSupport.copyTree("\(Self.fixtures)/\(name)", to: root + "/project")
        let project = root + "/project"
        if !FileManager.default.fileExists(atPath: project + "/templates") {
            TestSupport.copyTree(TestSupport.repositoryRoot + "/templates", to: project + "/templates")
        } else {
            // Fixture templates override single files of the standard set (in partials/ too).
            let standard = TestSupport.repositoryRoot + "/templates"
            for file in FileManager.default.subpaths(atPath: standard) ?? [] {
                let target = project + "/templates/" + file
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: standard + "/" + file, isDirectory: &isFolder), isFolder.boolValue {
                    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                } else if !FileManager.default.fileExists(atPath: target) {
                    try FileManager.default.copyItem(atPath: standard + "/" + file, toPath: target)
                }
            }
        }
        try? FileManager.default.removeItem(atPath: project + "/expected.txt")
        let marked = try MarkedText.stripFiles(under: project)
        let report = Pipeline.build(Project(root: project))
        let printed = DiagnosticPrinter(color: false).render(report.findings)
        let expectedPath = "\(Self.fixtures)/\(name)/expected.txt"
        if ProcessInfo.processInfo.environment["PLACARD_UPDATE_FIXTURES"] != nil {
            try MarkedText.collapse(printed, files: marked).write(toFile: expectedPath, atomically: true, encoding: .utf8)
        }
        let expected = MarkedText.expand(try String(contentsOfFile: expectedPath, encoding: .utf8), files: marked)
        #expect(printed == expected)
        #expect(report.wrote == !report.findings.hasErrors)
        #expect(FileManager.default.fileExists(atPath: project + "/dist") == report.wrote)
        // No staging folder is left behind (`dist.tmp-<pid>`, or one inside dist/).
        let left = try FileManager.default.contentsOfDirectory(atPath: project).filter { $0.hasPrefix("dist") || $0.hasPrefix(".dist") }
        #expect(left == (report.wrote ? ["dist"] : []))
    }
}
