import Foundation
import PlacardRules

/// The bundle stage: rendered pages, runtime files, assets and `placement.json` per widget,
/// plus `placements.json` for the whole site.
///
/// Exists so that the exact layout of `dist/` is decided in one place.
package enum Bundler {
    package static func binding(for widget: Widget, config: Config) -> PlacementBinding {
        let languages = Dictionary(uniqueKeysWithValues: widget.languages.compactMap { language in
            widget.titles[language].map { (language, PlacementBinding.Language(TITLE: $0, DESCRIPTION: widget.descriptions[language])) }
        })
        return PlacementBinding(
            PLACEMENT: widget.placement.code,
            HANDLER: (config.baseURL ?? "") + widget.id + "/",
            TITLE: widget.titles[config.defaultLanguage] ?? widget.id,
            DESCRIPTION: widget.descriptions[config.defaultLanguage] ?? "",
            LANG_ALL: languages,
            OPTIONS: widget.options)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    package static func json<T: Encodable>(_ value: T) -> String {
        // Encoding these plain value types cannot fail.
        String(decoding: try! encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// The files of one widget bundle but its pages (which the render stage hands to the
    /// writer as it makes them), under `<widget-id>/`.
    package static func files(for widget: Widget, site: Site, runtime: RuntimeAssets) -> [OutputFile] {
        let base = widget.id + "/"
        var files: [OutputFile] = []
        files.append(OutputFile(path: base + runtime.script.name, content: .bytes(runtime.script.bytes)))
        files.append(OutputFile(path: base + runtime.style.name, content: .bytes(runtime.style.bytes)))
        if SearchIndex.isSearchable(widget) {
            files.append(OutputFile(path: base + runtime.search.name, content: .bytes(runtime.search.bytes)))
        }
        files.append(OutputFile(path: base + "placement.json", content: .text(json(binding(for: widget, config: site.config)))))
        let nav = widget.pageList.file
        files.append(OutputFile(path: base + nav.name, content: .bytes(nav.bytes)))
        files += widget.assets.map { OutputFile(path: base + $0.relative, content: .copy($0.source)) }
        files += site.shared.map { OutputFile(path: base + "_shared/" + $0.relative, content: .copy($0.source)) }
        return files
    }

    /// `placements.json`: every widget's binding, sorted by widget id.
    package static func placementsIndex(_ site: Site) -> OutputFile {
        let bindings = site.widgets.sorted { $0.id < $1.id }.map { binding(for: $0, config: site.config) }
        return OutputFile(path: "placements.json", content: .text(json(bindings)))
    }

    /// The files at the top of the output, the same whatever part of it a build replaces:
    /// `placements.json`, the app pages, `.nojekyll` and the marker that tells the next build
    /// this folder is Placard's (`OutputFolder`). The one list of them: `placard build` and
    /// every rebuild of `serve` write it.
    package static func siteLevelFiles(_ site: Site) -> [OutputFile] {
        var output = [placementsIndex(site)]
        // GitHub Pages runs Jekyll, which would drop the bundles' `_shared/` folders.
        output.append(OutputFile(path: ".nojekyll", content: .text("")))
        output += AppPages.files(for: site)
        output.append(OutputFolder.markerFile(drafts: site.config.includesDrafts))
        return output
    }

    /// What a build writes besides the rendered pages: the bundles of `widgets` (nil: every
    /// widget), then the site-level files, or nothing when no widget is rebuilt whole.
    package static func files(_ site: Site, widgets: Set<String>?, runtime: RuntimeAssets) -> [OutputFile] {
        let rebuilt = site.widgets.filter { widgets?.contains($0.id) ?? true }
        guard widgets == nil || !rebuilt.isEmpty else { return [] }
        return rebuilt.flatMap { files(for: $0, site: site, runtime: runtime) } + siteLevelFiles(site)
    }
}
