import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing
import PlacardReport

/// Problems that cannot live in a committed fixture: bad bytes, symlinks, permissions.
@Suite("File problems")
struct FileProblemTests {
    func build(_ root: String) -> (BuildReport, String) {
        let report = Pipeline.build(Project(root: root))
        return (report, DiagnosticPrinter(color: false).render(report.findings))
    }

    @Test func nonUTF8IsReportedWithItsPosition() throws {
        let root = TestSupport.project(TestSupport.widget())
        let bytes = Array("---\ntitle: P\n---\nCaf".utf8) + [0xE9] + Array(" au lait\n".utf8)
        FileManager.default.createFile(atPath: root + "/content/w/page.md", contents: Data(bytes))
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text.contains("content/w/page.md:4:4: error: content/w/page.md is not valid UTF-8 (first bad byte at line 4, column 4); save it as UTF-8 [file.encoding]"))
    }

    @Test func symlinkEscapingTheProjectIsRefused() throws {
        let root = TestSupport.project(TestSupport.widget())
        try FileManager.default.createSymbolicLink(atPath: root + "/content/w/secret.txt", withDestinationPath: "/etc/passwd")
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text.contains("content/w/secret.txt: error: content/w/secret.txt is a symlink to '/etc/passwd', outside the project; copy the file into the project instead [path.escape]"))
        #expect(!FileManager.default.fileExists(atPath: root + "/dist"))
    }

    @Test func symlinkInsideTheProjectIsFollowed() throws {
        let root = TestSupport.project(TestSupport.widget(body: "![logo](logo.svg)\n"))
        TestSupport.write(["assets/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"], into: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/content/w/logo.svg", withDestinationPath: root + "/assets/logo.svg")
        let (report, text) = build(root)
        #expect(report.succeeded, "\(text)")
        #expect(FileManager.default.fileExists(atPath: root + "/dist/w/logo.svg"))
    }

    @Test func missingContentFolderIsExplained() {
        let root = TestSupport.project([:])
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text.contains("content: error: no content/ folder in"))
        #expect(text.contains("run 'placard init' [project.content.missing]"))
    }

    @Test func missingTemplatesFolderIsExplained() {
        let root = TestSupport.project(TestSupport.widget(), copyTemplates: false)
        let (_, text) = build(root)
        #expect(text.contains("templates: error: no templates/ folder in"))
    }
}
