import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing
import PlacardSystem
import PlacardReport

/// Issue 10 in the build: special files, symlink loops and cycles, names that are not
/// UTF-8, symlinks at the top of the project, the output folder rule and the staging
/// folders a killed build leaves. Each case must end quickly with an error, never hang.
@Suite("Safety", .timeLimit(.minutes(5)))
struct SafetyTests {
    func build(_ root: String, output: String? = nil) -> (BuildReport, String) {
        let report = Pipeline.build(Project(root: root, output: output))
        return (report, DiagnosticPrinter(color: false).render(report.findings))
    }

    /// A one-widget project with a baseURL (no warning in the expected output).
    func project(_ extra: [String: String] = [:]) -> String {
        TestSupport.project(TestSupport.widget().merging(extra) { a, _ in a }.merging(["placard.yml": "baseURL: https://w.example.com/\n"]) { a, _ in a })
    }

    func symlink(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    // MARK: Special files and symlinks

    @Test func fifoBehindASymlinkIsAnErrorAndNeverOpened() throws {
        let root = project()
        #expect(mkfifo(root + "/pipe", 0o644) == 0)
        try symlink(root + "/content/w/page.md", to: "../../pipe")
        try symlink(root + "/content/w/image.png", to: "../../pipe")
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text == """
            content/w/image.png: error: content/w/image.png is not a regular file or folder (a FIFO, socket or device); Placard reads only regular files: remove it or replace it with a file [path.special]
            content/w/page.md: error: content/w/page.md is not a regular file or folder (a FIFO, socket or device); Placard reads only regular files: remove it or replace it with a file [path.special]

            """)
    }

    /// The walk is bounded: a folder 64 levels below the widget is an error at it, and what
    /// is above it still builds.
    @Test func foldersNestedTooDeepAreAnErrorNotARecursion() throws {
        let root = project()
        let levels = (1...70).map { "d\($0)" }
        try FileManager.default.createDirectory(atPath: root + "/content/w/" + levels.joined(separator: "/"), withIntermediateDirectories: true)
        try "deep".write(toFile: root + "/content/w/" + levels.joined(separator: "/") + "/x.png", atomically: false, encoding: .utf8)
        let (report, text) = build(root)
        #expect(!report.succeeded)
        let shown = "content/w/" + levels.prefix(64).joined(separator: "/")
        #expect(text == "\(shown): error: \(shown) is more than 64 folders deep and is left out; flatten the folders [path.too-deep]\n")
    }

