import Foundation
import PlacardTestSupport
import Testing

/// A newcomer's first hour and a CI user's first pipeline, driven through the real binary:
/// init → build → verify → check → package agree for both kinds of hosting, and every
/// convention the issue names (check, --base-url, drafts, formats, --quiet/--verbose,
/// progress only on a terminal, verify inside a project, serve --open) behaves.
@Suite("First hour")
struct FirstHourTests {
    let cli = CLITests()

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// A project of one sidebar widget; `config` is its placard.yml.
    func project(config: String = "hosting: static-app\n", extra: [String: String] = [:]) -> String {
        TestSupport.project(["placard.yml": config].merging(TestSupport.widget()) { a, _ in a }.merging(extra) { _, new in new })
    }

    @Test("init, build, verify, check and package agree, with 0 errors and 0 warnings", arguments: [[], ["--base-url", "https://widgets.example.com"]])
    func aFreshProjectIsCleanEverywhere(_ options: [String]) throws {
        let root = TestSupport.temporaryFolder("first-hour") + "/app"
        let made = try cli.run(["init", root] + options)
        #expect(made.status == 0, "\(made.stderr)")
        let selfHosted = !options.isEmpty
        for step in [["build"], ["verify"], ["check"], ["package"]] {
            let run = try cli.run(step, in: root)
            let printed = run.stdout + run.stderr
            #expect(run.status == 0, "\(step): \(printed)")
            #expect(!printed.contains("error:") && !printed.contains("warning:"), "\(step): \(printed)")
            // The POST note is for a host of one's own, never for a static app.
            #expect(printed.contains("[host.post-unproven]") == (selfHosted && step != ["build"]), "\(step): \(printed)")
        }
        #expect(try cli.run(["verify"], in: root).stdout.hasSuffix("5 bundles, 0 errors, 0 warnings\n"))
        let index = read(root + "/dist/placements.json")
        #expect(index.contains("\"https://widgets.example.com/handbook/\"") == selfHosted)
        #expect(index.contains("\"handbook/\"") == !selfHosted)
        let hosting = selfHosted ? "self-hosted" : "static-app"
        #expect(read(root + "/dist/install.html").contains("data-placard-hosting=\"\(hosting)\""), "the install page knows the hosting")
        #expect(read(root + "/placard.yml").contains("hosting: \(hosting)"))
        #expect(read(root + "/README.md").contains("POST") == selfHosted)
        #expect(FileManager.default.fileExists(atPath: root + "/placard-app.zip"))
        let bad = try cli.run(["init", root + "2", "--base-url", "http://localhost:8080"])
        #expect(bad.status == 2 && bad.stderr.contains("--base-url:"), "\(bad.stderr)")
    }

