import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// `serve`'s rebuilds of single pages: each one must leave `dist/` byte for byte as a
/// fresh `placard build` of the same sources makes it.
@Suite("Incremental page rebuilds")
struct IncrementalBuildTests {
    static let files: [String: String] = [
        "placard.yml": "title: Pages\ndefaultLanguage: en\nbaseURL: https://widgets.example.com/\n",
        "content/help/index.md": "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  iconName: fa-book\nsearch: true\n---\n# Help\n\nSee [the guide](guide/setup.md) and [alpha](alpha.md).\n",
        "content/help/index.de.md": "---\ntitle: Hilfe\n---\nHilfe.\n",
        "content/help/alpha.md": "---\ntitle: Alpha\nweight: 1\n---\nAlpha text, see [beta](beta.md#top).\n",
        "content/help/alpha.de.md": "---\ntitle: Alpha (de)\n---\nAlpha auf Deutsch.\n",
        "content/help/beta.md": "---\ntitle: Beta\nweight: 2\n---\nBeta text with ![logo](logo.svg).\n",
        "content/help/gamma.md": "---\ntitle: Gamma\nweight: 3\n---\nGamma text.\n",
        "content/help/guide/setup.md": "---\ntitle: Setup\nweight: 4\n---\nBack to [alpha](../alpha.md).\n",
        "content/help/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "content/tool/index.md": "---\nplacement: IM_CONTEXT_MENU\ntitle: Tool\noptions:\n  context: USER\n---\nMessage tool.\n",
        "content/tool/notes.md": "---\ntitle: Notes\n---\nNotes.\n",
    ]

    /// A project from `files`, built once by a `Pipeline`.
    struct Fixture {
        let root: String
        var session: Pipeline

        init() {
            root = TestSupport.project(IncrementalBuildTests.files)
            session = Pipeline(project: Project(root: root))
            let first = session.run(.site)
            #expect(first.succeeded && first.wrote, "\(first.findings)")
            #expect(first.stages.map(\.name) == ["prepare", "load", "parse", "render", "index", "bundle", "write"])
        }

        var output: String { root + "/dist" }

        func write(_ path: String, _ text: String) { TestSupport.write([path: text], into: root) }
        func remove(_ path: String) { try? FileManager.default.removeItem(atPath: root + "/" + path) }
        func read(_ path: String) -> String { (try? String(contentsOfFile: root + "/" + path, encoding: .utf8)) ?? "" }
        /// The widget's page list (`nav.<hash>.json`), which holds every page's titles.
        func nav(_ widget: String = "help") -> String {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/dist/" + widget)) ?? []
            let lists = names.filter { $0.hasPrefix("nav.") && $0.hasSuffix(".json") }
            #expect(lists.count == 1, "one page list per widget: \(lists)")
            return lists.first.map { read("dist/\(widget)/" + $0) } ?? ""
        }

        mutating func edit(_ paths: String..., in widget: String = "help") -> BuildReport {
            session.run(.pages([widget: Set(paths)]))
        }

        /// `dist/` as `placard build` makes it from the same sources, and its findings.
        func fresh() -> ([String: Data], [Finding]) {
            let output = TestSupport.temporaryFolder("placard-fresh") + "/dist"
            let report = Pipeline.build(Project(root: root, output: output))
            return (TestSupport.snapshot(output), report.findings)
        }

        /// Expects the output and the findings to be a fresh build's.
        func expectFresh(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let (expected, expectedFindings) = fresh()
            let actual = TestSupport.snapshot(output)
            #expect(actual.keys.sorted() == expected.keys.sorted(), sourceLocation: sourceLocation)
            for (path, data) in expected where actual[path] != data {
                Issue.record("dist/\(path) differs from a fresh build", sourceLocation: sourceLocation)
            }
            #expect(Set(session.findings) == Set(expectedFindings), sourceLocation: sourceLocation)
        }

        func inode(_ path: String) -> UInt64 {
            let attributes = try? FileManager.default.attributesOfItem(atPath: output + "/" + path)
            return (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        }
    }

