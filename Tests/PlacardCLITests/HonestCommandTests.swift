import Foundation
import PlacardTestSupport
import Testing

/// Commands that never mislead (issue 20, part 4), driven through the real binary: what
/// `package` ships, drafts, the version, help and usage, wording, printed paths and URLs.
@Suite("Commands that never mislead")
struct HonestCommandTests {
    let cli = CLITests()

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// A static-app project of one sidebar widget, plus `extra` files.
    func project(_ extra: [String: String] = [:]) -> String {
        TestSupport.project(["placard.yml": "hosting: static-app\n"].merging(TestSupport.widget()) { a, _ in a }.merging(extra) { _, new in new })
    }

    // MARK: package ships exactly what the sources build now

    @Test func packageRefusesADistThatIsNotWhatTheSourcesBuildNow() throws {
        let root = project(["content/w/more.md": "---\ntitle: More\n---\nFirst words.\n"])
        #expect(try cli.run(["build"], in: root).status == 0)
        TestSupport.write(["content/w/more.md": "---\ntitle: More\n---\nEdited after the build.\n"], into: root)
        let stale = try cli.run(["package"], in: root)
        #expect(stale.status == 1, "\(stale.stderr)")
        #expect(stale.stderr.contains("is not what the sources build now: dist/w/more.html differs"), "\(stale.stderr)")
        #expect(stale.stderr.contains("Run 'placard build', then package again"), "\(stale.stderr)")
        #expect(!exists(root + "/placard-app.zip"), "nothing is packaged")
        // A file no build makes is refused too… (a folder Placard wrote, with a stray page in it)
        #expect(try cli.run(["build"], in: root).status == 0)
        TestSupport.write(["dist/w/stray.html": "<!DOCTYPE html><title>x</title>"], into: root)
        let stray = try cli.run(["package"], in: root)
        #expect(stray.status == 1 && stray.stderr.contains("dist/w/stray.html is not built from the sources"), "\(stray.stderr)")
        // …and after a build, the archive is made.
        #expect(try cli.run(["build"], in: root).status == 0)
        let fresh = try cli.run(["package"], in: root)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(exists(root + "/placard-app.zip"))
    }

    @Test func packageRefusesADistBuiltWithBaseURLOrBrokenSources() throws {
        let root = project()
        #expect(try cli.run(["build", "--base-url", "https://widgets.example.com/"], in: root).status == 0)
        let other = try cli.run(["package"], in: root)
        #expect(other.status == 1 && other.stderr.contains("dist/placements.json differs"), "\(other.stderr)")
        TestSupport.write(["content/w/index.md": "---\nplacement: IM_SIDEBARR\ntitle: W\n---\n"], into: root)
        let broken = try cli.run(["package"], in: root)
        #expect(broken.status == 1 && broken.stderr.contains("[placement.unknown]") && broken.stderr.contains("the sources do not build (1 error)"), "\(broken.stderr)")
        #expect(!exists(root + "/placard-app.zip"))
    }

