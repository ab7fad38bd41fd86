import Foundation
import PlacardCore

/// Helpers shared by the test targets: temporary projects written from a dictionary,
/// and the repository's own example project.
public enum TestSupport {
    /// The repository root (this file is Tests/Support/Support.swift).
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A new empty temporary folder, inside `sessionFolder` (removed when the tests end).
    public static func temporaryFolder(_ name: String = "placard-test") -> String {
        let path = sessionFolder + "/\(name)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The folder that holds every temporary folder of this test process:
    /// `$TMPDIR/placard-tests/<pid>`. It is removed when the process exits, and the folders
    /// of earlier test processes that are gone (killed, crashed) are removed when the
    /// next one starts, so the tests never leave projects behind.
    public static let sessionFolder: String = {
        let parent = NSTemporaryDirectory() + "placard-tests"
        try! FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] {
            guard let pid = Int32(entry), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
        let path = parent + "/\(getpid())"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestSupport.sessionFolder) }
        return path
    }()

    /// Writes `files` (project-relative path → text) into a new temporary project.
    public static func project(_ files: [String: String], copyTemplates: Bool = true) -> String {
        let root = temporaryFolder()
        if copyTemplates { copyTree(repositoryRoot + "/templates", to: root + "/templates") }
        write(files, into: root)
        return root
    }

    public static func write(_ files: [String: String], into root: String) {
        for (path, text) in files {
            let full = root + "/" + path
            try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try! text.write(toFile: full, atomically: false, encoding: .utf8)
        }
    }

    /// A copy of the repository's example project (placard.yml, content/, templates/).
    public static func exampleProject() -> String {
        let root = temporaryFolder("placard-example")
        for part in ["placard.yml", "content", "templates"] { copyTree(repositoryRoot + "/" + part, to: root + "/" + part) }
        return root
    }

    public static func copyTree(_ from: String, to: String) {
        try? FileManager.default.removeItem(atPath: to)
        try! FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// Every file under `root` (relative path → bytes), for comparing two outputs.
    public static func snapshot(_ root: String) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return result }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
            if !isDirectory.boolValue { result[relative] = FileManager.default.contents(atPath: root + "/" + relative) }
        }
        return result
    }

    /// A minimal valid widget: `content/<id>/index.md` with the given front matter lines.
    public static func widget(_ id: String = "w", placement: String = "IM_SIDEBAR", extra: String = "options:\n  iconName: fa-book\n", body: String = "Hello.\n") -> [String: String] {
        ["content/\(id)/index.md": "---\nplacement: \(placement)\ntitle: Widget\n\(extra)---\n\(body)"]
    }
}