    @Test func checkBuildsAndVerifiesInMemoryAndWritesNothing() throws {
        let root = project()
        let clean = try cli.run(["check", "--root", root])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.hasPrefix("Checked 1 widget, 1 page in "))
        #expect(!FileManager.default.fileExists(atPath: root + "/dist"), "check writes nothing")
        // A rule only the verifier has (the bundle budget) runs too, with placard.yml's budget.
        TestSupport.write(["placard.yml": "hosting: static-app\nsizeBudget: 100\n"], into: root)
        let over = try cli.run(["check", "--root", root])
        #expect(over.status == 1 && over.stderr.contains("[bundle.size]"), "\(over.stderr)")
        #expect(over.stderr.contains("Check failed: 0 errors, 1 warning;"))
        TestSupport.write(["placard.yml": "hosting: static-app\n", "content/w/index.md": "---\nplacement: IM_SIDEBAR\ntitle: W\noptions:\n  iconName: fa-book\n---\nSee [x](missing.md).\n"], into: root)
        let broken = try cli.run(["check", "--root", root])
        #expect(broken.status == 1 && broken.stderr.contains("content/w/index.md:7:5: error:"), "\(broken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/dist"))
    }

    @Test func baseURLOverridesPlacardYml() throws {
        let root = project()
        let staging = try cli.run(["build", "--root", root, "--base-url", "https://staging.example.com"])
        #expect(staging.status == 0 && !staging.stderr.contains("warning"), "\(staging.stderr)")
        #expect(read(root + "/dist/w/placement.json").contains("\"HANDLER\" : \"https://staging.example.com/w/\""))
        let local = try cli.run(["build", "--root", root, "--base-url", "http://localhost:8080/"])
        #expect(local.status == 2 && local.stderr.contains("--base-url: HANDLER 'http://localhost:8080/' points at 'localhost'"), "\(local.stderr)")
        #expect(read(root + "/dist/w/placement.json").contains("staging.example.com"), "the failed build left the output")
        #expect(try cli.run(["build", "--root", root, "--base-url", ""]).status == 2)
    }

    @Test func draftsAreLeftOutUnlessAsked() throws {
        let root = project(extra: ["content/w/plan.md": "---\ntitle: Plan\ndraft: true\n---\nNot ready.\n"])
        let plain = try cli.run(["build", "--root", root])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("content/w/plan.md:3:1: note: the page 'plan' is a draft (draft: true) and is left out of this build; build with --drafts to include it"))
        #expect(!FileManager.default.fileExists(atPath: root + "/dist/w/plan.html"))
        let drafts = try cli.run(["build", "--root", root, "--drafts"])
        #expect(drafts.status == 0 && !drafts.stderr.contains("note:"), "\(drafts.stderr)")
        #expect(read(root + "/dist/w/plan.html").contains("Not ready."))
    }

    @Test func theDefaultHeaderShowsTheLogoOnlyWhenThereIsOne() throws {
        let root = TestSupport.exampleProject()
        #expect(try cli.run(["build", "--root", root]).status == 0)
        #expect(read(root + "/dist/handbook/index.html").contains("<img class=\"widget-logo\" src=\"_shared/logo.svg\""))
        try FileManager.default.removeItem(atPath: root + "/content/_shared/logo.svg")
        let without = try cli.run(["build", "--root", root])
        #expect(without.status == 0 && !without.stderr.contains("warning"), "\(without.stderr)")
        #expect(!read(root + "/dist/handbook/index.html").contains("widget-logo"))
        #expect(try cli.run(["verify", root + "/dist"]).status == 0)
    }

    @Test func aReferenceATemplateMakesIsCheckedAtTheTemplate() throws {
        let root = TestSupport.exampleProject()
        let header = root + "/templates/partials/header.mustache"
        try read(header).replacingOccurrences(of: "<header class=\"widget-header\">", with: "<header class=\"widget-header\"><img src=\"{{root}}_shared/brand.svg\" alt=\"\">")
            .write(toFile: header, atomically: true, encoding: .utf8)
        let failed = try cli.run(["build", "--root", root])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("templates/partials/header.mustache:1:49: error: '_shared/brand.svg' points at dist/"), "\(failed.stderr)")
        #expect(failed.stderr.contains(": note: found in the built output here"))
        #expect(failed.stderr.contains("note: and on "), "one finding for the line, not one per page")
        try "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".write(toFile: root + "/content/_shared/brand.svg", atomically: true, encoding: .utf8)
        #expect(try cli.run(["build", "--root", root]).status == 0)
        #expect(try cli.run(["verify", root + "/dist"]).status == 0)
    }

    @Test func verifyInsideAProjectReadsItsSettingsAndPointsAtSources() throws {
        let root = TestSupport.temporaryFolder("first-hour") + "/app"
        #expect(try cli.run(["init", root]).status == 0)
        #expect(try cli.run(["build"], in: root).status == 0)
        let binding = root + "/dist/handbook/placement.json"
        try read(binding).replacingOccurrences(of: "\"fa-book\"", with: "\"fa book!\"").write(toFile: binding, atomically: true, encoding: .utf8)
        let iconLine = try #require(read(root + "/content/handbook/index.md").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("iconName:") }) + 1
        let text = try cli.run(["verify"], in: root)
        #expect(text.stdout.contains("content/handbook/index.md:\(iconLine):3: warning: iconName 'fa book!'"), "\(text.stdout)")
        #expect(text.stdout.contains("dist/handbook/placement.json:"), "the output location stays as a note")
        let github = try cli.run(["verify", "--format", "github"], in: root)
        #expect(github.stdout.contains("::warning file=content/handbook/index.md,line=\(iconLine),col=3,title=options.iconName.style::"), "\(github.stdout)")
        #expect(github.stdout.contains("%0Adist/handbook/placement.json"), "notes reach the annotation")
        // placard-verify judges the artifact alone.
        let standalone = try cli.run(["dist", "--static-app"], in: root, executable: "placard-verify")
        #expect(standalone.stdout.contains("dist/handbook/placement.json:") && !standalone.stdout.contains("content/handbook"))
        // placard.yml's settings and findings count, and a flag still wins.
        TestSupport.write(["placard.yml": "hosting: static-app\nsizeBudget: 100\ncolour: red\n"], into: root)
        #expect(try cli.run(["build"], in: root).status == 0)
        let budget = try cli.run(["verify"], in: root)
        #expect(budget.stdout.contains("[bundle.size]") && budget.stdout.contains("placard.yml:3:1: warning: unknown key 'colour'"), "\(budget.stdout)")
        #expect(!(try cli.run(["verify", "--budget", "100000000"], in: root).stdout.contains("[bundle.size]")))
    }

    @Test func buildFormatsQuietAndVerbose() throws {
        let root = project(config: "hosting: static-app\ncolour: red\n")
        let json = try cli.run(["build", "--root", root, "--format", "json"])
        #expect(json.status == 0 && json.stderr.isEmpty, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["command"] as? String == "build" && document["succeeded"] as? Bool == true)
        #expect((document["summary"] as? [String: Int])?["warnings"] == 1)
        let total = try #require(document["milliseconds"] as? Double)
        let stages = try #require(document["stages"] as? [[String: Any]]).compactMap { $0["milliseconds"] as? Double }
        #expect(abs(stages.reduce(0, +) - total) < 0.05 * Double(stages.count) + 0.05, "the stages add up to the wall time: \(stages) vs \(total)")
        let github = try cli.run(["build", "--root", root, "--format", "github"])
        #expect(github.stdout.hasPrefix("::warning file=placard.yml,line=2,col=1,title=config.key.unknown::"), "\(github.stdout)")
        let quiet = try cli.run(["build", "--root", root, "--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.isEmpty, "\(quiet.stderr)")
        let verbose = try cli.run(["build", "--root", root, "--verbose"])
        #expect(verbose.stderr.contains("\n  w: 1 page\n"), "\(verbose.stderr)")
        let timings = try #require(verbose.stderr.split(separator: "\n").last { $0.contains(" = ") })
        let parts = timings.split(separator: "=")[0].split(separator: "·").compactMap { Double($0.split(separator: " ")[1]) }
        let sum = try #require(Double(timings.split(separator: "=")[1].split(separator: " ")[0]))
        #expect(abs(parts.reduce(0, +) - sum) < 0.05 * Double(parts.count) + 0.05, "\(timings)")
        #expect(try cli.run(["build", "--root", root, "--quiet", "--verbose"]).status == 2)
        #expect(try cli.run(["build", "--root", root, "--format", "yaml"]).status == 2)
        TestSupport.write(["content/w/index.md": "---\nplacement: IM_SIDEBARR\ntitle: W\n---\n"], into: root)
        let failing = try cli.run(["build", "--root", root, "--quiet"])
        #expect(failing.status == 1 && failing.stderr.hasPrefix("content/w/index.md:2:1: error:") && !failing.stderr.contains("warning") && !failing.stderr.contains("Build failed"), "\(failing.stderr)")
    }

    @Test func progressIsDrawnOnlyOnATerminal() throws {
        var files: [String: String] = ["placard.yml": "hosting: static-app\n"]
        files.merge(TestSupport.widget()) { a, _ in a }
        for n in 0..<300 { files["content/w/p\(n).md"] = "---\ntitle: Page \(n)\n---\nText of page \(n), *with* some [links](index.md).\n" }
        let root = TestSupport.project(files)
        let environment = ["PLACARD_PROGRESS_DELAY_MS": "0", "TERM": "xterm", "NO_COLOR": "1"]
        let terminal = try ConventionTests().onTerminal(["build", "--root", root], environment: environment)
        #expect(terminal.contains("/301 pages · ") && terminal.contains(" pages/s"), "\(terminal.suffix(300))")
        #expect(terminal.contains("Built 1 widget, 301 pages"))
        let piped = try cli.run(["build", "--root", root], environment: environment)
        #expect(piped.status == 0 && !piped.stderr.contains("pages/s") && !piped.stderr.contains("\r"), "\(piped.stderr)")
    }

    @Test func serveOpensTheBrowserOrSaysWhereThePreviewIs() throws {
        let root = project()
        let opened = TestSupport.temporaryFolder("first-hour") + "/opened.txt"
        let browser = TestSupport.temporaryFolder("first-hour") + "/browser.sh"
        try "#!/bin/sh\nprintf '%s' \"$1\" > '\(opened)'\n".write(toFile: browser, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: browser)
        let withBrowser = try serve(root, environment: ["BROWSER": browser]) { _ in !read(opened).isEmpty }
        #expect(read(opened).hasPrefix("http://127.0.0.1:") && read(opened).hasSuffix("/"), "\(withBrowser)")
        let headless = try serve(root, environment: ["BROWSER": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""]) { $0.contains("--open:") }
        #expect(headless.contains("--open: no browser on this machine"), "\(headless)")
    }

    /// Runs `placard serve --open --port 0` until it says where it serves and `done` accepts
    /// what it printed, then stops it; returns what it printed on standard output. It waits
    /// on those states, never on time (a minute is only a safety net for a stalled machine).
    func serve(_ root: String, environment: [String: String], until done: @escaping (String) -> Bool) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binaryFolder + "/placard")
        process.arguments = ["serve", "--root", root, "--port", "0", "--open"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let printed = Locked("")
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            printed.update { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
            out.fileHandleForReading.readabilityHandler = nil
        }
        TestSupport.waitUntil { printed.value.contains("press Ctrl-C") && done(printed.value) }
        return printed.value
    }
}

