import Foundation
import PlacardTestSupport
import Testing

/// Runs the real `placard` executable and checks its exit codes and what it prints,
/// in the style of swift-argument-parser's own CLI tests.
@Suite("placard CLI")
struct CLITests {
    static let binaryFolder: String = {
        let candidates: [String] = [Bundle.main.executableURL?.deletingLastPathComponent().path,
                                    Bundle.main.bundleURL.deletingLastPathComponent().path,
                                    TestSupport.repositoryRoot + "/.build/debug"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/placard") } ?? candidates[candidates.count - 1]
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], in folder: String? = nil, environment: [String: String] = ["NO_COLOR": "1"],
             executable: String = "placard") throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryFolder + "/" + executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func buildWithNoArgumentsBuildsTheProjectInTheCurrentFolder() throws {
        let root = TestSupport.exampleProject()
        let result = try run([], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Built 4 widgets, 9 pages ("))
        #expect(FileManager.default.fileExists(atPath: root + "/dist/placements.json"))
    }

    @Test func errorsExitWithOneAndPrintEveryFinding() throws {
        let a = MarkedText("---\n1️⃣placement: IM_SIDEBARR\ntitle: A\n---\n")
        let b = MarkedText("---\nplacement: IM_CONTEXT_MENU\ntitle: B\noptions:\n  1️⃣color: RED\n---\n")
        let root = TestSupport.project([
            "placard.yml": "baseURL: https://w.example.com/\n",
            "content/a/index.md": a.text,
            "content/b/index.md": b.text,
        ])
        let result = try run(["build", "--root", root])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines[0] == "content/a/index.md:\(a.location): error: unknown placement 'IM_SIDEBARR'; valid codes are IM_TEXTAREA, IM_SIDEBAR, IM_CONTEXT_MENU, IM_NAVIGATION, IMMOBILE_CONTEXT_MENU. Did you mean 'IM_SIDEBAR'? [placement.unknown]")
        #expect(lines[1].hasPrefix("content/b/index.md:\(b.location): error: IM_CONTEXT_MENU does not accept OPTIONS key 'color'"))
        #expect(lines[2].hasPrefix("Build failed: 2 errors, 0 warnings;"))
        #expect(!result.stderr.contains("\u{1B}["), "NO_COLOR is honoured")
        #expect(!FileManager.default.fileExists(atPath: root + "/dist"))
    }

    @Test func usageErrorsExitWithTwo() throws {
        let result = try run(["build", "--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Unknown option '--no-such-flag'"))
    }

    @Test func buildListsItsRules() throws {
        let result = try run(["build", "--list-rules"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("yaml.duplicate-key ") && $0.contains(" error ") })
        #expect(lines.contains { $0.hasPrefix("config.hosting.missing ") && $0.contains(" warning ") })
        #expect(lines.contains { $0.hasPrefix("options.color.invalid ") }, "rules the build shares with verify")
        #expect(!lines.contains { $0.hasPrefix("structure.") }, "verify's own rules are not the build's")
    }

    @Test func timingsNameEveryStage() throws {
        let root = TestSupport.exampleProject()
        let result = try run(["build", "--root", root, "--timings"])
        for stage in ["load", "parse", "render", "index", "bundle", "write"] { #expect(result.stderr.contains("\(stage) ")) }
    }
}