    @Test func packageRefusesADraftsBuild() throws {
        let root = project(["content/w/secret.md": "---\ntitle: Secret\ndraft: true\n---\nNot yet.\n"])
        let build = try cli.run(["build", "--drafts"], in: root)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(read(root + "/dist/.placard-output").contains("drafts: true"))
        let refused = try cli.run(["package"], in: root)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("was built with --drafts") && refused.stderr.contains("drafts are never packaged"), "\(refused.stderr)")
        #expect(!exists(root + "/placard-app.zip"))
        #expect(try cli.run(["build"], in: root).status == 0)
        #expect(!read(root + "/dist/.placard-output").contains("drafts"))
        #expect(try cli.run(["package"], in: root).status == 0)
    }

    @Test func aBuildThatPublishesNoWidgetIsAnError() throws {
        let root = TestSupport.project(["placard.yml": "hosting: static-app\n",
                                        "content/w/index.md": "---\nplacement: IM_SIDEBAR\ntitle: W\ndraft: true\noptions:\n  iconName: fa-book\n---\nHi.\n"])
        let build = try cli.run(["build"], in: root)
        #expect(build.status == 1, "\(build.stderr)")
        #expect(build.stderr.contains("content/w/index.md:4:1: error: every widget is a draft ('w')"), "\(build.stderr)")
        #expect(build.stderr.contains("[content.drafts-only]"))
        #expect(!exists(root + "/dist"))
        #expect(try cli.run(["build", "--drafts"], in: root).status == 0, "with --drafts the widget is built")
    }

    // MARK: version, help, usage

    @Test(arguments: [["version"], ["--version"], ["-V"]])
    func theVersionHasThreeSpellings(_ arguments: [String]) throws {
        let run = try cli.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "placard 0.1.0\n" && run.stderr.isEmpty, "\(run.stdout)\(run.stderr)")
    }

    @Test func packageHelpWrapsOnlyAtTheWidth() throws {
        let help = try cli.run(["package", "--help"])
        #expect(help.status == 0)
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let overview = lines.prefix { !$0.hasPrefix("USAGE:") }
        // Each paragraph fills its lines: only the last line of a paragraph may be short.
        for (i, line) in overview.enumerated() where !line.isEmpty && i + 1 < overview.count && !overview[overview.index(overview.startIndex, offsetBy: i + 1)].isEmpty {
            #expect(line.count > 50, "a line broken mid-sentence: '\(line)'\n\(help.stdout)")
        }
        #expect(overview.joined(separator: " ").contains("exactly what the sources build now"))
    }

    @Test func checkRefusesOutput() throws {
        let root = project()
        for flag in ["--output", "-o"] {
            let run = try cli.run(["check", flag, "elsewhere"], in: root)
            #expect(run.status == 2, "\(run.stderr)")
            #expect(run.stderr.contains("check writes nothing, so it takes no --output"), "\(run.stderr)")
        }
        #expect(!exists(root + "/elsewhere"))
        #expect(!(try cli.run(["check", "--help"]).stdout.contains("--output")), "check's help does not offer --output")
    }

    @Test func verifyWithoutDistSaysToBuildFirst() throws {
        let root = project()
        let run = try cli.run(["verify"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("run 'placard build' first"), "\(run.stderr)")
    }

    @Test func aRootThatDoesNotExistIsSaidSo() throws {
        let missing = TestSupport.temporaryFolder() + "/nonexistent/proj"
        for command in ["build", "check"] {
            let run = try cli.run([command, "--root", missing])
            #expect(run.status == 1, "\(run.stderr)")
            #expect(run.stderr.contains("the project folder \(missing) does not exist"), "\(run.stderr)")
            #expect(!run.stderr.contains("no content/ folder") && !run.stderr.contains("no templates/ folder"), "\(run.stderr)")
        }
        #expect(!exists(missing))
    }

    // MARK: printed paths

    @Test func initQuotesTheFolderInItsNextLine() throws {
        let parent = TestSupport.temporaryFolder("init-quote")
        let name = "p $(touch PWNED);x"
        let run = try cli.run(["init", name], in: parent)
        #expect(run.status == 0, "\(run.stderr)")
        let next = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("Next: ") })
        #expect(next == "Next: cd 'p $(touch PWNED);x' && placard build && placard serve")
        // Pasting the line's cd runs no command and reaches the folder.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", String(next.dropFirst("Next: ".count).prefix { $0 != "&" }) + "&& pwd"]
        shell.currentDirectoryURL = URL(fileURLWithPath: parent)
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0 && printed.hasSuffix("/" + name + "\n"), "\(printed)")
        #expect(!exists(parent + "/PWNED") && !exists(parent + "/" + name + "/PWNED"))
    }

    @Test func controlCharactersInPrintedPathsAreEscaped() throws {
        let parent = TestSupport.temporaryFolder("init-newline")
        let name = "p\nx:1:1: error: forged"
        let made = try cli.run(["init", name], in: parent)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!made.stderr.split(separator: "\n").contains { $0.hasPrefix("x:1:1:") }, "\(made.stderr)")
        #expect(made.stderr.contains("in p\\nx:1:1: error: forged:"), "\(made.stderr)")
        #expect(made.stderr.contains("Next: cd $'p\\nx:1:1: error: forged' && "), "\(made.stderr)")
        // package --output with a newline: the printed archive path is escaped too.
        let root = parent + "/" + name
        #expect(try cli.run(["build"], in: root).status == 0)
        let packaged = try cli.run(["package", "--output", "a\nx:1:1: error: forged.zip"], in: root)
        #expect(packaged.status == 0, "\(packaged.stderr)")
        #expect(!packaged.stderr.split(separator: "\n").contains { $0.hasPrefix("x:1:1:") }, "\(packaged.stderr)")
        #expect(packaged.stderr.contains("a\\nx:1:1: error: forged.zip."), "\(packaged.stderr)")
        // build --output naming a file: the refusal names it escaped.
        TestSupport.write(["f\nx:1:1: error: forged": "mine"], into: root)
        let refused = try cli.run(["build", "--output", "f\nx:1:1: error: forged"], in: root)
        #expect(refused.status == 2 && refused.stderr.contains("'f\\nx:1:1: error: forged'"), "\(refused.stderr)")
        #expect(!refused.stderr.split(separator: "\n").contains { $0.hasPrefix("x:1:1:") }, "\(refused.stderr)")
        // A refusal names the path escaped as well.
        let again = try cli.run(["init", name], in: parent)
        #expect(again.status == 1 && !again.stderr.split(separator: "\n").contains { $0.hasPrefix("x:1:1:") }, "\(again.stderr)")
    }

    @Test func initRefusesATitleItsOwnBuildWouldRefuse() throws {
        let parent = TestSupport.temporaryFolder("init-title")
        let long = try cli.run(["init", "app", "--title", String(repeating: "T", count: 70_000)], in: parent)
        #expect(long.status == 2 && long.stderr.contains("--title is 70000 characters long"), "\(long.stderr.prefix(300))")
        let newline = try cli.run(["init", "app", "--title", "A\nB"], in: parent)
        #expect(newline.status == 2 && newline.stderr.contains("--title contains the control character \\n"), "\(newline.stderr)")
        #expect(!exists(parent + "/app"))
        let fine = try cli.run(["init", "app", "--title", String(repeating: "T", count: 200)], in: parent)
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(try cli.run(["build"], in: parent + "/app").status == 0)
    }

    // MARK: base URLs

    static let badBaseURLs: [(url: String, says: String)] = [
        ("https://x.example/app?v=1", "has a query"),
        ("https://x.example/app#f", "has a fragment"),
        ("https://x.example/a\nb", "contains '\\n'"),
        ("https://x.example/\"a\"", "contains '\"'"),
        ("https://x.example/<a>", "contains '<'"),
        ("https://x .example/", "contains a space"),
        ("https://user:pw@x.example/", "a user name or password"),
        ("https://x.example:99999/", "has port '99999'"),
        ("https://x_y!.example/", "is not a host name"),
        ("https://x.example/" + String(repeating: "a", count: 100_000), "characters long; Placard accepts at most 2000"),
    ]

    @Test func baseURLAcceptsOnlyAValidAbsoluteURL() throws {
        let root = project()
        for (url, says) in Self.badBaseURLs {
            let yaml = "hosting: self-hosted\nbaseURL: \"" + url.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\"\n"
            if url.count < 60_000 {
                TestSupport.write(["placard.yml": yaml], into: root)
                let build = try cli.run(["build"], in: root)
                #expect(build.status == 1 && build.stderr.contains("[config.baseURL.syntax]") && build.stderr.contains(says), "\(url): \(build.stderr.prefix(400))")
                let check = try cli.run(["check"], in: root)
                #expect(check.status == 1 && check.stderr.contains("[config.baseURL.syntax]"), "\(url): \(check.stderr.prefix(400))")
            }
            TestSupport.write(["placard.yml": "hosting: static-app\n"], into: root)
            let flag = try cli.run(["build", "--base-url", url], in: root)
            #expect(flag.status == 2 && flag.stderr.contains("--base-url:") && flag.stderr.contains(says), "\(url): \(flag.stderr.prefix(400))")
            let made = try cli.run(["init", TestSupport.temporaryFolder() + "/app", "--base-url", url])
            #expect(made.status == 2 && made.stderr.contains(says), "\(url): \(made.stderr.prefix(400))")
        }
        #expect(!exists(root + "/dist"))
    }

    @Test func aJavascriptBaseURLIsAWrongSchemeNotARelativeOne() throws {
        let root = project()
        TestSupport.write(["placard.yml": "baseURL: \"javascript:alert(1)\"\n"], into: root)
        let build = try cli.run(["build"], in: root)
        #expect(build.status == 1 && build.stderr.contains("has scheme 'javascript'") && build.stderr.contains("[config.baseURL.scheme]"), "\(build.stderr)")
        #expect(!build.stderr.contains("relative"), "\(build.stderr)")
    }

    @Test func verifyJudgesAHandlerWithAQueryOrFragment() throws {
        let root = project()
        #expect(try cli.run(["build", "--base-url", "https://widgets.example.com/"], in: root).status == 0)
        for path in ["dist/placements.json", "dist/w/placement.json"] {
            let text = read(root + "/" + path).replacingOccurrences(of: "https://widgets.example.com/w/", with: "https://widgets.example.com/w/?v=1#f")
            TestSupport.write([path: text], into: root)
        }
        let run = try cli.run(["verify", root + "/dist"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("has a query ('?v=1#f')") && run.stdout.contains("[handler.syntax]"), "\(run.stdout)")
    }

    // MARK: wording

    @Test func aMisspeltPlacementKeyIsReportedAtTheKey() throws {
        let root = TestSupport.project(["placard.yml": "hosting: static-app\n",
                                        "content/w/index.md": "---\ntitle: W\nplacment: IM_SIDEBAR\n---\nHi.\n"])
        let build = try cli.run(["build"], in: root)
        #expect(build.status == 1)
        #expect(build.stderr.contains("content/w/index.md:3:1: error: content/w/index.md needs 'placement:'"), "\(build.stderr)")
        #expect(build.stderr.contains("'placment' here is not a key Placard knows. Did you mean 'placement'?"), "\(build.stderr)")
        #expect(!build.stderr.contains("index.md:1:1: error"), "\(build.stderr)")
    }

    @Test func aSectionClosedWithTheWrongNameSaysWhichIsOpen() throws {
        let root = project(["templates/im-sidebar.mustache": "{{<base}}\n{{$body}}\n{{#widget}}\n<p>{{title}}</p>\n{{/widgets}}\n{{/body}}\n{{/base}}\n"])
        let build = try cli.run(["build"], in: root)
        #expect(build.status == 1)
        #expect(build.stderr.contains("templates/im-sidebar.mustache:5:1: error: template error: {{/widgets}} closes the section {{#widget}} opened on line 3, which is still open; close it with {{/widget}} first"), "\(build.stderr)")
    }

    @Test func aTemplatesSymlinkOutOfTheProjectIsOneError() throws {
        let root = project()
        let outside = TestSupport.temporaryFolder("outside-templates")
        TestSupport.copyTree(root + "/templates", to: outside + "/templates")
        try FileManager.default.removeItem(atPath: root + "/templates")
        try FileManager.default.createSymbolicLink(atPath: root + "/templates", withDestinationPath: outside + "/templates")
        let build = try cli.run(["build"], in: root)
        #expect(build.status == 1)
        let errors = build.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1 && errors[0].contains("[path.escape]"), "\(build.stderr)")
        #expect(!build.stderr.contains("template.missing"), "\(build.stderr)")
    }

    @Test func anEmptyBaseTemplateIsReportedAtTheTemplate() throws {
        let root = project(["templates/base.mustache": ""])
        let build = try cli.run(["build"], in: root)
        #expect(build.status == 1)
        #expect(build.stderr.contains("templates/base.mustache:1:1: error: templates/base.mustache is empty"), "\(build.stderr)")
        #expect(build.stderr.contains("[template.empty]"), "\(build.stderr)")
        #expect(!build.stderr.contains("dist/"), "\(build.stderr)")
        // A widget's own template, empty: said at that template, and no page is made from it.
        TestSupport.copyTree(TestSupport.repositoryRoot + "/templates/base.mustache", to: root + "/templates/base.mustache")
        TestSupport.write(["templates/im-sidebar.mustache": "\n"], into: root)
        let own = try cli.run(["build"], in: root)
        #expect(own.status == 1)
        #expect(own.stderr.contains("templates/im-sidebar.mustache:1:1: error: templates/im-sidebar.mustache is empty, so every page of the IM_SIDEBAR widget 'w' would be an empty file"), "\(own.stderr)")
        #expect(!own.stderr.contains("dist/"), "\(own.stderr)")
    }
}