/// A value shared with a pipe's reading thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func update(_ change: (inout Value) -> Void) { lock.lock(); defer { lock.unlock() }; change(&stored) }

}

extension FirstHourTests {
    /// Markdown cmark prints as text and template names the context lacks are warnings the
    /// real binary prints at file:line:column: build still succeeds, `check` does not.
    @Test func markdownAndTemplateWarningsComeFromTheBinaryAtTheirLines() throws {
        let body = "| Role | Person |\n|---|---|\n| a | b |\n\n- [ ] todo\n\nSo ~~old~~ now.\n\n<b>bold</b>\n\n[^1]: a note\n"
        let root = project(extra: [
            "content/w/index.md": "---\nplacement: IM_SIDEBAR\ntitle: Widget\noptions:\n  iconName: fa-book\n---\n" + body,
            "templates/im-sidebar.mustache": "{{<base}}\n{{$befor}}\n<p>{{widget.titel}}</p>\n{{/befor}}\n{{/base}}\n",
        ])
        let build = try cli.run(["build"], in: root)
        #expect(build.status == 0, "\(build.stderr)")
        let lines = build.stderr.split(separator: "\n").map(String.init)
        for expected in [
            "content/w/index.md:15:1: warning: raw HTML is dropped here",
            "content/w/index.md:17:1: warning: a footnote ([^1]: …) is GitHub syntax Placard does not render",
            "templates/im-sidebar.mustache:2:1: warning: block 'befor' is not declared by 'base'",
            "templates/im-sidebar.mustache:3:4: warning: 'widget.titel' is not in the page context",
        ] {
            #expect(lines.contains { $0.hasPrefix(expected) }, "\(expected)\n\(build.stderr)")
        }
        #expect(build.stderr.contains("Did you mean 'before'?") && build.stderr.contains("Did you mean 'widget.title'?"))
        #expect(build.stderr.contains("unsafeHTML: true"))
        // GitHub's tables, task lists and strikethrough are rendered, so not warned about.
        #expect(!build.stderr.contains(":7:1:") && !build.stderr.contains(":11:") && !build.stderr.contains(":13:"), "\(build.stderr)")
        let check = try cli.run(["check"], in: root)
        #expect(check.status == 1, "warnings fail check: \(check.stderr)")
    }
}
