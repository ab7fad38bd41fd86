import PlacardSystem

/// Decides whether a build may replace its output folder, writes the marker that lets the
/// next build recognise the folder as its own, and clears what a killed build left beside it.
///
/// Exists because a build replaces its output folder whole: without these checks
/// `--output content` (or `.`, `..`, `templates`, `placard.yml`, a folder holding the
/// user's own files) deleted sources without a word. The rule: the output may replace only
/// nothing, an empty folder, or a folder Placard produced (with the marker, or the layout of
/// an earlier version's `dist/`) that holds nothing else at its top level; and it may never
/// be, contain or lie inside the project folder's root, `content/`, `templates/`,
/// `fixtures/` or `.git` (compared as real paths).
public enum OutputFolder {
    /// The marker file at the top of every output Placard writes.
    public static let markerName = ".placard-output"
    public static let markerText = "Written by Placard. Every 'placard build' replaces this whole folder, so keep no other files in it.\n"

    package static var markerFile: OutputFile { OutputFile(path: markerName, content: .text(markerText)) }

    /// The marker's line for an output built with `--drafts` (`build --drafts`): pages and
    /// widgets marked `draft: true` are in it, so `placard package` refuses it.
    public static let draftsLine = "drafts: true (built with --drafts; 'placard package' refuses this output)\n"

    /// The marker of an output built with or without drafts.
    package static func markerFile(drafts: Bool) -> OutputFile {
        OutputFile(path: markerName, content: .text(markerText + (drafts ? draftsLine : "")))
    }

    /// True when the output folder's marker says it was built with `--drafts`.
    public static func holdsDrafts(_ output: String) -> Bool {
        guard let bytes = try? FileSystem.read(Path.join(output, markerName), limit: 4096) else { return false }
        return String(decoding: bytes, as: UTF8.self).contains(draftsLine)
    }

    /// The project folders an output may never be, contain or lie inside.
    public static let protectedFolders = ["content", "templates", "fixtures", ".git"]

    /// Why an output (or archive) may not be written: a sentence naming it and what to do.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// `check`, then (when the output may be written) restores an output a killed build
    /// left renamed away, and removes the staging folders of builds that are no longer running.
    public static func prepare(_ project: Project) -> Refusal? {
        if let refusal = check(project) { return refusal }
        clearStaleStaging(beside: project.output)
        return nil
    }

    /// Nil when `project.output` may be replaced by a build.
    public static func check(_ project: Project) -> Refusal? {
        let output = project.output
        let shown = display(output, in: project)
        let real = resolved(output)
        if let refusal = confinement(real, shown: shown, project: project, what: "build into", instead: "dist") { return refusal }
        switch FileSystem.kind(of: output) {
        case .missing:
            return nil
        case .directory:
            return contents(of: output, shown: shown)
        case .symlink:
            return Refusal("refusing to build into '\(shown)': it is a symlink, and a build replaces its output folder; pass the folder it points to with --output, or remove the link")
        default:
            return Refusal("refusing to build into '\(shown)': it is a file, not a folder Placard produced, and a build would replace it; choose another folder with --output, such as dist")
        }
    }

    /// A refusal when `real` is the project root, one of the folders above it, or is, holds
    /// or lies inside one of `protectedFolders` — for `build --output` and `package --output`.
    public static func confinement(_ real: String, shown: String, project: Project, what: String, instead: String) -> Refusal? {
        let root = project.realRoot
        if FileSystem.isInside(root, real) {
            let which = real == root ? "the project folder itself" : "a folder that contains the project"
            return Refusal("refusing to \(what) '\(shown)': it is \(which), and everything in it would be replaced; choose \(instead == "dist" ? "a folder of its own" : "another path") with --output, such as \(instead)")
        }
        for name in protectedFolders {
            let lexical = Path.join(project.root, name)
            var candidates = [Path.join(root, name), lexical]
            if let target = FileSystem.realPath(lexical) { candidates.append(target) }
            for folder in candidates {
                let relation: String
                if real == folder {
                    relation = "is"
                } else if FileSystem.isInside(real, folder) {
                    relation = "is inside"
                } else if FileSystem.isInside(folder, real) {
                    relation = "contains"
                } else {
                    continue
                }
                return Refusal("refusing to \(what) '\(shown)': it \(relation) the project's \(name)/ folder, whose files would be lost; choose another path with --output, such as \(instead)")
            }
        }
        return nil
    }

    /// The real path of `path`, which need not exist: its deepest existing ancestor is
    /// resolved (symlinks and `..`) and the rest appended.
    public static func resolved(_ path: String) -> String {
        var rest: [String] = []
        var current = Path.absolute(path)
        while true {
            if var result = FileSystem.realPath(current) {
                for part in rest.reversed() { result = result == "/" ? "/" + part : result + "/" + part }
                return result
            }
            let parent = Path.parent(of: current)
            if parent == current || parent.isEmpty { return path }
            rest.append(Path.name(of: current))
            current = parent
        }
    }

