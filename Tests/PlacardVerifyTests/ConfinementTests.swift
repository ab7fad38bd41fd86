import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import PlacardVerify
import Testing

import PlacardSystem

/// The verifier reads only what is inside the verified folder: a symlink out of it is an
/// error at the link and is not followed, and nothing but regular files is opened.
@Suite("Verify confinement", .timeLimit(.minutes(5)))
struct ConfinementTests {
    func builtExample() -> String {
        let root = TestSupport.exampleProject()
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded)
        return root
    }

    @Test func aSymlinkOutOfTheFolderIsAnErrorAndNotRead() throws {
        let root = builtExample()
        try FileManager.default.createSymbolicLink(atPath: root + "/dist/handbook/etc", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: root + "/dist/handbook/passwd.txt", withDestinationPath: "/etc/passwd")
        let report = try Verifier(options: VerifyOptions()).verify(directory: root + "/dist")
        let outside = report.findings.filter { $0.rule == "structure.file.outside" }.map(Expected.init)
        #expect(outside == [
            .error("structure.file.outside", at: "dist/handbook/etc", "this symlink leads to '/etc', outside the verified folder, and was not read; put the file itself into the output"),
            .error("structure.file.outside", at: "dist/handbook/passwd.txt", "this symlink leads to '/etc/passwd', outside the verified folder, and was not read; put the file itself into the output"),
        ])
        let handbook = try #require(report.bundles.first { $0.id == "handbook" })
        #expect(handbook.bytes < 1_000_000, "the link to /etc is not counted")
    }

    @Test func symlinksInsideTheFolderAreFollowed() throws {
        let root = builtExample()
        try FileManager.default.createSymbolicLink(atPath: root + "/dist/handbook/again.html", withDestinationPath: "index.html")
        let report = try Verifier(options: VerifyOptions()).verify(directory: root + "/dist")
        #expect(!report.findings.contains { $0.rule == "structure.file.outside" })
    }

    @Test func aFifoIsNeverOpened() throws {
        let root = builtExample()
        #expect(mkfifo(root + "/dist/handbook/pipe.html", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: root + "/dist/team/linked.html", withDestinationPath: "../handbook/pipe.html")
        let report = try Verifier(options: VerifyOptions()).verify(directory: root + "/dist")
        #expect(report.bundles.count == 4)
    }

    @Test func theMarkerIsNoFinding() throws {
        let root = builtExample()
        #expect(FileManager.default.fileExists(atPath: root + "/dist/" + OutputFolder.markerName))
        let report = try Verifier(options: VerifyOptions()).verify(directory: root + "/dist")
        #expect(!report.findings.contains { $0.location?.file.contains(OutputFolder.markerName) ?? false })
    }
}

/// verify reads no file over `VerifyInput.maximumScannedSize`: such a text file is an
/// error at the file, and it is not hashed for an `integrity` check.
@Suite("Verify size limit", .timeLimit(.minutes(5)))
struct VerifySizeLimitTests {
    @Test func aTextFileOverTheLimitIsAnErrorAndNotRead() throws {
        let root = TestSupport.exampleProject()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(Pipeline.build(Project(root: root)).succeeded)
        let path = root + "/dist/handbook/huge.js"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(ftruncate(fd, off_t(VerifyInput.maximumScannedSize + 1)) == 0)
        close(fd)
        let report = try Verifier(options: VerifyOptions(budget: Int.max)).verify(directory: root + "/dist")
        #expect(report.findings.filter { $0.severity != .note }.map(Expected.init) == [
            .error("structure.file.too-large", at: "dist/handbook/huge.js",
                   "this file has 33554433 bytes; verify reads text files (HTML, CSS, JS, JSON) of at most 33554432 bytes, and a widget's page or script should be far smaller"),
        ])
    }
}
