import Foundation
import Testing
@testable import PlacardCore
import PlacardRules
import PlacardTestSupport

/// Partials rendered once per widget and folder depth: which qualify, and that the pages
/// come out byte for byte as when every page renders them.
@Suite("Partial cache")
struct PartialCacheTests {
    func cacheable(_ templates: [String: String]) -> Set<String> {
        PartialCache.cacheable(templates.mapValues { TemplateScan($0) })
    }

    @Test func theDefaultHeaderHeadContextAndFooterQualifyNavAndVersionsDoNot() throws {
        let folder = TestSupport.repositoryRoot + "/templates"
        var templates: [String: String] = [:]
        for path in ["base", "im-sidebar", "im-textarea", "im-context-menu", "im-navigation", "immobile-context-menu",
                     "partials/head", "partials/header", "partials/nav", "partials/versions", "partials/context", "partials/footer"] {
            templates[path] = try String(contentsOfFile: folder + "/" + path + ".mustache", encoding: .utf8)
        }
        #expect(cacheable(templates) == ["partials/head", "partials/header", "partials/context", "partials/footer"])
    }

    @Test func aPartialThatCouldDifferBetweenPagesIsRenderedOnEveryPage() {
        let page = "{{>p}}\n"
        // Per-page names, directly, in a transform, or inside a section of the partial.
        #expect(cacheable(["page": page, "p": "{{page.title}}"]).isEmpty)
        #expect(cacheable(["page": page, "p": "{{uppercased(page.title)}}"]).isEmpty)
        #expect(cacheable(["page": page, "p": "{{#widget.titles}}{{#versions}}x{{/versions}}{{/widget.titles}}"]).isEmpty)
        #expect(cacheable(["page": page, "p": "{{#next}}{{url}}{{/next}}"]).isEmpty)
        // `.`-relative names can reach the page's own values.
        #expect(cacheable(["page": page, "p": "{{#widget.isSidebar}}{{.}}{{/widget.isSidebar}}"]).isEmpty)
        // Included inside a section: names may resolve in what the section pushed.
        #expect(cacheable(["page": "{{#versions}}{{>p}}{{/versions}}", "p": "{{widget.title}}"]).isEmpty)
        // Indented: swift-mustache indents its lines.
        #expect(cacheable(["page": "  {{>p}}\n", "p": "{{widget.title}}\n"]).isEmpty)
        // Includes or declares what comes from elsewhere.
        #expect(cacheable(["page": page, "p": "{{>q}}", "q": "x"]) == ["q"])
        #expect(cacheable(["page": page, "p": "{{$b}}x{{/b}}"]).isEmpty)
        // Included from a partial that is itself included inside a section.
        #expect(cacheable(["page": "{{#nav}}{{>q}}{{/nav}}", "q": "{{>p}}", "p": "{{widget.title}}"]).isEmpty)
        // An override rendered where the parent places its block inside a section.
        #expect(cacheable(["base": "{{#versions}}{{$b}}{{/b}}{{/versions}}", "page": "{{<base}}{{$b}}{{>p}}{{/b}}{{/base}}", "p": "{{widget.title}}"]).isEmpty)
        // The same override placed at the top level qualifies.
        #expect(cacheable(["base": "{{$b}}{{/b}}", "page": "{{<base}}{{$b}}{{>p}}{{/b}}{{/base}}", "p": "{{widget.title}}"]) == ["p"])
        // Folder-dependent names qualify: the cache is per depth.
        #expect(cacheable(["page": page, "p": "{{assets.style}} {{root}} {{#scripts}}{{src}}{{/scripts}} {{lang}} {{site.title}}"]) == ["p"])
    }

    /// A site with pages in folders of three depths, two languages and per-page values
    /// next to cached partials, rendered with and without the cache.
    @Test func pagesAreByteIdenticalWithAndWithoutTheCache() throws {
        var files = TestSupport.widget("w", body: "Hello [next](a.md).\n")
        files["content/w/index.de.md"] = "---\ntitle: Hallo\n---\nHallo.\n"
        files["content/w/a.md"] = "---\ntitle: A\n---\nA [up](index.md).\n"
        files["content/w/guide/b.md"] = "---\ntitle: B\n---\nB.\n"
        files["content/w/guide/deep/c.md"] = "---\ntitle: C {{x}}\n---\nC.\n"
        files["content/_shared/logo.svg"] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        files["placard.yml"] = "hosting: static-app\n"
        // A partial whose output has braces a template would read as a tag stays uncached.
        files["templates/partials/braces.mustache"] = "{{widget.title}} {{=<% %>=}}{{literal}}<%={{ }}=%>\n"
        files["templates/im-sidebar.mustache"] = "{{<base}}\n{{$before}}\n{{>partials/context}}\n{{>partials/braces}}\n{{/before}}\n{{/base}}\n"
        let root = TestSupport.project(files)
        let (tree, loaded) = Loader(project: Project(root: root)).load()
        let (config, configured) = Config.parse(tree.configText, file: Config.fileName)
        let (site, parsed) = Parser.parse(tree, config: config)
        let (templates, checked) = TemplateSet.load(tree.templates)
        #expect(templates.cacheable.isSuperset(of: ["partials/head", "partials/header", "partials/context", "partials/footer", "partials/braces"]))
        var renderer = Renderer(templates: templates, runtime: RuntimeAssets(stylesheet: site.stylesheet), config: config)
        // The cache is in use: a library per depth of the widget's pages (0, 1 and 2).
        let plan = Renderer.Plan(site: site, selection: .all, renderer: renderer)
        #expect(plan.shared[0].byDepth.keys.sorted() == [0, 1, 2])
        #expect(plan.shared[0].byDepth.values.allSatisfy { $0.library != nil })
        let (cached, cachedFindings) = renderer.render(site)
        renderer.cachesPartials = false
        let (plain, plainFindings) = renderer.render(site)
        let findings = loaded + configured + parsed + checked + cachedFindings
        #expect(!findings.hasErrors, "\(findings)")
        #expect(cachedFindings == plainFindings)
        #expect(cached.count == 4)
        #expect(cached.map(\.path) == plain.map(\.path))
        for (a, b) in zip(cached, plain) { #expect(a.html == b.html, "\(a.path)") }
        let deep = try #require(cached.first { $0.path == "guide/deep/c.html" }).html
        #expect(deep.contains("href=\"../../style."))
        #expect(deep.contains("{{literal}}"))
    }
}
