import Foundation
@testable import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing
import PlacardSystem

/// The output of a build never depends on how many threads made it (`PLACARD_THREADS`,
/// here set per test through `ConcurrentMap.$threads`), and the fast paths of the parse
/// stage give exactly what the general ones give.
@Suite struct ThreadCountTests {
    /// Builds `root` into a new folder with `threads` threads; returns the output's files.
    func build(_ root: String, threads: Int?) -> (BuildReport, [String: Data]) {
        let output = TestSupport.temporaryFolder("placard-threads") + "/dist"
        let report = ConcurrentMap.$threads.withValue(threads) { Pipeline.build(Project(root: root, output: output)) }
        return (report, TestSupport.snapshot(output))
    }

    /// A widget with many pages of varied Markdown, links between them, a nested page and a
    /// translation, so that one thread and many interleave differently.
    static func corpus(pages: Int) -> String {
        var files = TestSupport.widget("big", extra: "options:\n  iconName: fa-book\n  color: AZURE\n  context: [USER, CHAT]\n",
                                       body: "Start at [page 1](p1.md).\n")
        files["placard.yml"] = "baseURL: https://example.test/\ntitle: Threads\n"
        for i in 1...pages {
            let title = i % 7 == 0 ? "\"Quoted: title \(i)\"" : "Page \(i) of the handbook"
            files["content/big/p\(i).md"] = """
                ---
                title: \(title)
                weight: \(pages - i)
                ---
                # Heading \(i)

                Text with *emphasis*, `code` and a [link](p\((i % pages) + 1).md#part) back to [the start](index.md).

                - one
                - two

                ```swift
                let page = \(i)
                ```

                > A quote on page \(i).

                ## Part

                The part other pages link to.

                """
        }
        files["content/big/guide/setup.md"] = "---\ntitle: Setup\n---\nBack to [p1](../p1.md).\n"
        files["content/big/p1.de.md"] = "---\ntitle: Seite 1\n---\nÜbersetzung mit [Link](p2.md).\n"
        return TestSupport.project(files)
    }

    @Test func exampleSiteIsTheSameWithOneThreadAndMany() {
        let root = TestSupport.exampleProject()
        let (one, single) = build(root, threads: 1)
        let (many, parallel) = build(root, threads: nil)
        let (three, odd) = build(root, threads: 3)
        #expect(one.succeeded && many.succeeded && three.succeeded)
        #expect(!single.isEmpty)
        #expect(single == parallel)
        #expect(single == odd)
        #expect(one.findings.map(\.message) == many.findings.map(\.message))
    }

    @Test func largeWidgetIsTheSameWithOneThreadAndMany() {
        let root = Self.corpus(pages: 150)
        let (one, single) = build(root, threads: 1)
        let (many, parallel) = build(root, threads: 4)
        #expect(one.succeeded && many.succeeded)
        #expect(one.pages == 152)
        #expect(single == parallel)
        #expect(single.keys.contains("big/guide/setup.html"))
    }

    @Test func findingsComeInTheSameOrderWithOneThreadAndMany() {
        var files = TestSupport.widget("w")
        for i in 1...40 { files["content/w/p\(i).md"] = "---\ntitle: P\(i)\n---\n[broken](missing\(i).md) and [ok](index.md)\n" }
        let root = TestSupport.project(files)
        let (one, single) = build(root, threads: 1)
        let (many, parallel) = build(root, threads: 3)
        #expect(!one.succeeded)
        #expect(one.findings.map(\.message) == many.findings.map(\.message))
        #expect(one.findings.map { $0.location?.line } == many.findings.map { $0.location?.line })
        #expect(single.isEmpty && parallel.isEmpty)
    }

    @Test func fragmentFindingsOfManySharesComeInPageOrderWhileTheIndexIsMade() {
        // More pages than one share of the link check (512), each with a link to a heading
        // the next page does not have; search is on, so the index is made beside the check.
        var files = TestSupport.widget("w")
        for i in 1...600 { files["content/w/p\(i).md"] = "---\ntitle: P\(i)\n---\n# Here\n\n[next](p\(i % 600 + 1).md#gone\(i))\n" }
        let root = TestSupport.project(files)
        let (one, _) = build(root, threads: 1)
        let (many, _) = build(root, threads: 3)
        let missing = one.findings.filter { $0.rule == Rule.linkFragmentMissing.id }
        #expect(missing.count == 600)
        #expect(missing.map { $0.location?.file ?? "" } == missing.map { $0.location?.file ?? "" }.sorted(), "in page order")
        #expect(one.findings.map(\.message) == many.findings.map(\.message))
        #expect(one.stages.map(\.name) == many.stages.map(\.name))
    }