    /// The output as messages show it: relative to the project root when inside it.
    static func display(_ path: String, in project: Project) -> String {
        if path == project.root { return "." }
        if path.hasPrefix(project.root + "/") { return String(path.dropFirst(project.root.count + 1)) }
        return path
    }

    /// Nil when the existing folder `path` is empty or holds only what Placard writes at
    /// the top of an output; else a refusal naming the first entry it did not write.
    static func contents(of path: String, shown: String) -> Refusal? {
        let listing: FileSystem.Listing
        do { listing = try FileSystem.listing(path) } catch {
            return Refusal("refusing to build into '\(shown)': \(error); choose another folder with --output")
        }
        if let bytes = listing.undecodable.first {
            return foreign(shown, FileSystem.escapedName(bytes))
        }
        if listing.names.isEmpty { return nil }
        let marked = listing.names.contains(markerName) && FileSystem.kind(of: Path.join(path, markerName)) == .file
        if !marked, !listing.names.contains("placements.json") {
            return Refusal("refusing to replace '\(shown)': it is not empty and not a folder Placard produced (no \(markerName) or placements.json in it), and a build replaces its output folder completely; choose an empty or new folder with --output, such as dist")
        }
        for name in listing.names where !isPlacardEntry(name, in: path) {
            return foreign(shown, name)
        }
        return nil
    }

    private static func foreign(_ shown: String, _ name: String) -> Refusal {
        Refusal("refusing to replace '\(shown)': '\(shown)/\(name)' was not written by Placard, and a build replaces the whole output folder; move it out of the folder, or choose another folder with --output")
    }

    /// The names Placard writes at the top of an output (and the build's own temporary
    /// names), each with the kind it must have.
    static func isPlacardEntry(_ name: String, in folder: String) -> Bool {
        let path = Path.join(folder, name)
        let kind = FileSystem.kind(of: path)
        switch name {
        case markerName, ".nojekyll", "placements.json", "index.html", "install.html":
            return kind == .file
        default:
            break
        }
        if isFingerprinted(name, stem: "install", ext: "js") || isFingerprinted(name, stem: "app", ext: "css") {
            return kind == .file
        }
        if Project.isValidWidgetID(name) {
            return kind == .directory && FileSystem.kind(of: Path.join(path, "placement.json")) == .file
        }
        // `serve`'s temporaries: `.<widget>.tmp-<pid>` folders, `.<file>.tmp-<pid>` files,
        // and `<widget>.old-<pid>` while a widget folder is swapped.
        if name.hasPrefix("."), staging(name.dropFirst(), suffix: ".tmp-") != nil { return kind == .file || kind == .directory }
        if let stem = staging(Substring(name), suffix: ".old-"), Project.isValidWidgetID(String(stem)) { return kind == .directory }
        return false
    }

    /// `<stem>.<10 lower-case hex digits>.<ext>`, the names `FingerprintedFile` makes.
    static func isFingerprinted(_ name: String, stem: String, ext: String) -> Bool {
        let prefix = stem + ".", suffix = "." + ext
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count == prefix.count + 10 + suffix.count else { return false }
        return name.dropFirst(prefix.count).dropLast(suffix.count).utf8.allSatisfy {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
        }
    }

    /// The stem of `<stem><suffix><pid>` (`suffix` such as `.tmp-`, the pid all digits), or nil.
    static func staging(_ name: Substring, suffix: String) -> Substring? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let digits = name[name.index(after: dash)...]
        let before = name[...dash]
        guard isDigits(digits), before.hasSuffix(suffix), before.count > suffix.count else { return nil }
        return before.dropLast(suffix.count)
    }

    static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 10 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// True when the pid of a staging name belongs to no running process (`kill(pid, 0)`
    /// fails with ESRCH); never for this process.
    static func deadPID(_ digits: Substring) -> Bool {
        guard let pid = Int32(digits), pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Removes `<output>.tmp-<pid>` and `<output>.old-<pid>` folders beside the output whose
    /// build is no longer running and that look like Placard's (empty, or holding only what
    /// an output holds). An `.old-` folder is put back as the output when the output is
    /// missing: the build was killed between its two renames.
    public static func clearStaleStaging(beside output: String) {
        let parent = Path.parent(of: output), name = Path.name(of: output)
        guard !name.isEmpty, let names = try? FileSystem.listing(parent).names else { return }
        for entry in names where entry.hasPrefix(name + ".") {
            let rest = entry.dropFirst(name.count)
            guard rest.hasPrefix(".tmp-") || rest.hasPrefix(".old-") else { continue }
            let digits = rest.dropFirst(5)
            guard isDigits(digits), deadPID(digits) else { continue }
            let path = Path.join(parent, entry)
            guard FileSystem.kind(of: path) == .directory else { continue }
            // Placard's own: the marker (a staging folder gets it first), empty, or an output.
            let marked = FileSystem.kind(of: Path.join(path, markerName)) == .file
            guard marked || contents(of: path, shown: entry) == nil else { continue }
            if rest.hasPrefix(".old-"), FileSystem.kind(of: output) == .missing {
                try? FileSystem.rename(path, to: output)
            } else {
                try? FileSystem.remove(path)
            }
        }
    }
}
