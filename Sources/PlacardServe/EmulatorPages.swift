import Foundation
import PlacardCore
import PlacardRules

/// A widget as the emulator knows it: from the last good build, which serve holds in memory.
public struct PreviewWidget: Sendable, Equatable {
    public var id: String
    public var placement: Placement
    public var binding: PlacementBinding

    public init(widget: Widget, binding: PlacementBinding) {
        id = widget.id
        placement = widget.placement
        self.binding = binding
    }

    public var url: String { "/\(id)/" }
}

/// The HTML pages the server makes itself: the widget list, the messenger emulator, 404.
///
/// Exists so that the emulator page is one static template (`emulator.html`) filled with a
/// JSON configuration — the placement rules come from `PlacardRules`, not from copies in JS.
public enum EmulatorPages {
    /// The landing page: the widgets of the last good build, each with its emulator preview
    /// and its bare page, and the application's own pages (`appPages`: `index`, `install`,
    /// those the output has) with theirs.
    public static func index(widgets: [PreviewWidget], status: BuildStatus, site: SiteInfo, appPages: [String] = []) -> String {
        var rows = ""
        for widget in widgets {
            let icon = widget.binding.OPTIONS["iconName"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
            rows += """
            <li class="pl-widget"><a class="pl-widget-preview" href="/_placard/preview/\(widget.id)">\(HTML.escape(widget.binding.TITLE))</a>
            <span class="pl-badge">\(widget.placement.code)</span> <code>\(HTML.escape(widget.id))</code> \(icon.isEmpty ? "" : "<code>\(HTML.escape(icon))</code>")
            <a class="pl-widget-page" href="\(widget.url)">page</a></li>\n
            """
        }
        if rows.isEmpty { rows = "<li>No widgets built yet. Fix the errors shown in the terminal; this page reloads by itself.</li>" }
        let state = status.ok ? "Last build: \(status.milliseconds) ms."
            : status.hasOutput ? "The last build failed; showing the last good output." : "The last build failed, and there is no output to preview yet."
        var app = ""
        if !widgets.isEmpty, !appPages.isEmpty {
            let described = ["index": "the application's main page (placement DEFAULT)", "install": "the installation page (install mode), which registers the widgets"]
            let items = appPages.map { name in
                """
                <li class="pl-app-page"><a class="pl-app-preview" href="/_placard/app/\(name)">\(name).html</a> \(described[name] ?? "")
                <a class="pl-app-file" href="/\(name).html">page</a></li>
                """
            }.joined(separator: "\n")
            app = "<h2>Application pages</h2>\n<ul class=\"pl-widgets pl-app-pages\">\(items)</ul>"
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(site.title)) — Placard preview</title>
        <link rel="stylesheet" href="/_placard/emulator.css">
        <script src="/_placard/livereload.js" data-placard-livereload></script></head>
        <body class="pl-index"><main>
        <h1>\(HTML.escape(site.title))</h1>
        <p>Placard preview: open a widget inside the offline Bitrix24 messenger emulator. \(state)</p>
        <ul class="pl-widgets">\(rows)</ul>
        \(app)
        <p class="pl-hint">Bundles are served as built in <code>dist/</code> (GET and POST). REST answers come from built-in fixtures and <code>fixtures/&lt;method&gt;.json</code>.</p>
        </main></body></html>
        """
    }

    public static func notFound(_ message: String) -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found</title>
        <link rel="stylesheet" href="/_placard/emulator.css"></head>
        <body class="pl-index"><main><h1>Not found</h1><p>\(HTML.escape(message))</p><p><a href="/">All widgets</a></p></main></body></html>
        """
    }

    /// The emulator page for `widget`, with the chat context taken from the query.
    public static func preview(widget: PreviewWidget, widgets: [PreviewWidget], query: some Sequence<(key: Substring, value: Substring)>,
                               site: SiteInfo, bx24: ServeOptions.BX24Mode, appPage: Bool, installPage: Bool = false) -> String {
        var values: [String: String] = [:]
        for (key, value) in query { values[String(key)] = String(value) }
        let config = PreviewConfig.make(widget: widget, widgets: widgets, query: values, site: site, bx24: bx24, appPage: appPage,
                                        installPage: installPage)
        let template = String(decoding: PackageResources.emulator_html, as: UTF8.self)
        return template
            .replacingOccurrences(of: "{{TITLE}}", with: HTML.escape(widget.binding.TITLE))
            .replacingOccurrences(of: "{{CONFIG}}", with: config.scriptSafeText)
    }
}
