import Foundation
import PlacardRules

/// One file of the output, relative to the output folder.
public struct OutputFile: Sendable {
    public enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
        /// Copied from this absolute source path at write time.
        case copy(String)
    }

    public var path: String
    public var content: Content

    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }
}

/// The JSON body of `placement.bind` for one widget (spec §2.1).
public struct PlacementBinding: Sendable, Codable, Equatable {
    public struct Language: Sendable, Codable, Equatable {
        public var TITLE: String
        public var DESCRIPTION: String?
    }

    public var PLACEMENT: String
    public var HANDLER: String
    public var TITLE: String
    public var DESCRIPTION: String
    public var LANG_ALL: [String: Language]
    public var OPTIONS: [String: BindOptionValue]
}

/// The bundle stage: rendered pages, runtime files, assets and `placement.json` per widget,
/// plus `placements.json` for the whole site.
///
/// Exists so that the exact layout of `dist/` is decided in one place.
public enum Bundler {
    public static func binding(for widget: Widget, config: Config) -> PlacementBinding {
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

    public static func json<T: Encodable>(_ value: T) -> String {
        // Encoding these plain value types cannot fail.
        String(decoding: try! encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// The files of one widget bundle, under `<widget-id>/`.
    public static func files(for widget: Widget, pages: [RenderedPage], site: Site, runtime: RuntimeAssets) -> [OutputFile] {
        let base = widget.id + "/"
        var files: [OutputFile] = pages.map { OutputFile(path: base + $0.path, content: .text($0.html)) }
        files.append(OutputFile(path: base + runtime.script.name, content: .bytes(runtime.script.bytes)))
        files.append(OutputFile(path: base + runtime.style.name, content: .bytes(runtime.style.bytes)))
        files.append(OutputFile(path: base + "placement.json", content: .text(json(binding(for: widget, config: site.config)))))
        files += widget.assets.map { OutputFile(path: base + $0.relative, content: .copy($0.source)) }
        files += site.shared.map { OutputFile(path: base + "_shared/" + $0.relative, content: .copy($0.source)) }
        return files
    }

    /// `placements.json`: every widget's binding, sorted by widget id.
    public static func placementsIndex(_ site: Site) -> OutputFile {
        let bindings = site.widgets.sorted { $0.id < $1.id }.map { binding(for: $0, config: site.config) }
        return OutputFile(path: "placements.json", content: .text(json(bindings)))
    }

    /// Every output file of the site: each widget's bundle (with `pages(widgetID)` as its
    /// rendered pages), `placements.json`, the app pages, `.nojekyll` and the marker that
    /// tells the next build this folder is Placard's (`OutputFolder`).
    public static func siteFiles(_ site: Site, runtime: RuntimeAssets, pages: (String) -> [RenderedPage]) -> [OutputFile] {
        var output = site.widgets.flatMap { files(for: $0, pages: pages($0.id), site: site, runtime: runtime) }
        output.append(placementsIndex(site))
        // GitHub Pages runs Jekyll, which would drop the bundles' `_shared/` folders.
        output.append(OutputFile(path: ".nojekyll", content: .text("")))
        output += AppPages.files(for: site)
        output.append(OutputFolder.markerFile)
        return output
    }
}