    @Test func makingAPageADraftAndPublishingItAgainMatchesAFreshBuild() {
        var fixture = Fixture()
        fixture.write("content/help/gamma.md", "---\ntitle: Gamma\nweight: 3\ndraft: true\n---\nGamma text.\n")
        let drafted = fixture.edit("content/help/gamma.md")
        #expect(drafted.succeeded && drafted.wrote, "\(drafted.findings)")
        #expect(drafted.findings.map(\.rule) == ["frontmatter.draft"])
        #expect(!FileManager.default.fileExists(atPath: fixture.output + "/help/gamma.html"))
        #expect(!fixture.read("dist/help/index.html").contains("gamma.html"), "the navigation lost the draft")
        fixture.expectFresh()
        fixture.write("content/help/gamma.md", "---\ntitle: Gamma\nweight: 3\n---\nGamma text.\n")
        let published = fixture.edit("content/help/gamma.md")
        #expect(published.succeeded && published.findings.isEmpty, "\(published.findings)")
        #expect(fixture.read("dist/help/gamma.html").contains("Gamma text."))
        fixture.expectFresh()
    }

    @Test func firstBuildMatchesAFreshBuild() {
        let fixture = Fixture()
        #expect(FileManager.default.fileExists(atPath: fixture.output + "/.nojekyll"))
        fixture.expectFresh()
    }

    @Test func oneEditRebuildsOnlyThatPage() {
        var fixture = Fixture()
        let others = ["help/index.html", "help/alpha.html", "help/gamma.html", "help/guide/setup.html", "help/placement.json", "tool/index.html"]
        let before = others.map(fixture.inode)
        let index = { Set((FileManager.default.subpaths(atPath: fixture.output + "/help/search") ?? []).filter { $0.contains(".") }) }
        let indexBefore = index()
        fixture.write("content/help/beta.md", "---\ntitle: Beta\nweight: 2\n---\nBeta text, **edited**, with ![logo](logo.svg).\n")
        let report = fixture.edit("content/help/beta.md")
        #expect(report.succeeded && report.wrote, "\(report.findings)")
        #expect(report.widgets == 1)
        #expect(report.pages == 1)
        // The page, and of the search index the entry and the files whose content changed
        // (the page's fragment group, the chunks and map that name it); nothing else.
        let indexAfter = index()
        #expect(!indexAfter.subtracting(indexBefore).isEmpty && indexAfter.count == indexBefore.count)
        #expect(report.files == 1 + 1 + indexAfter.subtracting(indexBefore).count)
        #expect(report.stages.map(\.name) == ["load", "parse", "render", "index", "bundle", "write"])
        #expect(fixture.read("dist/help/beta.html").contains("<strong>edited</strong>"))
        #expect(others.map(fixture.inode) == before, "no other file is rewritten")
        fixture.expectFresh()

        // A translation and a page in a sub-folder are pages of their own too.
        fixture.write("content/help/alpha.de.md", "---\ntitle: Alpha (de)\n---\nNeu auf Deutsch.\n")
        fixture.write("content/help/guide/setup.md", "---\ntitle: Setup\nweight: 4\n---\nBack to [alpha](../alpha.md), edited.\n")
        let two = fixture.edit("content/help/alpha.de.md", "content/help/guide/setup.md")
        #expect(two.succeeded && two.wrote)
        #expect(two.pages == 2)
        #expect(fixture.read("dist/help/alpha.html").contains("Neu auf Deutsch."))
        #expect(fixture.read("dist/help/guide/setup.html").contains("edited"))
        fixture.expectFresh()
    }

