import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import PlacardVerify
import Testing

/// Issue 21 §3: the build applies the bounds verify applies, so a build that succeeds verifies
/// clean, and a script too large for `scripts:` says so instead of "cannot be read".
@Suite("Size bounds the build shares with verify")
struct BundleSizeBoundTests {
    /// A sparse file of `size` bytes (nothing is written; the size is what is checked).
    func sparse(_ path: String, size: Int) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }

    @Test func aJavaScriptAssetOver32MiBFailsTheBuildAsVerifyWould() throws {
        var files = TestSupport.widget()
        files["placard.yml"] = "hosting: static-app\n"
        let root = TestSupport.project(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try sparse(root + "/content/w/big.js", size: VerifyInput.maximumScannedSize + 1)
        // A binary file of that size is not text verify reads: it stays a plain asset.
        try sparse(root + "/content/w/video.mp4", size: VerifyInput.maximumScannedSize + 1)
        let report = Pipeline.build(Project(root: root))
        let found = report.findings.filter { $0.rule == Rule.pathTooLarge.id }
        #expect(found.map(\.location?.file) == ["content/w/big.js"])
        #expect(found.first?.message.contains("verify, check and package read HTML, CSS, JavaScript and JSON files of at most 32 MiB") == true)
        #expect(!report.wrote)
    }

    @Test func aScriptOver16MiBNamesTheSizeRule() throws {
        var files = TestSupport.widget(extra: "scripts: [huge.js]\noptions:\n  iconName: fa-book\n")
        files["placard.yml"] = "hosting: static-app\n"
        let root = TestSupport.project(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try sparse(root + "/content/w/huge.js", size: (16 << 20) + 1)
        let report = Pipeline.build(Project(root: root))
        let messages = report.findings.filter { $0.rule == Rule.frontmatterScriptsInvalid.id }.map(\.message)
        #expect(messages == ["scripts: 'huge.js' is larger than 16 MiB, the most a script of a widget may have"])
    }
}
