import Foundation
import PlacardTestSupport
import Testing

/// `build --output`, `serve --output` and `package --output` with the real binary: a path
/// that would replace sources, the project or a user's files exits with status 2 and one
/// sentence, and the project is byte for byte what it was.
@Suite("placard CLI: output safety", .timeLimit(.minutes(5)))
struct OutputSafetyTests {
    let cli = CLITests()

    /// The example project with a `.git` folder and a built `dist/`.
    func project() throws -> String {
        let root = TestSupport.exampleProject()
        TestSupport.write([".git/HEAD": "ref: refs/heads/main\n", "fixtures/user.get.json": "{\"result\": []}\n"], into: root)
        let built = try cli.run(["build"], in: root)
        #expect(built.status == 0, "\(built.stderr)")
        return root
    }

    func expectRefused(_ arguments: [String], in root: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = TestSupport.snapshot(root)
        let result = try cli.run(arguments, in: root)
        #expect(result.status == 2, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == "error: \(message)\n", sourceLocation: sourceLocation)
        #expect(TestSupport.snapshot(root) == before, "\(arguments) changed the project", sourceLocation: sourceLocation)
    }

    @Test func buildNeverReplacesSources() throws {
        let root = try project()
        let sources = "whose files would be lost; choose another path with --output, such as dist"
        try expectRefused(["build", "--output", "content"], in: root, "refusing to build into 'content': it is the project's content/ folder, \(sources)")
        try expectRefused(["build", "--output", "templates"], in: root, "refusing to build into 'templates': it is the project's templates/ folder, \(sources)")
        try expectRefused(["build", "--output", "fixtures"], in: root, "refusing to build into 'fixtures': it is the project's fixtures/ folder, \(sources)")
        try expectRefused(["build", "--output", ".git"], in: root, "refusing to build into '.git': it is the project's .git/ folder, \(sources)")
        try expectRefused(["build", "--output", "content/handbook/out"], in: root, "refusing to build into 'content/handbook/out': it is inside the project's content/ folder, \(sources)")
        try expectRefused(["build", "--output", "."], in: root, "refusing to build into '.': it is the project folder itself, and everything in it would be replaced; choose a folder of its own with --output, such as dist")
        let parent = (root as NSString).deletingLastPathComponent
        try expectRefused(["build", "--output", ".."], in: root, "refusing to build into '\(parent)': it is a folder that contains the project, and everything in it would be replaced; choose a folder of its own with --output, such as dist")
        try expectRefused(["build", "--output", "placard.yml"], in: root, "refusing to build into 'placard.yml': it is a file, not a folder Placard produced, and a build would replace it; choose another folder with --output, such as dist")
        try expectRefused(["serve", "--port", "0", "--output", "content"], in: root, "refusing to build into 'content': it is the project's content/ folder, \(sources)")
    }

    @Test func buildNeverReplacesAUsersFiles() throws {
        let root = try project()
        TestSupport.write(["docs/guide.md": "# Notes\n"], into: root)
        try expectRefused(["build", "--output", "docs"], in: root, "refusing to replace 'docs': it is not empty and not a folder Placard produced (no .placard-output or placements.json in it), and a build replaces its output folder completely; choose an empty or new folder with --output, such as dist")
        TestSupport.write(["dist/CNAME": "widgets.example.com\n"], into: root)
        try expectRefused(["build"], in: root, "refusing to replace 'dist': 'dist/CNAME' was not written by Placard, and a build replaces the whole output folder; move it out of the folder, or choose another folder with --output")
    }

    @Test func aCommittedOutputFolderKeepsWorking() throws {
        let root = try project()
        // GitHub Pages from docs/: built once, committed, rebuilt.
        #expect(try cli.run(["build", "--output", "docs"], in: root).status == 0)
        let again = try cli.run(["build", "--output", "docs"], in: root)
        #expect(again.status == 0, "\(again.stderr)")
        // The same folder from a Placard version without the marker.
        try FileManager.default.removeItem(atPath: root + "/docs/.placard-output")
        let old = try cli.run(["build", "--output", "docs"], in: root)
        #expect(old.status == 0, "\(old.stderr)")
        #expect(FileManager.default.fileExists(atPath: root + "/docs/.placard-output"))
    }

    @Test func packageNeverOverwritesASource() throws {
        let root = try project()
        try expectRefused(["package", "--output", "content/handbook/index.md"], in: root, "refusing to write the archive to 'content/handbook/index.md': it is inside the project's content/ folder, whose files would be lost; choose another path with --output, such as placard-app.zip")
        try expectRefused(["package", "--output", "templates/app.zip"], in: root, "refusing to write the archive to 'templates/app.zip': it is inside the project's templates/ folder, whose files would be lost; choose another path with --output, such as placard-app.zip")
        try expectRefused(["package", "--output", "placard.yml"], in: root, "refusing to overwrite 'placard.yml': it is not a ZIP that 'placard package' wrote; choose another file with --output, such as placard-app.zip")
        TestSupport.write(["docs-folder/keep.txt": "mine\n"], into: root)
        try expectRefused(["package", "--output", "docs-folder"], in: root, "refusing to write the archive to 'docs-folder': it is a folder; name a file with --output, such as placard-app.zip")
    }

    @Test func packageReplacesItsOwnArchive() throws {
        let root = try project()
        let first = try cli.run(["package", "--output", "app.zip"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try cli.run(["package", "--output", "app.zip"], in: root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("Left out hidden files"), "the marker is left out without a word")
        // A ZIP made by something else is not Placard's.
        TestSupport.write(["other.zip": "PK\u{3}\u{4}not really a zip"], into: root)
        try expectRefused(["package", "--output", "other.zip"], in: root, "refusing to overwrite 'other.zip': it is not a ZIP that 'placard package' wrote; choose another file with --output, such as placard-app.zip")
    }
}