    @Test func titleEditRerendersTheWidgetsNavigation() {
        var fixture = Fixture()
        fixture.write("content/help/gamma.md", "---\ntitle: Gamma renamed\nweight: 3\n---\nGamma text.\n")
        let report = fixture.edit("content/help/gamma.md")
        #expect(report.succeeded && report.wrote)
        #expect(report.pages == 5, "every page of the widget shows the title in its navigation")
        #expect(fixture.nav().contains("Gamma renamed"))
        #expect(fixture.read("dist/tool/index.html").contains("Notes"))
        fixture.expectFresh()

        // A translation's title is in the navigation too.
        fixture.write("content/help/alpha.de.md", "---\ntitle: Alpha neu\n---\nAlpha auf Deutsch.\n")
        #expect(fixture.edit("content/help/alpha.de.md").pages == 5)
        #expect(fixture.read("dist/help/beta.html").contains("Alpha neu"))
        fixture.expectFresh()
    }

    @Test func weightChangeReorders() {
        var fixture = Fixture()
        func order() -> [String] {
            let list = fixture.nav()
            return ["alpha", "beta", "gamma", "guide/setup"].sorted {
                list.range(of: "\"path\":\"\($0).html\"")!.lowerBound < list.range(of: "\"path\":\"\($1).html\"")!.lowerBound
            }
        }
        #expect(order() == ["alpha", "beta", "gamma", "guide/setup"])
        fixture.write("content/help/gamma.md", "---\ntitle: Gamma\nweight: 0\n---\nGamma text.\n")
        let report = fixture.edit("content/help/gamma.md")
        #expect(report.succeeded && report.pages == 5)
        #expect(order() == ["gamma", "alpha", "beta", "guide/setup"])
        fixture.expectFresh()
    }

    @Test func newAndDeletedPagesRebuildTheWidget() {
        var fixture = Fixture()
        fixture.write("content/help/delta.md", "---\ntitle: Delta\nweight: 5\n---\nNew page, see [gamma](gamma.md).\n")
        let added = fixture.edit("content/help/delta.md")
        #expect(added.succeeded && added.wrote)
        #expect(added.pages == 6)
        #expect(fixture.nav().contains("delta.html"))
        fixture.expectFresh()

        fixture.remove("content/help/delta.md")
        let removed = fixture.edit("content/help/delta.md")
        #expect(removed.succeeded && removed.wrote)
        #expect(!FileManager.default.fileExists(atPath: fixture.output + "/help/delta.html"))
        fixture.expectFresh()

        // A deleted page breaks the links to it in other pages; restoring it fixes them.
        fixture.write("content/help/alpha.md", "---\ntitle: Alpha\nweight: 1\n---\nAlpha text, see [gamma](gamma.md).\n")
        #expect(fixture.edit("content/help/alpha.md").pages == 1)
        let gamma = fixture.read("content/help/gamma.md")
        fixture.remove("content/help/gamma.md")
        let broken = fixture.edit("content/help/gamma.md")
        #expect(!broken.succeeded && !broken.wrote)
        #expect(broken.findings.map(\.rule) == ["link.missing-page"])
        #expect(broken.findings.first?.location?.file == "content/help/alpha.md")
        #expect(FileManager.default.fileExists(atPath: fixture.output + "/help/gamma.html"), "the last good output stays")
        fixture.write("content/help/gamma.md", gamma)
        let restored = fixture.edit("content/help/gamma.md")
        #expect(restored.succeeded && restored.wrote, "\(restored.findings)")
        #expect(restored.findings.isEmpty)
        fixture.expectFresh()
    }

