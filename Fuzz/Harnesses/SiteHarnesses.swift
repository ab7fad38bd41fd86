import PlacardCore
import PlacardRules
import PlacardReport

extension Harness {
    /// Front matter and YAML: the input is a widget's `index.md` (and, as a second case,
    /// the whole `placard.yml`), through the parse stage and the diagnostic printer.
    static let frontMatter = Harness(name: "frontmatter", summary: "index.md front matter and placard.yml through the parse stage") { input in
        guard let text = text(input) else { return }
        let (config, configFindings) = Config.parse(text, file: Config.fileName)
        let tree = SourceTree(configText: text, widgets: [
            WidgetFiles(id: "w", markdown: [TextFile(path: "content/w/index.md", relative: "index.md", text: text),
                                            TextFile(path: "content/w/page.de.md", relative: "page.de.md", text: text)],
                        assets: []),
        ], shared: [], templates: [], stylesheet: nil)
        let (_, findings) = Parser.parse(tree, config: config)
        _ = DiagnosticPrinter(color: false).render(configFindings + findings)
    }

    /// Templates: the input is one template `t`, or several, each starting at a line
    /// `=== <name>` (the text before the first such line is `t`). They are checked and,
    /// when that finds no error, a small widget that uses `t` is rendered through them.
    static let template = Harness(name: "template", summary: "Mustache templates checked and rendered") { input in
        guard let text = text(input) else { return }
        let (templates, findings) = TemplateSet.load(templateFiles(text))
        _ = DiagnosticPrinter(color: false).render(findings)
        guard !findings.hasErrors else { return }
        let renderer = Renderer(templates: templates, runtime: RuntimeAssets(stylesheet: nil), config: Fixed.site.config)
        _ = renderer.render(Fixed.site)
    }

    /// The Markdown → HTML path: the input is the body of a page, rendered (with its links
    /// resolved) in an `IM_TEXTAREA` widget with insert snippets and in one with
    /// `unsafeHTML: true`.
    static let markdown = Harness(name: "markdown", summary: "a page body through cmark, link rewriting and templating") { input in
        guard let body = text(input) else { return }
        let page = "---\ntitle: Page\n---\n" + body
        let tree = SourceTree(configText: nil, widgets: [
            WidgetFiles(id: "a", markdown: [Fixed.index("a", placement: "IM_TEXTAREA", extra: "options:\n  iconName: fa-pen\n"),
                                            TextFile(path: "content/a/page.md", relative: "page.md", text: page),
                                            // Without front matter: the title comes from the body's first heading.
                                            TextFile(path: "content/a/bare.md", relative: "bare.md", text: body)],
                        assets: [Asset(source: "/nonexistent/image.png", relative: "image.png")]),
            WidgetFiles(id: "b", markdown: [Fixed.index("b", placement: "IM_CONTEXT_MENU", extra: "unsafeHTML: true\n"),
                                            TextFile(path: "content/b/guide/page.md", relative: "guide/page.md", text: page)],
                        assets: []),
        ], shared: [], templates: [], stylesheet: nil)
        let (site, findings) = Parser.parse(tree, config: Config())
        guard !findings.hasErrors else { return }
        _ = Fixed.renderer.render(site)
    }

    /// Splits a template input on `=== <name>` lines.
    static func templateFiles(_ text: String) -> [TextFile] {
        var files: [(name: String, lines: [Substring])] = [("t", [])]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== ") {
                files.append((String(line.dropFirst(4)), []))
            } else {
                files[files.count - 1].lines.append(line)
            }
        }
        return files.map { file in
            TextFile(path: "templates/\(file.name).mustache", relative: file.name + ".mustache", text: file.lines.joined(separator: "\n"))
        }
    }
}

/// The parts of the harnesses that do not depend on the input, made once per process.
enum Fixed {
    static func index(_ widget: String, placement: String, extra: String) -> TextFile {
        TextFile(path: "content/\(widget)/index.md", relative: "index.md", text: "---\nplacement: \(placement)\ntitle: Widget\ntemplate: t\n\(extra)---\nSee [the page](page.md).\n")
    }

    /// A parsed widget of two pages that renders through template `t`.
    static let site: Site = {
        let index = Fixed.index("w", placement: "IM_SIDEBAR", extra: "options:\n  iconName: fa-book\n")
        let tree = SourceTree(configText: nil, widgets: [
            WidgetFiles(id: "w", markdown: [index,
                                            TextFile(path: "content/w/page.md", relative: "page.md", text: "---\ntitle: Page\n---\n*Hi* [back](index.md)\n"),
                                            TextFile(path: "content/w/page.de.md", relative: "page.de.md", text: "---\ntitle: Seite\n---\nHallo\n")],
                        assets: []),
        ], shared: [], templates: [], stylesheet: nil)
        return Parser.parse(tree, config: Config()).0
    }()

    /// A renderer whose template `t` shows every part of the page context.
    static let renderer: Renderer = {
        let text = """
        <title>{{page.title}}</title>{{#nav}}<a href="{{root}}{{url}}">{{#titles}}{{title}}{{/titles}}</a>{{/nav}}
        {{#versions}}<section lang="{{lang}}">{{{html}}}</section>{{/versions}}
        """
        let (templates, _) = TemplateSet.load([TextFile(path: "templates/t.mustache", relative: "t.mustache", text: text)])
        return Renderer(templates: templates, runtime: RuntimeAssets(stylesheet: nil), config: Config())
    }()
}
