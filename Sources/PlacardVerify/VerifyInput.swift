import PlacardSystem

/// The files a verification looks at: paths relative to the verified folder, their sizes,
/// and a way to read them.
///
/// Exists so that the verifier judges a folder on disk and a build's in-memory output with
/// the same code: it only ever asks "which files exist" and "what are their bytes".
public struct VerifyInput: Sendable {
    /// Put in front of every path in findings (`dist` → `dist/handbook/index.html`): the
    /// verified folder's own name, so paths read relative to the folder's parent.
    public var label: String
    /// Every regular file, relative to the folder, `/`-separated, with its size in bytes.
    public var files: [String: Int]
    /// Every folder that contains a file, relative (`handbook`, `handbook/guide`).
    public let directories: Set<String>
    /// A file's bytes, or nil when it cannot be read.
    public let read: @Sendable (String) -> [UInt8]?
    /// Symlinks left out because their target is outside the folder, by relative path.
    public var outside: [String: String] = [:]

    public init(label: String, files: [String: Int], read: @escaping @Sendable (String) -> [UInt8]?) {
        self.label = label
        self.files = files
        self.read = read
        var directories: Set<String> = []
        for path in files.keys {
            var folder = Substring(path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard directories.insert(String(folder)).inserted else { break }
            }
        }
        self.directories = directories
    }

    /// The largest file verify reads (32 MiB): text it scans and files it hashes for an
    /// `integrity` check. Larger files are reported, not read, so no bundle can make the
    /// verifier hold more than this of one file in memory.
    public static let maximumScannedSize = 32 << 20

    /// Whether verify reads `path` as text (HTML, CSS, JavaScript, JSON, …), so that a file
    /// of it larger than `maximumScannedSize` is refused (`structure.file.too-large`).
    public static func isScanned(_ path: String) -> Bool {
        FileChecks.textExtensions.contains(FileChecks.fileExtension(path))
    }

    /// Files held in memory, e.g. a build's output before it is written.
    public static func memory(_ files: [String: [UInt8]], label: String = "dist") -> VerifyInput {
        VerifyInput(label: label, files: files.mapValues(\.count)) { files[$0] }
    }

    /// The path shown in findings for a file or folder of the input.
    public func display(_ relative: String) -> String {
        if label.isEmpty { return relative }
        return relative.isEmpty ? label : label + "/" + relative
    }
}

/// The verified folder could not be read at all (missing, not a folder, no permission):
/// exit status 2, as opposed to findings about its content.
public struct VerifyInputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot read '\(path)': \(reason)" }
}

extension VerifyInput {
    /// Walks `path` once (`FolderWalk`: each folder once, at most 64 levels deep). A
    /// symlink is followed only when its real target is inside the folder (others are
    /// listed in `outside`); only regular files are ever read.
    public static func directory(_ path: String) throws(VerifyInputError) -> VerifyInput {
        let walk: FolderInventory
        do { walk = try FolderInventory.of(path) } catch { throw VerifyInputError(path: path, reason: error.explanation) }
        let root = path
        var input = VerifyInput(label: label(for: path), files: walk.files) { relative in
            try? FileSystem.read(root + "/" + relative)
        }
        input.outside = walk.outside
        return input
    }

    /// `dist/` → `dist`; `.` → the current folder's name; `/` → no label.
    public static func label(for path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        var name = trimmed.split(separator: "/").last.map(String.init) ?? ""
        if name == "." || name == ".." || name.isEmpty, let resolved = FileSystem.realPath(path) {
            name = resolved.split(separator: "/").last.map(String.init) ?? ""
        }
        return name
    }
}
