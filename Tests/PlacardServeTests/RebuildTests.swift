import Foundation
import Hummingbird
import HummingbirdTesting
import PlacardCore
import PlacardRules
import Testing
@testable import PlacardServe
import PlacardSystem
import PlacardTestSupport

@Suite("Watching and rebuilding")
struct RebuildTests {
    /// A `Rebuilder` after its initial build, with the state it publishes and the lines it prints.
    static func start(_ project: TestProject) -> (Rebuilder, LiveState, Locked<[String]>) {
        let live = LiveState(site: SiteInfo(bx24Script: "", defaultLanguage: "en", title: ""))
        let lines = Locked<[String]>([])
        var rebuilder = Rebuilder(project: project.project, live: live) { line in lines.withLock { $0.append(line) } }
        rebuilder.initialBuild()
        return (rebuilder, live, lines)
    }

    @Test func classifierRules() {
        let classifier = ChangeClassifier(outputRelative: "dist")
        #expect(classifier.classify("content/help/index.md") == .widgets(["help"]))
        #expect(classifier.classify("content/help/guide/setup.de.md") == .pages(["help": ["content/help/guide/setup.de.md"]]))
        #expect(classifier.classify("content/help/logo.png") == .widgets(["help"]))
        #expect(classifier.classify("templates/base.mustache") == .full)
        #expect(classifier.classify("templates/partials/nav.mustache") == .full)
        #expect(classifier.classify("placard.yml") == .full)
        #expect(classifier.classify("content/_shared/logo.svg") == .full)
        #expect(classifier.classify("content/new-widget") == .full)
        #expect(classifier.classify("content/stray.md") == .full)
        #expect(classifier.classify("content/Bad Name/index.md") == .full)
        #expect(classifier.classify("content/_drafts/index.md") == .nothing)
        #expect(classifier.classify("dist/help/index.html") == .nothing)
        #expect(classifier.classify("fixtures/user.get.json") == .nothing)
        #expect(classifier.classify("README.md") == .nothing)
        for temporary in ["content/help/.index.md.swp", "content/help/index.md~", "content/help/4913", "content/help/#index.md#",
                          "templates/.base.mustache.swx", "content/help/index.md.tmp", "content/help/.DS_Store", "content/.git/x",
                          "content/help/sedX1b2Qz"] {
            #expect(classifier.classify(temporary) == .nothing, "\(temporary)")
        }
        #expect(classifier.plan(for: ["content/a/index.md", "content/b/x.md", "content/a/.x.swp"]) == .widgets(["a", "b"]))
        #expect(classifier.plan(for: ["content/a/index.md", "templates/base.mustache"]) == .full)
        #expect(classifier.plan(for: ["content/a/x.md~"]) == .nothing)
        let inside = ChangeClassifier(project: Project(root: "/p", output: "/p/content/out"))
        #expect(inside.classify("content/out/help/index.html") == .nothing)
        #expect(ChangeClassifier(project: Project(root: "/p", output: "/elsewhere")).outputRelative == nil)
    }

    @Test func stylesheetEditsAreTheirOwnPlan() {
        let classifier = ChangeClassifier(outputRelative: "dist")
        #expect(classifier.classify("templates/style.css") == .stylesheet)
        #expect(classifier.classify("templates/partials/style.css") == .full)
        #expect(classifier.plan(for: ["templates/style.css", "templates/.style.css.swp"]) == .stylesheet)
        #expect(classifier.plan(for: ["templates/style.css", "content/a/x.md"]) == .full)
        #expect(classifier.plan(for: ["content/a/index.md", "templates/style.css"]) == .full)
    }

    @Test func stylesheetRebuildNamesTheNewFileInsteadOfReloading() throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (started, live, lines) = Self.start(project)
        var rebuilder = started
        let before = try project.read("dist/help/index.html")
        try project.write("templates/style.css", "body { color: rgb(1, 2, 3); }\n")
        rebuilder.apply(.stylesheet)
        let sheet = try #require(live.status.stylesheet)
        #expect(live.status.ok && live.status.changed == nil)
        #expect(sheet.name.hasPrefix("style.") && sheet.name.hasSuffix(".css") && !before.contains(sheet.name))
        #expect(try project.read("dist/help/" + sheet.name).contains("rgb(1, 2, 3)"))
        #expect(try project.read("dist/help/index.html").contains("\(sheet.name)\" integrity=\"\(sheet.integrity)\""))
        #expect(lines.current.last?.hasPrefix("Rebuilt the stylesheet: 3 widgets") == true)
        #expect(LiveState.event("state", live.status).contains("\"stylesheet\":{\"integrity\":\"sha384-"))

