/// What one run of the pipeline covers.
///
/// Exists so that `placard build`, serve's full rebuild and serve's rebuilds after an edit
/// are one call that differs in this value only: a scope says what to read and parse again,
/// what to render, and which part of the output the writer replaces.
public enum BuildScope: Sendable, Equatable {
    /// Everything: the whole project is read and the whole output replaced.
    case site
    /// These widgets are read, parsed, rendered and published again; the others are kept.
    case widgets(Set<String>)
    /// Edited Markdown files: widget id → project-relative paths (`content/<id>/guide.de.md`).
    /// Only those pages are rendered and rewritten, unless what the widget's other pages show
    /// of them changed (then the widget is rebuilt whole).
    case pages([String: Set<String>])
}
