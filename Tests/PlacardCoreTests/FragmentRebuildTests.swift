import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// serve's partial rebuilds check `#fragment` links against the pages they kept as well as the
/// ones they rendered: renaming a heading another page links to fails the rebuild at the link,
/// and fixing either side clears it.
@Suite("Fragment links across partial rebuilds")
struct FragmentRebuildTests {
    @Test func renamingALinkedHeadingFailsThePartialRebuildAtTheLink() {
        var files = TestSupport.widget(body: "Read the [setup](guide.md#setup).\n")
        files["placard.yml"] = "baseURL: https://w.example.com/\n"
        files["content/w/guide.md"] = "---\ntitle: Guide\n---\n## Setup\n\nText.\n"
        files["content/w/other.md"] = "---\ntitle: Other\n---\nNo links.\n"
        let root = TestSupport.project(files)
        var pipeline = Pipeline(project: Project(root: root))
        #expect(pipeline.run(.site).succeeded)

        // Only guide.md is rendered again; index.md's link is checked from what the first run kept.
        TestSupport.write(["content/w/guide.md": "---\ntitle: Guide\n---\n## Installation\n\nText.\n"], into: root)
        let renamed = pipeline.run(.pages(["w": ["content/w/guide.md"]]))
        let errors = renamed.findings.filter { $0.severity == .error }
        #expect(errors.map(\.rule) == [Rule.linkFragmentMissing.id], "\(renamed.findings)")
        #expect(errors.first?.location == SourceLocation(file: "content/w/index.md", line: 7, column: 10))
        #expect(errors.first?.widget == "w")

        // An edit of a third page keeps the finding (guide.md and index.md are kept, not re-read).
        TestSupport.write(["content/w/other.md": "---\ntitle: Other\n---\nStill no links.\n"], into: root)
        #expect(pipeline.run(.pages(["w": ["content/w/other.md"]])).findings.contains { $0.rule == Rule.linkFragmentMissing.id })

        // Fixing the link clears it.
        TestSupport.write(["content/w/index.md": TestSupport.widget(body: "Read the [setup](guide.md#installation).\n")["content/w/index.md"]!], into: root)
        let fixed = pipeline.run(.widgets(["w"]))
        #expect(fixed.succeeded, "\(fixed.findings)")
    }
}
