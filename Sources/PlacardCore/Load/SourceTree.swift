import PlacardRules

/// A text file read once from the project, with its path relative to the project root.
public struct TextFile: Sendable, Hashable {
    /// Project-relative path, used in findings (`content/handbook/index.md`).
    public var path: String
    /// Path inside its widget, shared or templates folder (`guide/setup.md`).
    public var relative: String
    public var text: String

    package init(path: String, relative: String, text: String) {
        self.path = path
        self.relative = relative
        self.text = text
    }
}

/// A file copied as it is into a bundle (image, stylesheet, script).
public struct Asset: Sendable, Hashable {
    /// Absolute path of the source file.
    public var source: String
    /// Path inside the bundle.
    public var relative: String

    package init(source: String, relative: String) {
        self.source = source
        self.relative = relative
    }
}

/// The files of one widget folder `content/<id>/`.
public struct WidgetFiles: Sendable {
    public var id: String
    public var markdown: [TextFile]
    public var assets: [Asset]
    /// Markdown files (widget-relative) that exist but could not be read; the load stage
    /// reported each. Later stages must not report them as missing.
    public var unreadable: [String] = []

    package init(id: String, markdown: [TextFile], assets: [Asset], unreadable: [String] = []) {
        self.id = id
        self.markdown = markdown
        self.assets = assets
        self.unreadable = unreadable
    }
}

/// Everything the build reads from disk, read once by the load stage.
///
/// Exists so that later stages are pure functions of memory: they can run on all cores,
/// be tested without a file system, and be re-run by `serve` on a cached tree.
public struct SourceTree: Sendable {
    public var configText: String?
    public var widgets: [WidgetFiles]
    /// Files under `content/_shared/`, copied into every bundle under `_shared/`.
    public var shared: [Asset]
    /// `templates/**/*.mustache`; `relative` is the template name plus extension.
    public var templates: [TextFile]
    /// Templates (`relative`) that exist but could not be read; the load stage reported
    /// each. They are not "missing" to the templates that include them.
    public var unreadableTemplates: [String] = []
    /// Optional `templates/style.css`, appended to the runtime stylesheet.
    public var stylesheet: TextFile?

    package init(configText: String?, widgets: [WidgetFiles], shared: [Asset], templates: [TextFile], stylesheet: TextFile?) {
        self.configText = configText
        self.widgets = widgets
        self.shared = shared
        self.templates = templates
        self.stylesheet = stylesheet
    }
}
