import PlacardRules

/// A text file read once from the project, with its path relative to the project root.
package struct TextFile: Sendable, Hashable {
    /// Project-relative path, used in findings (`content/handbook/index.md`).
    package var path: String
    /// Path inside its widget, shared or templates folder (`guide/setup.md`).
    package var relative: String
    package var text: String

    package init(path: String, relative: String, text: String) {
        self.path = path
        self.relative = relative
        self.text = text
    }
}

/// A file copied as it is into a bundle (image, stylesheet, script).
package struct Asset: Sendable, Hashable {
    /// Absolute path of the source file.
    package var source: String
    /// Path inside the bundle.
    package var relative: String

    package init(source: String, relative: String) {
        self.source = source
        self.relative = relative
    }
}

/// The files of one widget folder `content/<id>/`.
package struct WidgetFiles: Sendable {
    package var id: String
    package var markdown: [TextFile]
    package var assets: [Asset]
    /// Markdown files (widget-relative) that exist but could not be read; the load stage
    /// reported each. Later stages must not report them as missing.
    package var unreadable: [String] = []

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
package struct SourceTree: Sendable {
    package var configText: String?
    package var widgets: [WidgetFiles]
    /// Files under `content/_shared/`, copied into every bundle under `_shared/`.
    package var shared: [Asset]
    /// `templates/**/*.mustache`; `relative` is the template name plus extension.
    package var templates: [TextFile]
    /// Templates (`relative`) that exist but could not be read; the load stage reported
    /// each. They are not "missing" to the templates that include them.
    package var unreadableTemplates: [String] = []
    /// False when `templates/` itself is missing or refused (a symlink out of the project,
    /// …; the load stage reported it): then no template is "missing" on its own account.
    package var templatesRead = true
    /// Optional `templates/style.css`, appended to the runtime stylesheet.
    package var stylesheet: TextFile?

    package init(configText: String?, widgets: [WidgetFiles], shared: [Asset], templates: [TextFile], stylesheet: TextFile?) {
        self.configText = configText
        self.widgets = widgets
        self.shared = shared
        self.templates = templates
        self.stylesheet = stylesheet
    }
}
