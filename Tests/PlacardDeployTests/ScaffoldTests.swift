import Foundation
import PlacardCore
import PlacardDeploy
import PlacardRules
import PlacardTestSupport
import PlacardVerify
import Testing

@Suite("placard init")
struct ScaffoldTests {
    @Test("the new project builds cleanly and has a widget for every placement")
    func buildsCleanly() throws {
        let root = TestSupport.temporaryFolder("placard-init") + "/new"
        let written = try Scaffold().write(into: root)
        #expect(written.count == Scaffold().files.count)
        let report = Deploy.build(root)
        #expect(!report.findings.hasErrors, "\(report.findings)")
        // hosting: static-app says where the handlers come from: nothing to warn about.
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.wrote)

        let placements = try #require(Deploy.json(Deploy.text(root + "/dist/placements.json")) as? [[String: Any]])
        let codes = placements.compactMap { $0["PLACEMENT"] as? String }
        #expect(Set(codes) == Set(Placement.buildable.map(\.code)))
        #expect(codes.count == Placement.buildable.count)
        #expect(codes.contains("IMMOBILE_CONTEXT_MENU"))
        for name in ["index.html", "install.html"] {
            #expect(FileManager.default.fileExists(atPath: root + "/dist/" + name))
        }
        let verified = try Verifier(options: VerifyOptions(staticApp: true)).verify(directory: root + "/dist")
        #expect(verified.findings.isEmpty, "a static app's verification has not even the POST note: \(verified.findings)")
        // Search is on by default: every widget of more than one page has the box and an index
        // that finds its pages; a widget of one page has neither.
        let fm = FileManager.default
        for widget in try fm.contentsOfDirectory(atPath: root + "/content").filter({ !$0.hasPrefix("_") }).sorted() {
            let pages = try fm.contentsOfDirectory(atPath: root + "/content/" + widget).filter { $0.hasSuffix(".md") && $0.split(separator: ".").count == 2 }
            let index = Deploy.text(root + "/dist/" + widget + "/index.html")
            #expect(fm.fileExists(atPath: root + "/dist/" + widget + "/search/index.json") == (pages.count > 1), "\(widget)")
            #expect(index.contains("<input class=\"placard-search-input\" id=\"placard-search-input\" type=\"search\"") == (pages.count > 1), "\(widget)")
        }
        let hits = SearchQuery.search("question", bundle: "handbook", files: { Deploy.bytes(root + "/dist/" + $0).isEmpty ? nil : Deploy.bytes(root + "/dist/" + $0) },
                                      language: "en", defaultLanguage: "en")
        #expect(hits.map(\.path).contains("faq.html"), "\(hits)")
    }

    @Test("the project has templates, settings, a README and a CI workflow that runs placard-verify")
    func projectFiles() {
        let paths = Set(Scaffold().files.map(\.path))
        for path in ["placard.yml", "README.md", ".github/workflows/placard.yml", "templates/base.mustache", "templates/style.css",
                     "templates/partials/header.mustache", "templates/partials/footer.mustache"] {
            #expect(paths.contains(path), "\(path)")
        }
        for placement in Placement.buildable {
            #expect(paths.contains("templates/\(placement.templateName).mustache"))
        }
        let workflow = Scaffold().files.first { $0.path == ".github/workflows/placard.yml" }!.text
        #expect(workflow.contains("placard build --format github"))
        #expect(workflow.contains("placard verify --format github"))
        // PLACARD_REPO is checked before anything is installed, with a sentence saying where to set it.
        let check = try! #require(workflow.range(of: "if [ -z \"$PLACARD_REPO\" ]"))
        #expect(check.lowerBound < workflow.range(of: "apt-get")!.lowerBound)
        #expect(workflow.contains("Settings → Secrets and variables → Actions → Variables"))
        // Placard is compiled only when its version (the commit PLACARD_REF names) is not cached.
        #expect(workflow.contains("uses: actions/cache@v4"))
        #expect(workflow.contains("key: placard-${{ runner.os }}-swift6.3-${{ steps.placard.outputs.commit }}"))
        #expect(workflow.contains("if: steps.cache.outputs.cache-hit != 'true'"))
        #expect(workflow.contains("scripts/install --prefix /opt/placard"))
        let readme = Scaffold().files.first { $0.path == "README.md" }!.text
        #expect(readme.contains("PLACARD_REPO") && readme.contains("## CI"))
        #expect(!readme.contains("POST"), "a static app's README has no POST note")
        let hosted = Scaffold(baseURL: "https://w.example.com/")
        #expect(hosted.files.first { $0.path == "README.md" }!.text.contains("curl -X POST -i https://w.example.com/handbook/"))
        #expect(hosted.files.first { $0.path == "placard.yml" }!.text.contains("hosting: self-hosted\nbaseURL: \"https://w.example.com/\""))
        #expect(hosted.files.first { $0.path == ".github/workflows/placard.yml" }!.text.contains("path: dist/"))
        let all = Scaffold().files.map(\.text).joined()
        #expect(!all.contains("Acme"))
    }

    @Test("refuses to overwrite: names the first existing file and writes nothing")
    func refusesToOverwrite() throws {
        let root = TestSupport.temporaryFolder("placard-init")
        try FileManager.default.createDirectory(atPath: root + "/templates", withIntermediateDirectories: true)
        try "mine".write(toFile: root + "/templates/style.css", atomically: true, encoding: .utf8)
        try "mine".write(toFile: root + "/README.md", atomically: true, encoding: .utf8)
        #expect {
            try Scaffold().write(into: root)
        } throws: { error in
            guard case ScaffoldError.exists(let path) = error else { return false }
            return path == root + "/README.md" && "\(error)".contains("README.md")
        }
        let entries = Set(try FileManager.default.subpathsOfDirectory(atPath: root))
        #expect(entries == ["templates", "templates/style.css", "README.md"])
        #expect(Deploy.text(root + "/README.md") == "mine")
    }

    @Test("an existing empty folder is fine; a file in place of the folder is not")
    func existingFolder() throws {
        let root = TestSupport.temporaryFolder("placard-init")
        #expect(try Scaffold().write(into: root).count == Scaffold().files.count)
        let file = root + "/file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ScaffoldError.self) { try Scaffold().write(into: file) }
    }

    @Test("the title is written as a YAML string and shown on the app pages")
    func title() throws {
        let root = TestSupport.temporaryFolder("placard-init")
        try Scaffold(title: "Ops: \"desk\" # 1").write(into: root)
        #expect(Deploy.text(root + "/placard.yml").contains("title: \"Ops: \\\"desk\\\" # 1\""))
        #expect(Deploy.build(root).succeeded)
        #expect(Deploy.text(root + "/dist/index.html").contains("<h1>Ops: &quot;desk&quot; # 1</h1>"))
    }
}