    @Test func anErrorInOnePageKeepsTheOutputAndItsFixClearsIt() {
        var fixture = Fixture()
        let before = TestSupport.snapshot(fixture.output)
        fixture.write("content/help/beta.md", "---\ntitle: Beta\nweight: 2\n---\nBeta links to [nowhere](missing.md).\n")
        let broken = fixture.edit("content/help/beta.md")
        #expect(!broken.succeeded && !broken.wrote)
        #expect(broken.pages == 1)
        #expect(broken.findings.map(\.rule) == ["link.missing-page"])
        #expect(broken.findings.first?.location?.file == "content/help/beta.md")
        #expect(TestSupport.snapshot(fixture.output) == before, "nothing is written while an error is known")
        #expect(Set(fixture.session.findings) == Set(fixture.fresh().1), "the findings of a fresh build")

        // Another page's edit is not written either while the error stands.
        fixture.write("content/help/alpha.md", "---\ntitle: Alpha\nweight: 1\n---\nAlpha, edited while beta is broken.\n")
        #expect(!fixture.edit("content/help/alpha.md").wrote)
        #expect(TestSupport.snapshot(fixture.output) == before)

        // The fix clears the finding and writes everything that waited.
        fixture.write("content/help/beta.md", "---\ntitle: Beta\nweight: 2\n---\nBeta fixed.\n")
        let fixed = fixture.edit("content/help/beta.md")
        #expect(fixed.succeeded && fixed.wrote)
        #expect(fixed.findings.isEmpty)
        #expect(fixed.widgets == 2 && fixed.pages == 7, "the first clean build after a failed one writes the whole site")
        #expect(fixed.stages.map(\.name) == ["load", "parse", "render", "index", "bundle", "write"])
        #expect(fixture.read("dist/help/alpha.html").contains("edited while beta is broken"))
        fixture.expectFresh()

        // A page without a title takes it from its file name (docs/markdown.md).
        fixture.write("content/help/gamma.md", "---\nweight: 3\n---\nNo title.\n")
        let untitled = fixture.edit("content/help/gamma.md")
        #expect(untitled.findings.isEmpty)
        #expect(fixture.read("dist/help/gamma.html").contains("<title>Gamma"))
        fixture.write("content/help/gamma.md", "---\ntitle: Gamma\nweight: 3\nsummary: x\n---\nGamma text.\n")
        let warned = fixture.edit("content/help/gamma.md")
        #expect(warned.succeeded && warned.wrote)
        #expect(warned.findings.map(\.rule) == ["frontmatter.key.unknown"])
        fixture.expectFresh()
        fixture.write("content/help/gamma.md", "---\ntitle: Gamma\nweight: 3\n---\nGamma text.\n")
        let clean = fixture.edit("content/help/gamma.md")
        #expect(clean.pages == 1 && clean.findings.isEmpty, "a fixed warning is cleared")
        fixture.expectFresh()
    }

    @Test func indexFrontMatterRebuildsTheWidget() {
        var fixture = Fixture()
        fixture.write("content/help/index.md", "---\nplacement: IM_SIDEBAR\ntitle: Help desk\noptions:\n  iconName: fa-book\n  color: GREEN\nsearch: true\n---\n# Help\n\nSee [the guide](guide/setup.md) and [alpha](alpha.md).\n")
        let report = fixture.edit("content/help/index.md")
        #expect(report.succeeded && report.wrote)
        #expect(report.pages == 5)
        #expect(fixture.read("dist/help/placement.json").contains("\"color\" : \"GREEN\""))
        #expect(fixture.read("dist/placements.json").contains("Help desk"))
        #expect(fixture.read("dist/help/beta.html").contains("Help desk"))
        fixture.expectFresh()

        // A translation of index.md is the widget's title in that language.
        fixture.write("content/help/index.de.md", "---\ntitle: Hilfe-Center\n---\nHilfe.\n")
        #expect(fixture.edit("content/help/index.de.md").pages == 5)
        #expect(fixture.read("dist/help/placement.json").contains("Hilfe-Center"))
        fixture.expectFresh()
    }

    @Test func assetsAndWholeWidgetsStillRebuild() {
        var fixture = Fixture()
        fixture.write("content/help/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>")
        let report = fixture.session.run(.widgets(["help"]))
        #expect(report.succeeded && report.wrote && report.pages == 5)
        fixture.expectFresh()
        // An unknown widget in a page batch is a full rebuild.
        fixture.write("content/extra/index.md", "---\nplacement: IM_CONTEXT_MENU\ntitle: Extra\n---\nNew.\n")
        let full = fixture.edit("content/extra/index.md", in: "extra")
        #expect(full.succeeded && full.widgets == 3)
        fixture.expectFresh()
    }
}
