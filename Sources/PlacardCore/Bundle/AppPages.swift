/// The application's own pages at the root of `dist/`: `index.html` (the static app's
/// required entry) and `install.html` (registers every widget), with their fingerprinted
/// script and stylesheet.
///
/// Exists because a widget does nothing until an installed application binds it
/// (docs/platform.md §2, §7): these pages close the loop from a build to widgets in a portal. Both
/// carry the widget list as the same JSON as `placements.json`, so what they register is
/// exactly what the build produced.
package enum AppPages {
    /// The element id of the inline widget list that `install.js` reads.
    package static let widgetsElementID = "placard-widgets"

    package static func files(for site: Site) -> [OutputFile] {
        let assets = Assets()
        let bindings = site.widgets.sorted { $0.id < $1.id }.map { Bundler.binding(for: $0, config: site.config) }
        let page = Page(config: site.config, bindings: bindings, assets: assets)
        return [
            OutputFile(path: "index.html", content: .text(page.html(.index))),
            OutputFile(path: "install.html", content: .text(page.html(.install))),
            OutputFile(path: assets.script.name, content: .bytes(assets.script.bytes)),
            OutputFile(path: assets.style.name, content: .bytes(assets.style.bytes)),
        ]
    }

    /// JSON that is safe inside `<script type="application/json">`: no `<` can close the
    /// element or open a comment (`\u003c` is the same character to `JSON.parse`).
    package static func inlineJSON(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// The two pages' shared script and stylesheet.
    struct Assets {
        let script = FingerprintedFile(stem: "install", extension: "js", bytes: PackageResources.install_js)
        let style = FingerprintedFile(stem: "app", extension: "css", bytes: PackageResources.buttons_css + PackageResources.app_css)
    }

    enum Kind: String {
        case index, install
    }

    /// Markup of one page; every text from the project is escaped.
    struct Page {
        let config: Config
        let bindings: [PlacementBinding]
        let assets: Assets

        func html(_ kind: Kind) -> String {
            let title = HTML.escape(config.title)
            let heading = kind == .install ? "Install · \(title)" : title
            let lead = kind == .install
                ? "Installing registers these widgets in the Bitrix24 messenger. They stay invisible to users until the installation is finished."
                : "The widgets of this application and whether they are registered in this Bitrix24."
            let button = kind == .install ? "Try again" : "Register the widgets again"
            var lines = [
                "<!DOCTYPE html>",
                "<html lang=\"en\">",
                "<head>",
                "<meta charset=\"utf-8\">",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                "<meta name=\"generator\" content=\"Placard\">",
                "<title>\(heading)</title>",
                "<link rel=\"stylesheet\" href=\"\(assets.style.name)\" integrity=\"\(assets.style.integrity)\">",
                "<script type=\"application/json\" id=\"\(AppPages.widgetsElementID)\">",
                AppPages.inlineJSON(Bundler.json(bindings)) + "</script>",
                "<script src=\"\(HTML.escape(config.bx24Script))\"></script>",
                "<script src=\"\(assets.script.name)\" integrity=\"\(assets.script.integrity)\" defer></script>",
                "</head>",
                "<body data-placard-page=\"\(kind.rawValue)\" data-placard-hosting=\"\((config.isStaticApp ? Config.Hosting.staticApp : .selfHosted).rawValue)\">",
                "<main class=\"placard-app\">",
                "<h1>\(heading)</h1>",
                "<p class=\"placard-lead\">\(lead)</p>",
                "<p id=\"placard-status\" class=\"placard-status\" role=\"status\" aria-live=\"polite\" data-state=\"pending\">Waiting for Bitrix24…</p>",
                "<table class=\"placard-widgets\">",
                "<caption>\(bindings.count) widget\(bindings.count == 1 ? "" : "s")</caption>",
                "<thead><tr><th scope=\"col\">Widget</th><th scope=\"col\">Placement</th><th scope=\"col\">Handler</th><th scope=\"col\">\(kind == .install ? "Result" : "Status")</th></tr></thead>",
                "<tbody>",
            ]
            lines += bindings.enumerated().map { row($1, index: $0) }
            lines += [
                "</tbody>",
                "</table>",
                "<p class=\"placard-actions\"><button type=\"button\" id=\"placard-register\" class=\"placard-button\" hidden>\(button)</button></p>",
            ]
            if kind == .index {
                lines += [
                    "<section id=\"placard-others\" class=\"placard-others\" hidden>",
                    "<h2>Other registrations of this application</h2>",
                    "<p>Bitrix24 also has these bindings of this application, which this build does not contain (for example a renamed widget). Registering again does not remove them.</p>",
                    "<ul></ul>",
                    "</section>",
                ]
            }
            lines += [
                "<noscript><p class=\"placard-status\" data-state=\"error\">This page needs JavaScript.</p></noscript>",
                "</main>",
                "</body>",
                "</html>",
            ]
            return lines.joined(separator: "\n") + "\n"
        }

        func row(_ binding: PlacementBinding, index: Int) -> String {
            let description = binding.DESCRIPTION.isEmpty ? "" : "<br><small>\(HTML.escape(binding.DESCRIPTION))</small>"
            return "<tr data-placard-index=\"\(index)\" data-placement=\"\(HTML.escape(binding.PLACEMENT))\">"
                + "<td><span class=\"placard-title\">\(HTML.escape(binding.TITLE))</span>\(description)</td>"
                + "<td><code>\(HTML.escape(binding.PLACEMENT))</code></td>"
                + "<td><code class=\"placard-handler\">\(HTML.escape(binding.HANDLER))</code></td>"
                + "<td class=\"placard-result\" data-state=\"pending\">Not checked</td></tr>"
        }
    }
}