        // Any other build names none, so pages reload.
        rebuilder.apply(.full)
        #expect(live.status.stylesheet == nil)
        // While the overlay shows, a stylesheet fix reloads the pages as any full build does.
        try project.write("templates/base.mustache", "<html>{{#broken}</html>")
        rebuilder.apply(.full)
        try project.write("templates/base.mustache", TestProject.files["templates/base.mustache"]!)
        try project.write("templates/style.css", "body { color: rgb(4, 5, 6); }\n")
        rebuilder.apply(.stylesheet)
        #expect(live.status.ok && live.status.stylesheet == nil)
    }

    @Test func classifierNamesEditedPages() {
        let classifier = ChangeClassifier(outputRelative: "dist")
        #expect(classifier.classify("content/help/faq.md") == .pages(["help": ["content/help/faq.md"]]))
        #expect(classifier.classify("content/help/faq.de.md") == .pages(["help": ["content/help/faq.de.md"]]))
        #expect(classifier.classify("content/help/guide/index.md") == .pages(["help": ["content/help/guide/index.md"]]))
        // index.md (and its translations) declare the widget: the whole widget rebuilds.
        #expect(classifier.classify("content/help/index.md") == .widgets(["help"]))
        #expect(classifier.classify("content/help/index.de.md") == .widgets(["help"]))
        #expect(classifier.classify("content/help/guide") == .widgets(["help"]))
        #expect(classifier.classify("content/help/faq.md.swp") == .nothing)
        #expect(classifier.classify("content/help/sedimentary.png") == .widgets(["help"]))
        #expect(classifier.plan(for: ["content/a/x.md", "content/a/y.de.md", "content/b/z.md", "content/a/x.md~"])
                == .pages(["a": ["content/a/x.md", "content/a/y.de.md"], "b": ["content/b/z.md"]]))
        #expect(classifier.plan(for: ["content/a/x.md", "content/b/logo.png"]) == .widgets(["a", "b"]),
                "a batch with a widget-wide change rebuilds the widgets it names whole")
        #expect(classifier.plan(for: ["content/a/x.md", "placard.yml"]) == .full)
    }

    @Test func pageEditsRebuildOnePage() throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (started, live, lines) = Self.start(project)
        var rebuilder = started
        let classifier = ChangeClassifier(project: project.project)
        try project.write("content/help/guide.md", "---\ntitle: Guide\n---\nAn edited second page.\n")
        rebuilder.apply(classifier.plan(for: ["content/help/guide.md"]))
        #expect(live.status.ok && live.status.changed == ["help"])
        #expect(lines.current.last?.hasPrefix("Rebuilt help: 1 widget, 1 page in ") == true, "\(lines.current)")
        #expect(try project.read("dist/help/guide.html").contains("An edited second page."))
        // A new page is not an edit: its widget rebuilds.
        try project.write("content/help/more.md", "---\ntitle: More\n---\nA third page.\n")
        rebuilder.apply(classifier.plan(for: ["content/help/more.md"]))
        #expect(lines.current.last?.hasPrefix("Rebuilt help: 1 widget, 3 pages in ") == true, "\(lines.current)")
        #expect(try project.read("dist/help/more.html").contains("A third page."))
    }

    @Test func debouncerWaitsForQuiet() {
        var debouncer = Debouncer(quiet: 0.05, limit: 0.5)
        #expect(debouncer.deadline == nil)
        #expect(debouncer.take(at: 10) == nil)
        debouncer.add(["a"], at: 10.00)
        debouncer.add(["b", "a"], at: 10.03)
        #expect(debouncer.take(at: 10.06) == nil, "only 30 ms since the last event")
        #expect(debouncer.deadline == 10.08)
        #expect(debouncer.take(at: 10.08) == ["a", "b"])
        #expect(debouncer.deadline == nil)
        // A stream of events never quiet for 50 ms still builds after `limit`.
        for i in 0..<20 { debouncer.add(["c"], at: 20 + Double(i) * 0.04) }
        #expect(debouncer.deadline == 20.5)
        #expect(debouncer.take(at: 20.5) == ["c"])
    }

    @Test func oneWidgetRebuildTouchesOnlyThatBundle() throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        var session = Pipeline(project: project.project)
        let first = session.run(.site)
        #expect(first.succeeded && first.wrote)
        #expect(FileManager.default.fileExists(atPath: project.output + "/.nojekyll"), "the same files as placard build")
        let otherBefore = try inode(project.output + "/snippets/index.html")
        try project.write("content/help/index.md", "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  iconName: fa-book\n---\nChanged text.\n")
        let report = session.run(.widgets(["help"]))
        #expect(report.succeeded && report.wrote)
        #expect(report.widgets == 1)
        #expect(report.pages == 2)
        #expect(try project.read("dist/help/index.html").contains("Changed text."))
        #expect(try inode(project.output + "/snippets/index.html") == otherBefore, "other bundles are not rewritten")
        #expect(try project.read("dist/placements.json").contains("\"IM_SIDEBAR\""))
    }

    @Test func failedBuildKeepsOutputAndRecovers() throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        var session = Pipeline(project: project.project)
        _ = session.run(.site)
        let good = try project.read("dist/help/index.html")
        try project.write("templates/base.mustache", "<html>{{#broken}</html>")
        let broken = session.run(.site)
        #expect(!broken.succeeded && !broken.wrote)
        #expect(try project.read("dist/help/index.html") == good)
        let problem = try #require(broken.findings.first { $0.severity == .error })
        let overlay = Rebuilder.problem(problem, source: session.sourceText(of:))
        #expect(overlay.file == "templates/base.mustache")
        #expect(overlay.line == 1)
        #expect(overlay.snippet == [.init(number: 1, text: "<html>{{#broken}</html>")])

        try project.write("templates/base.mustache", TestProject.files["templates/base.mustache"]!)
        #expect(session.run(.site).wrote)

        // A content edit while another widget is broken cannot be written; the fix writes both.
        try project.write("content/help/index.md", "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  color: TEAL\n---\nx\n")
        #expect(!session.run(.widgets(["help"])).wrote)
        try project.write("content/snippets/index.md", "---\nplacement: IM_TEXTAREA\ntitle: Snippets\noptions:\n  iconName: fa-paste\n---\nEdited while broken.\n")
        #expect(!session.run(.widgets(["snippets"])).wrote)
        try project.write("content/help/index.md", "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  iconName: fa-book\n---\nfixed\n")
        let fixed = session.run(.widgets(["help"]))
        #expect(fixed.succeeded && fixed.wrote)
        #expect(fixed.widgets == 3, "a clean build after a failed one writes the whole site")
        #expect(try project.read("dist/snippets/index.html").contains("Edited while broken."))
    }

    @Test func newAndRemovedWidgetsRebuildEverything() throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        var session = Pipeline(project: project.project)
        _ = session.run(.site)
        try project.write("content/extra/index.md", "---\nplacement: IM_CONTEXT_MENU\ntitle: Extra\n---\nNew.\n")
        let added = session.run(.widgets(["extra"]))
        #expect(added.succeeded && added.widgets == 4)
        #expect(FileManager.default.fileExists(atPath: project.output + "/extra/index.html"))
        try FileManager.default.removeItem(atPath: project.root + "/content/extra")
        let removed = session.run(.widgets(["extra"]))
        #expect(removed.succeeded && removed.widgets == 3)
        #expect(!FileManager.default.fileExists(atPath: project.output + "/extra"))
    }

    @Test func rebuilderPublishesStatesWithOverlayData() throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (started, live, lines) = Self.start(project)
        var rebuilder = started
        #expect(live.status.generation == 1 && live.status.ok)
        #expect(live.site.title == "Test widgets")
        try project.write("content/help/index.md", "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  color: TEAL\n---\nx\n")
        rebuilder.apply(.widgets(["help"]))
        #expect(live.status.generation == 2 && !live.status.ok)
        #expect(live.status.errors.contains { $0.file == "content/help/index.md" && $0.line > 0 && !$0.snippet.isEmpty })
        try project.write("content/help/index.md", "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  iconName: fa-book\n---\nfixed\n")
        rebuilder.apply(.widgets(["help"]))
        #expect(live.status.ok)
        #expect(live.status.changed == nil, "the first good build after a failure covers every widget")
        try project.write("content/help/index.md", "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  iconName: fa-book\n---\nagain\n")
        rebuilder.apply(.widgets(["help"]))
        #expect(live.status.changed == ["help"])
        #expect(lines.current.last?.hasPrefix("Rebuilt help: 1 widget, 2 pages in ") == true)
    }

    @Test func watcherReportsSavesNewFoldersAndIgnoresTemporaries() throws {
        #if os(Linux)
        let project = try TestProject(build: false)
        defer { project.remove() }
        let watcher = try #require(Watcher(project: project.project, quiet: 0.05))
        let batches = Locked<[[String]]>([])
        let thread = Thread { watcher.run { batch, _ in batches.withLock { $0.append(batch) } } }
        thread.start()
        defer { watcher.stop() }
        func waitFor(_ condition: @escaping ([[String]]) -> Bool) -> Bool {
            TestSupport.waitUntil { condition(batches.current) }
        }
        // What must never trigger a build is written first, then a file that must: inotify
        // reports in order, so once the second is seen the first was read too. Whether the two
        // came in one batch depends on the machine's speed; that no batch of temporaries alone
        // was delivered does not.
        try project.write("content/help/.index.md.swp", "x")
        try project.write("content/help/index.md", "changed")
        #expect(waitFor { $0.contains { $0.contains("content/help/index.md") } })
        #expect(!batches.current.contains { $0.allSatisfy { $0.hasSuffix(".swp") } }, "editor temporaries never trigger a build")
        try project.write("content/fresh/deep/page.md", "new")
        #expect(waitFor { $0.joined().contains("content/fresh/deep/page.md") })
        try project.write("content/fresh/deep/later.md", "watched folder")
        #expect(waitFor { $0.joined().contains("content/fresh/deep/later.md") })
        try project.write("placard.yml", "title: x\n")
        #expect(waitFor { $0.joined().contains("placard.yml") })
        try project.write("dist/help/index.html", "output")
        try project.write("notes.txt", "ignored")
        try project.write("content/help/sentinel.md", "after the ignored ones")
        #expect(waitFor { $0.joined().contains("content/help/sentinel.md") })
        #expect(!batches.current.contains { $0.allSatisfy { $0.hasPrefix("dist/") || $0 == "notes.txt" } }, "\(batches.current)")
        #endif
    }

    @Test func liveStateStreamsStartWithTheCurrentState() async throws {
        let live = LiveState(site: SiteInfo(bx24Script: "", defaultLanguage: "en", title: ""))
        live.publish(ok: true, changed: nil, milliseconds: 3, errors: [], warnings: 0, site: live.site)
        let stream = try #require(live.subscribe()).stream
        #expect(live.subscriberCount == 1)
        live.publish(ok: false, changed: ["help"], milliseconds: 4, errors: [], warnings: 1, site: live.site)
        live.broadcast("rest", ["method": "user.get"])
        live.closeAll()
        var chunks: [String] = []
        for await chunk in stream { chunks.append(chunk) }
        #expect(chunks.count == 3)
        #expect(chunks[0].hasPrefix("retry: 1000\n\nevent: state\ndata: {"))
        #expect(chunks[0].contains("\"generation\":1"))
        #expect(chunks[1].contains("\"generation\":2") && chunks[1].contains("\"ok\":false"))
        #expect(chunks[2] == "event: rest\ndata: {\"method\":\"user.get\"}\n\n")
        #expect(live.subscriberCount == 0)
    }

    @Test func eventsEndpointStreamsServerSentEvents() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, live, _) = project.app()
        try await app.test(.router) { client in
            async let response = client.execute(uri: "/_placard/events", method: .get)
            // Publish only once the stream is subscribed, so the test sees the event it sends.
            #expect(await TestSupport.waitUntilAsync { live.subscriberCount > 0 })
            live.publish(ok: true, changed: ["help"], milliseconds: 1, errors: [], warnings: 0, site: live.site)
            live.closeAll()
            let events = try await response
            #expect(events.headers[.contentType] == "text/event-stream; charset=utf-8")
            #expect(events.headers[.cacheControl] == "no-store")
            #expect(events.text.contains("event: state"))
            #expect(events.text.contains("\"changed\":[\"help\"]"))
        }
    }
}

private func inode(_ path: String) throws -> UInt64 {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
}