    @Test func failedBuildLeavesNoStagingFolder() {
        var files = TestSupport.widget("w")
        files["content/w/a.md"] = "---\ntitle: A\n---\n[broken](nowhere.md)\n"
        let root = TestSupport.project(files)
        let parent = TestSupport.temporaryFolder("placard-failed") + "/not/yet"
        let report = Pipeline.build(Project(root: root, output: parent + "/dist"))
        #expect(!report.succeeded)
        #expect(!report.wrote)
        // Not even the folders above the output were left behind.
        #expect(!FileManager.default.fileExists(atPath: parent))
    }

    @Test(arguments: [
        "title: Hello\nweight: 3\n",
        "title: \"Quoted: yes\"\n",
        "title: 'single'\n",
        "title: ''\n",
        "title: \"\"\n",
        "title:\n",
        "title:   \nweight: 1\n",
        "title: ~\n",
        "title: null\n",
        "title: Null value here\n",
        "# a comment\ntitle: After a comment\n\nweight: 2\n",
        "title: a, b [c] {d}\n",
        "title: it's fine\n",
        "title: Grüße aus Köln\n",
        "title: trailing spaces   \n",
        "title: x\nunknown_key: y\nother-key: z\n",
        "unsafeHTML: yes\n",
        "",
        "\n\n",
        // Everything below goes to Yams; the result must be the same either way.
        "title: a: b\n",
        "title: value # comment\n",
        "title: \"esc\\\"aped\"\n",
        "title: 'it''s'\n",
        "title: -5\n",
        "title: [a, b]\n",
        "title: &anchor x\n",
        "title: x\ntitle: y\n",
        "options:\n  iconName: fa-book\n  context: [USER]\n",
        "title: x\n  continued\n",
        "title:\tx\n",
        "- a\n- b\n",
        "plain\n",
        "title: \"unclosed\n",
        "title: x\r\nweight: 1\r\n",
        "title: line\u{2028}separator\n",
        "title: ends with colon:\n",
        "9key: x\n",
        "key : x\n",
        "key:x\n",
    ])
    func flatFrontMatterMatchesYams(_ yaml: String) {
        let general = YAMLMapping.parseWithYams(yaml, file: "f.md", lineOffset: 1)
        let fast = YAMLMapping.parse(yaml, file: "f.md", lineOffset: 1)
        #expect(describe(fast) == describe(general), "\(yaml.debugDescription)")
    }

    @Test(arguments: [
        "---\ntitle: A\n---\nBody\n",
        "---\ntitle: A\n---\n",
        "---\ntitle: A\n---",
        "---  \ntitle: A\n...\nBody\n\nmore\n",
        "---\n---\nEmpty front matter\n",
        "No front matter\n---\n",
        "",
        "---\ntitle: A\n",
        "---\r\ntitle: A\r\n---\r\nBody\r\n",
        "---\ntitle: A\n--- \t\n\n\nBody after blank lines\n",
        "----\ntitle: A\n---\n",
    ])
    func frontMatterSplitMatchesLineByLine(_ text: String) {
        let fast = FrontMatter.split(text, file: "f.md")
        let general = FrontMatter.splitLines(text, file: "f.md")
        #expect(describe(fast) == describe(general), "\(text.debugDescription)")
    }

    func describe(_ result: Result<FrontMatter, PlacardRules.Finding>) -> String {
        switch result {
        case .success(let value): "\(describe(.success(value.fields))) body=\(value.body.debugDescription) offset=\(value.bodyLineOffset)"
        case .failure(let finding): "failure \(finding.rule) \(finding.message) \(String(describing: finding.location))"
        }
    }

    func describe(_ result: Result<YAMLMapping, PlacardRules.Finding>) -> String {
        switch result {
        case .success(let mapping): mapping.fields.map { "\($0.key)@\($0.line):\($0.column)=\(describe($0.value))" }.joined(separator: ";")
        case .failure(let finding): "failure \(finding.rule) \(finding.message) \(String(describing: finding.location))"
        }
    }

    func describe(_ value: YAMLValue) -> String {
        switch value {
        case .scalar(let text, let quoted): "\(quoted ? "q" : "p")\(text.debugDescription)"
        case .list(let items): "[" + items.map(describe).joined(separator: ",") + "]"
        case .mapping(let mapping): "{" + describe(.success(mapping)) + "}"
        case .null: "null"
        }
    }
}
