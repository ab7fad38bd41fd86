import PlacardCore

/// What a batch of file changes requires.
public enum RebuildPlan: Sendable, Equatable {
    case nothing
    /// Re-read and rebuild these widgets only.
    case widgets(Set<String>)
    /// Markdown pages of these widgets were saved: widget id → the project-relative paths
    /// of its changed `.md` files. `Pipeline.run(.pages(…))` rebuilds an edited
    /// page alone, and a widget whose files were created, deleted or renamed whole.
    case pages([String: Set<String>])
    /// Only `templates/style.css` changed: everything is rebuilt (the fingerprinted
    /// stylesheet of every bundle gets a new name), and open pages swap their stylesheet
    /// instead of reloading.
    case stylesheet
    /// Reload the whole project (config, templates, shared files, a stray file).
    case full
}

/// Decides from changed paths what to rebuild.
///
/// Exists as a pure function so the rules (a Markdown page of `content/<id>/` → that page;
/// its `index.md` or any other file → that widget; `templates/style.css` → the stylesheet;
/// the rest of `templates/`, `placard.yml` or `content/_shared/` → everything; editor temp
/// files and the output folder → nothing)
/// are unit-tested without a file system. Whether a page was edited, created or deleted
/// is not known from its path: the build decides that from the files.
public struct ChangeClassifier: Sendable {
    /// Project-relative path of the output folder when it lies inside the project.
    public var outputRelative: String?

    public init(outputRelative: String? = nil) { self.outputRelative = outputRelative }

    public init(project: Project) {
        let root = project.root.hasSuffix("/") ? project.root : project.root + "/"
        outputRelative = project.output.hasPrefix(root) ? String(project.output.dropFirst(root.count)) : nil
    }

    /// `paths` are relative to the project root. Pages only → `.pages`; anything else
    /// widget-wide in the batch rebuilds every widget it names whole (`.widgets`); the
    /// stylesheet with anything else is `.full` (the pages must reload anyway).
    public func plan(for paths: [String]) -> RebuildPlan {
        var widgets: Set<String> = []
        var pages: [String: Set<String>] = [:]
        var stylesheet = false
        for path in paths {
            switch classify(path) {
            case .nothing: continue
            case .full: return .full
            case .stylesheet: stylesheet = true
            case .widgets(let ids): widgets.formUnion(ids)
            case .pages(let changed): pages.merge(changed) { $0.union($1) }
            }
        }
        if stylesheet { return widgets.isEmpty && pages.isEmpty ? .stylesheet : .full }
        if !widgets.isEmpty { return .widgets(widgets.union(pages.keys)) }
        return pages.isEmpty ? .nothing : .pages(pages)
    }

    public func classify(_ path: String) -> RebuildPlan {
        let parts = path.split(separator: "/").map(String.init)
        guard let first = parts.first else { return .nothing }
        if let output = outputRelative, !output.isEmpty, path == output || path.hasPrefix(output + "/") { return .nothing }
        if Self.isEditorTemporary(parts.last ?? "") { return .nothing }
        if parts.dropLast().contains(where: { $0.hasPrefix(".") }) { return .nothing }
        switch first {
        case Config.fileName: return parts.count == 1 ? .full : .nothing
        case "templates": return path == "templates/style.css" ? .stylesheet : .full
        case "content":
            guard parts.count >= 2 else { return .full }
            let folder = parts[1]
            if parts.count == 2 { return folder.hasPrefix(".") ? .nothing : .full }
            if folder == "_shared" { return .full }
            if folder.hasPrefix("_") || folder.hasPrefix(".") { return .nothing }
            guard Project.isValidWidgetID(folder) else { return .full }
            let relative = parts.dropFirst(2).joined(separator: "/")
            // Languages of placard.yml are not known here: `index.fil.md` passes as a page, and
            // the partial rebuild, which knows them, rebuilds its widget.
            guard relative.hasSuffix(".md"), Parser.splitName(relative, languages: []).slug != "index" else { return .widgets([folder]) }
            return .pages([folder: [parts.joined(separator: "/")]])
        default: return .nothing
        }
    }

    /// Swap, backup and atomic-save files of common editors (vim, emacs, JetBrains, macOS, `sed -i`).
    public static func isEditorTemporary(_ name: String) -> Bool {
        if name.isEmpty || name.hasPrefix(".") || name.hasSuffix("~") || name == "4913" { return true }
        if name.hasPrefix("#") && name.hasSuffix("#") { return true }
        // `sed -i` writes `sed` + six random letters and digits next to the file, then renames it.
        if name.utf8.count == 9, name.hasPrefix("sed"),
           name.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }) { return true }
        for suffix in [".swp", ".swo", ".swx", ".tmp", ".bak", ".crswap", "___jb_tmp___", "___jb_old___"] where name.hasSuffix(suffix) {
            return true
        }
        return false
    }
}

/// Collects change events until none has arrived for `quiet` seconds (or `limit` passed
/// since the first one), so that a save that touches several files builds once.
public struct Debouncer: Sendable {
    public var quiet: Double
    public var limit: Double
    private var first: Double?
    private var last: Double?
    public private(set) var pending: [String] = []
    /// `pending` as a set, so that adding a path is O(1) however many are waiting.
    private var seen: Set<String> = []

    public init(quiet: Double = 0.05, limit: Double = 0.5) {
        self.quiet = quiet
        self.limit = limit
    }

    public mutating func add(_ paths: [String], at now: Double) {
        guard !paths.isEmpty else { return }
        if first == nil { first = now }
        last = now
        for path in paths where seen.insert(path).inserted { pending.append(path) }
    }

    /// When the batch is due, or nil when nothing is pending.
    public var deadline: Double? {
        guard let first, let last else { return nil }
        return min(last + quiet, first + limit)
    }

    /// The batch if it is due at `now` (and resets), else nil.
    public mutating func take(at now: Double) -> [String]? {
        guard let deadline, now >= deadline else { return nil }
        defer { pending = []; seen = []; first = nil; last = nil }
        return pending
    }
}
