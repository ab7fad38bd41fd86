import Foundation
import PlacardCore
import PlacardTestSupport
import Testing

@Suite("App pages: index.html and install.html")
struct AppPagesTests {
    let root = Deploy.builtExample()
    var dist: String { root + "/dist" }

    @Test("both pages are written at the root of dist/")
    func pagesExist() {
        for name in ["index.html", "install.html"] {
            #expect(FileManager.default.fileExists(atPath: dist + "/" + name), "\(name) missing")
        }
    }

    @Test("every widget of placements.json is listed and embedded", arguments: ["index.html", "install.html"])
    func listsEveryWidget(page: String) throws {
        let html = Deploy.text(dist + "/" + page)
        let placements = try #require(Deploy.json(Deploy.text(dist + "/placements.json")) as? [[String: Any]])
        #expect(placements.count == 4)
        for (index, binding) in placements.enumerated() {
            let placement = try #require(binding["PLACEMENT"] as? String)
            let title = try #require(binding["TITLE"] as? String)
            let handler = try #require(binding["HANDLER"] as? String)
            #expect(html.contains("<tr data-placard-index=\"\(index)\" data-placement=\"\(placement)\">"))
            #expect(html.contains(HTML.escape(title)))
            #expect(html.contains("<code class=\"placard-handler\">\(HTML.escape(handler))</code>"))
        }
        let inline = try #require(Deploy.inlineWidgets(html))
        let embedded = try #require(Deploy.json(inline) as? NSArray)
        #expect(embedded == (Deploy.json(Deploy.text(dist + "/placements.json")) as? NSArray))
    }

    @Test("the script and stylesheet are fingerprinted and loaded with integrity")
    func fingerprintedAssets() throws {
        let html = Deploy.text(dist + "/install.html")
        let files = try FileManager.default.contentsOfDirectory(atPath: dist)
        let script = try #require(files.first { $0.hasPrefix("install.") && $0.hasSuffix(".js") })
        let style = try #require(files.first { $0.hasPrefix("app.") && $0.hasSuffix(".css") })
        let scriptIntegrity = FingerprintedFile.integrity(of: Deploy.bytes(dist + "/" + script))
        let styleIntegrity = FingerprintedFile.integrity(of: Deploy.bytes(dist + "/" + style))
        #expect(html.contains("<script src=\"\(script)\" integrity=\"\(scriptIntegrity)\" defer></script>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"\(style)\" integrity=\"\(styleIntegrity)\">"))
        #expect(html.contains("<script src=\"https://api.bitrix24.com/api/v1/\"></script>"))
        #expect(Deploy.text(dist + "/index.html").contains(script))
    }

    @Test("valid HTML5 structure", arguments: ["index.html", "install.html"])
    func structure(page: String) {
        let html = Deploy.text(dist + "/" + page)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(html.hasSuffix("</body>\n</html>\n"))
        for tag in ["html", "head", "body", "main", "table", "thead", "tbody", "title"] {
            #expect(html.components(separatedBy: "<\(tag)").count == 2, "one <\(tag)>")
            #expect(html.components(separatedBy: "</\(tag)>").count == 2, "one </\(tag)>")
        }
        #expect(html.components(separatedBy: "<tr").count == html.components(separatedBy: "</tr>").count)
        #expect(html.components(separatedBy: "<script").count == html.components(separatedBy: "</script>").count)
        #expect(html.contains("id=\"placard-status\""))
        #expect(html.contains("<button type=\"button\" id=\"placard-register\""))
    }

    @Test("inline JSON cannot close its script element")
    func inlineJSONEscaped() throws {
        var widget = TestSupport.widget("evil", extra: "options:\n  iconName: fa-book\n")
        widget["content/evil/index.md"] = """
            ---
            placement: IM_SIDEBAR
            title: "</script><script>alert(1)</script> <!-- x"
            description: "a & b"
            options:
              iconName: fa-book
            ---
            Hello.

            """
        let root = TestSupport.project(widget.merging(["placard.yml": "title: A <b>&</b> app\n"]) { $1 })
        let report = Deploy.build(root)
        #expect(report.succeeded, "\(report.findings)")
        let html = Deploy.text(root + "/dist/install.html")
        let inline = try #require(Deploy.inlineWidgets(html))
        #expect(!inline.contains("<"))
        let parsed = try #require(Deploy.json(inline) as? [[String: Any]])
        #expect(parsed.first?["TITLE"] as? String == "</script><script>alert(1)</script> <!-- x")
        #expect(html.contains("<title>Install · A &lt;b&gt;&amp;&lt;/b&gt; app</title>"))
        #expect(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(AppPages.inlineJSON("\"</x\"") == "\"\\u003c/x\"")
    }

    @Test("the pages are deterministic")
    func deterministic() {
        let first = TestSupport.snapshot(dist)
        #expect(Deploy.build(root).succeeded)
        #expect(TestSupport.snapshot(dist) == first)
    }

    @Test("index.html lists other bindings and offers re-registration; install.html does not")
    func pageKinds() {
        let index = Deploy.text(dist + "/index.html")
        let install = Deploy.text(dist + "/install.html")
        #expect(index.contains("<body data-placard-page=\"index\" data-placard-hosting=\""))
        #expect(install.contains("<body data-placard-page=\"install\" data-placard-hosting=\""))
        #expect(index.contains("id=\"placard-others\""))
        #expect(!install.contains("id=\"placard-others\""))
        #expect(index.contains(">Register the widgets again</button>"))
    }
}