    @Test func fifoInTemplatesIsAnError() throws {
        let root = project()
        #expect(mkfifo(root + "/templates/extra.mustache", 0o644) == 0)
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text.contains("templates/extra.mustache: error: templates/extra.mustache is not a regular file or folder"))
    }

    @Test func readingAFifoFailsInsteadOfBlocking() throws {
        let root = TestSupport.temporaryFolder()
        #expect(mkfifo(root + "/pipe", 0o644) == 0)
        #expect(throws: FileSystem.Error.self) { try FileSystem.read(root + "/pipe") }
        do { _ = try FileSystem.read(root + "/pipe") } catch {
            #expect(error.description.hasSuffix("not a regular file (a FIFO, socket or device); Placard reads only regular files"))
        }
    }

    @Test func symlinksToAFolderAboveAreRefusedNotWalked() throws {
        let root = project()
        try symlink(root + "/content/w/a", to: "..")
        try symlink(root + "/content/w/b", to: "..")
        try symlink(root + "/content/w/self", to: ".")
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text == """
            content/w/a: error: content/w/a is a symlink to a folder that contains it, so reading it would never end; remove the link [path.symlink.cycle]
            content/w/b: error: content/w/b is a symlink to a folder that contains it, so reading it would never end; remove the link [path.symlink.cycle]
            content/w/self: error: content/w/self is a symlink to a folder that contains it, so reading it would never end; remove the link [path.symlink.cycle]

            """)
    }

    @Test func aFolderReachedTwiceIsReadOnce() throws {
        let root = project(["content/w/images/a.svg": "<svg/>"])
        // Deep chains of links to one folder: walked once, not once per path.
        try symlink(root + "/content/w/pictures", to: "images")
        let (report, text) = build(root)
        #expect(report.succeeded, "\(text)")
        #expect(text.contains("content/w/pictures: warning: content/w/pictures is the folder content/w/images again (reached through a symlink) and is left out; remove the link, or link to the files instead [path.symlink.duplicate]"))
        #expect(FileManager.default.fileExists(atPath: root + "/dist/w/images/a.svg"))
    }

    @Test func aSymlinkLoopIsCalledALoop() throws {
        let root = project()
        try symlink(root + "/content/w/a.png", to: "b.png")
        try symlink(root + "/content/w/b.png", to: "a.png")
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text == """
            content/w/a.png: error: content/w/a.png is a symlink loop (its links lead back to each other); remove it or point it at a real file [path.symlink.loop]
            content/w/b.png: error: content/w/b.png is a symlink loop (its links lead back to each other); remove it or point it at a real file [path.symlink.loop]

            """)
    }

    @Test func aNameThatIsNotUTF8IsAnErrorAtTheFile() throws {
        let root = project()
        let name = Array((root + "/content/w/caf").utf8) + [0xE9] + Array(".md".utf8) + [0]
        let fd = name.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
        #expect(fd >= 0)
        close(fd)
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text == """
            content/w/caf\\xE9.md: error: content/w/caf\\xE9.md: the name is not valid UTF-8 (bytes shown as \\xNN), so it would be left out of the build; rename it [path.name.encoding]

            """)
    }

    @Test func escapedNamesKeepValidUTF8() {
        #expect(FileSystem.escapedName(Array("Grüße".utf8)) == "Grüße")
        #expect(FileSystem.escapedName(Array("ü".utf8) + [0xFF, 0x41]) == "ü\\xFFA")
    }

    @Test(arguments: ["content", "templates", "placard.yml"])
    func topLevelSymlinksOutOfTheProjectAreRefused(_ name: String) throws {
        let root = project()
        let elsewhere = TestSupport.temporaryFolder("placard-elsewhere")
        try FileManager.default.moveItem(atPath: root + "/" + name, toPath: elsewhere + "/" + name)
        try symlink(root + "/" + name, to: elsewhere + "/" + name)
        let (report, text) = build(root)
        #expect(!report.succeeded)
        let real = FileSystem.realPath(elsewhere + "/" + name)!
        #expect(text.contains("\(name): error: \(name) is a symlink to '\(real)', outside the project; copy the file into the project instead [path.escape]\n"))
        #expect(!FileManager.default.fileExists(atPath: root + "/dist"))
    }

    @Test func placardYmlLinkedToASystemFileIsNotRead() throws {
        let root = project()
        try FileManager.default.removeItem(atPath: root + "/placard.yml")
        try symlink(root + "/placard.yml", to: "/etc/passwd")
        let project = Project(root: root)
        let (_, findings) = Config.load(project)
        #expect(findings.contains { $0.rule == "path.unreadable" })
        #expect(throws: FileSystem.Error.self) { try FileSystem.readConfined(project.configPath, inside: project.realRoot) }
    }

    @Test func symlinksInsideTheProjectAtTheTopAreFollowed() throws {
        let root = project()
        try FileManager.default.moveItem(atPath: root + "/content", toPath: root + "/pages")
        try symlink(root + "/content", to: "pages")
        let (report, text) = build(root)
        #expect(report.succeeded, "\(text)")
    }

    // MARK: Asset collisions

    @Test func assetsNamedLikeTheRuntimeAreRefused() throws {
        let root = project()
        #expect(build(root).0.succeeded)
        let built = try FileManager.default.contentsOfDirectory(atPath: root + "/dist/w")
        let script = try #require(built.first { $0.hasPrefix("runtime.") && $0.hasSuffix(".js") })
        let style = try #require(built.first { $0.hasPrefix("style.") && $0.hasSuffix(".css") })
        TestSupport.write(["content/w/\(script)": "alert(1)\n", "content/w/\(style)": "body{}\n"], into: root)
        let (report, text) = build(root)
        #expect(!report.succeeded)
        #expect(text == """
            content/w/\(script): error: content/w/\(script) would be written to w/\(script), which is Placard's runtime script; rename or move the file [asset.collision]
            content/w/\(style): error: content/w/\(style) would be written to w/\(style), which is Placard's runtime stylesheet; rename or move the file [asset.collision]

            """)
    }

    // MARK: The output folder

    @Test func everyOutputHasTheMarker() throws {
        let root = project()
        let (report, _) = build(root)
        #expect(report.succeeded)
        let marker = try String(contentsOfFile: root + "/dist/" + OutputFolder.markerName, encoding: .utf8)
        #expect(marker == "Written by Placard. Every 'placard build' replaces this whole folder, so keep no other files in it.\n")
        #expect(OutputFolder.markerText == marker)
    }

    @Test func theProjectsOwnFoldersAreNeverTheOutput() throws {
        let root = project()
        try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        let before = TestSupport.snapshot(root)
        let cases: [(String, String)] = [
            ("content", "refusing to build into 'content': it is the project's content/ folder, whose files would be lost; choose another path with --output, such as dist"),
            ("content/w/out", "refusing to build into 'content/w/out': it is inside the project's content/ folder, whose files would be lost; choose another path with --output, such as dist"),
            ("templates", "refusing to build into 'templates': it is the project's templates/ folder, whose files would be lost; choose another path with --output, such as dist"),
            ("fixtures", "refusing to build into 'fixtures': it is the project's fixtures/ folder, whose files would be lost; choose another path with --output, such as dist"),
            (".git", "refusing to build into '.git': it is the project's .git/ folder, whose files would be lost; choose another path with --output, such as dist"),
            (".", "refusing to build into '.': it is the project folder itself, and everything in it would be replaced; choose a folder of its own with --output, such as dist"),
            ("placard.yml", "refusing to build into 'placard.yml': it is a file, not a folder Placard produced, and a build would replace it; choose another folder with --output, such as dist"),
        ]
        for (output, message) in cases {
            let (report, _) = build(root, output: root + "/" + output)
            #expect(report.refusal?.description == message, "\(output)")
            #expect(report.findings.map(\.rule) == ["output.refused"])
            #expect(TestSupport.snapshot(root) == before, "\(output)")
        }
    }

    @Test func aSymlinkToTheContentFolderIsNotAnOutputEither() throws {
        let root = project()
        let other = TestSupport.temporaryFolder("placard-out")
        try symlink(other + "/link", to: root + "/content")
        let (report, _) = build(root, output: other + "/link/..")
        #expect(report.refusal != nil)
        let (again, _) = build(root, output: other + "/link")
        #expect(again.refusal?.description == "refusing to build into '\(other)/link': it is the project's content/ folder, whose files would be lost; choose another path with --output, such as dist")
        #expect(FileManager.default.fileExists(atPath: root + "/content/w/index.md"))
    }

    @Test func anOutputWithAForeignFileIsRefusedNamingIt() throws {
        let root = project()
        #expect(build(root).0.succeeded)
        TestSupport.write(["dist/CNAME": "widgets.example.com\n"], into: root)
        let (report, _) = build(root)
        #expect(report.refusal?.description == "refusing to replace 'dist': 'dist/CNAME' was not written by Placard, and a build replaces the whole output folder; move it out of the folder, or choose another folder with --output")
        #expect(FileManager.default.fileExists(atPath: root + "/dist/CNAME"))
    }

    @Test func anOutputOfAnEarlierVersionWithoutTheMarkerIsReplaced() throws {
        let root = project()
        #expect(build(root).0.succeeded)
        try FileManager.default.removeItem(atPath: root + "/dist/" + OutputFolder.markerName)
        let (report, text) = build(root)
        #expect(report.succeeded, "\(text)")
        #expect(FileManager.default.fileExists(atPath: root + "/dist/" + OutputFolder.markerName))
    }

    @Test func aFolderOfOtherFilesIsNotAnOutput() throws {
        let root = project()
        TestSupport.write(["docs/index.html": "<p>My site</p>\n", "docs/w/notes.txt": "mine\n"], into: root)
        let (report, _) = build(root, output: root + "/docs")
        #expect(report.refusal?.description == "refusing to replace 'docs': it is not empty and not a folder Placard produced (no .placard-output or placements.json in it), and a build replaces its output folder completely; choose an empty or new folder with --output, such as dist")
        // A folder that is an old output except for one widget folder without placement.json.
        TestSupport.write(["docs/placements.json": "[]\n"], into: root)
        let (again, _) = build(root, output: root + "/docs")
        #expect(again.refusal?.description == "refusing to replace 'docs': 'docs/w' was not written by Placard, and a build replaces the whole output folder; move it out of the folder, or choose another folder with --output")
    }

    @Test func anEmptyFolderIsAnOutput() throws {
        let root = project()
        try FileManager.default.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
        let (report, text) = build(root, output: root + "/docs")
        #expect(report.succeeded, "\(text)")
    }

    @Test func serveChecksTheOutputToo() throws {
        let root = project()
        var build = Pipeline(project: Project(root: root, output: root + "/content"))
        let report = build.run(.site)
        #expect(report.refusal != nil)
        #expect(report.findings.contains { $0.rule == "output.refused" })
        #expect(FileManager.default.fileExists(atPath: root + "/content/w/index.md"))
        var good = Pipeline(project: Project(root: root))
        #expect(good.run(.site).succeeded)
        #expect(FileManager.default.fileExists(atPath: root + "/dist/" + OutputFolder.markerName))
    }

    // MARK: Staging folders of killed builds

    /// The pid of a process that has exited.
    func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func stagingOfAKilledBuildIsRemovedByTheNext() throws {
        let root = project()
        let dead = try deadPID()
        TestSupport.write([
            "dist.tmp-\(dead)/\(OutputFolder.markerName)": OutputFolder.markerText,
            "dist.tmp-\(dead)/w/index.html": "half",
            // Not Placard's: a user's folder that happens to look like a staging name.
            "dist.old-\(dead)/notes.txt": "mine",
            // A build still running (pid 1 always is).
            "dist.tmp-1/\(OutputFolder.markerName)": OutputFolder.markerText,
        ], into: root)
        let (report, text) = build(root)
        #expect(report.succeeded, "\(text)")
        #expect(!FileManager.default.fileExists(atPath: root + "/dist.tmp-\(dead)"))
        #expect(FileManager.default.fileExists(atPath: root + "/dist.old-\(dead)/notes.txt"))
        #expect(FileManager.default.fileExists(atPath: root + "/dist.tmp-1"))
    }

    @Test func anOutputRenamedAwayByAKilledBuildIsPutBack() throws {
        let root = project()
        #expect(build(root).0.succeeded)
        let dead = try deadPID()
        try FileManager.default.moveItem(atPath: root + "/dist", toPath: root + "/dist.old-\(dead)")
        TestSupport.write(["content/w/index.md": "---\nplacement: NOPE\ntitle: W\n---\n"], into: root)
        let (report, _) = build(root)
        #expect(!report.succeeded)
        #expect(FileManager.default.fileExists(atPath: root + "/dist/w/index.html"), "the previous output is back")
        #expect(!FileManager.default.fileExists(atPath: root + "/dist.old-\(dead)"))
    }
}

/// No file can make the build hold more than a bounded amount of it in memory: text files
/// over `Loader.maximumTextFileSize` are refused before they are read, and assets of any
/// size are copied in pieces.
@Suite("Size limits", .timeLimit(.minutes(5)))
struct SizeLimitTests {
    /// A file of `size` bytes (sparse: nothing is written to the disk).
    func sparseFile(_ path: String, size: Int) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        #expect(ftruncate(fd, off_t(size)) == 0)
        close(fd)
    }

    @Test func aMarkdownFileOverTheLimitIsAnErrorAndNotRead() throws {
        let root = TestSupport.project(TestSupport.widget().merging(["placard.yml": "baseURL: https://w.example.com/\n"]) { a, _ in a })
        defer { try? FileManager.default.removeItem(atPath: root) }
        sparseFile(root + "/content/w/huge.md", size: Loader.maximumTextFileSize + 1)
        let report = Pipeline.build(Project(root: root))
        #expect(!report.succeeded)
        #expect(DiagnosticPrinter(color: false).render(report.findings) == """
            content/w/huge.md: error: content/w/huge.md is too large: it has 16777217 bytes, and Placard reads text files of at most 16 MiB (16777216 bytes); split it into smaller files [path.too-large]

            """)
        #expect(!FileManager.default.fileExists(atPath: root + "/dist"))
    }

    @Test func aFileAtTheLimitIsRead() throws {
        let root = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        sparseFile(root + "/at-limit", size: 1000)
        #expect(try FileSystem.read(root + "/at-limit", limit: 1000).count == 1000)
        #expect(throws: FileSystem.Error.self) { try FileSystem.read(root + "/at-limit", limit: 999) }
    }

    @Test func aLargeAssetIsCopiedWhole() throws {
        let root = TestSupport.project(TestSupport.widget().merging(["placard.yml": "baseURL: https://w.example.com/\n"]) { a, _ in a })
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Larger than the text limit and than one copy buffer, with bytes at both ends.
        let size = Loader.maximumTextFileSize + 3 * (1 << 20) + 17
        sparseFile(root + "/content/w/video.bin", size: size)
        let handle = try #require(FileHandle(forWritingAtPath: root + "/content/w/video.bin"))
        try handle.write(contentsOf: Data("start".utf8))
        try handle.seek(toOffset: UInt64(size - 3))
        try handle.write(contentsOf: Data("end".utf8))
        try handle.close()
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded)
        let copied = try #require(FileManager.default.contents(atPath: root + "/dist/w/video.bin"))
        #expect(copied == FileManager.default.contents(atPath: root + "/content/w/video.bin"))
    }
}
