import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import PlacardVerify
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The verifier reads only what is inside the verified folder: a symlink out of it is an
/// error at the link and is not followed, and nothing but regular files is opened.
@Suite("Verify confinement", .timeLimit(.minutes(1)))
struct ConfinementTests {
    func builtExample() -> String {
        let root = TestSupport.exampleProject()
        let report = Builder(project: Project(root: root)).build()
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
