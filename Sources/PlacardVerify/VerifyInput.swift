#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Walks `path` once with `readdir` (each folder once, at most 64 levels deep). A
    /// symlink is followed only when its real target is inside the folder (others are
    /// listed in `outside`); only regular files are ever read.
    public static func directory(_ path: String) throws(VerifyInputError) -> VerifyInput {
        var info = stat()
        guard stat(path, &info) == 0 else { throw VerifyInputError(path: path, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw VerifyInputError(path: path, reason: "not a folder") }
        guard let handle = opendir(path) else { throw VerifyInputError(path: path, reason: String(cString: strerror(errno))) }
        closedir(handle)
        var walk = Walk(root: realPath(path) ?? path)
        walk.visited = [FolderID(info)]
        walk.walk(path, relative: "", depth: 0)
        let root = path
        var input = VerifyInput(label: label(for: path), files: walk.files) { relative in
            PosixFile.read(root + "/" + relative)
        }
        input.outside = walk.outside
        return input
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `dist/` → `dist`; `.` → the current folder's name; `/` → no label.
    static func label(for path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        var name = trimmed.split(separator: "/").last.map(String.init) ?? ""
        if name == "." || name == ".." || name.isEmpty, let resolved = realpath(path, nil) {
            name = String(cString: resolved).split(separator: "/").last.map(String.init) ?? ""
            free(resolved)
        }
        return name
    }

    /// A folder's device and inode, so a symlink loop is walked once.
    private struct FolderID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// One walk of the verified folder: what it found and which folders it has seen.
    private struct Walk {
        /// The verified folder's real path: every followed symlink must stay inside it.
        let root: String
        var visited: Set<FolderID> = []
        var files: [String: Int] = [:]
        var outside: [String: String] = [:]

        init(root: String) { self.root = root }

        mutating func walk(_ absolute: String, relative: String, depth: Int) {
            guard depth < 64, let handle = opendir(absolute) else { return }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let childAbsolute = absolute + "/" + name
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(childAbsolute, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFLNK {
                    // A dangling link or a loop has no target to judge: left out as before.
                    guard let real = VerifyInput.realPath(childAbsolute) else { continue }
                    guard real == root || root == "/" || real.hasPrefix(root + "/") else {
                        outside[childRelative] = real
                        continue
                    }
                    guard stat(real, &info) == 0 else { continue }
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    guard visited.insert(FolderID(info)).inserted else { continue }
                    walk(childAbsolute, relative: childRelative, depth: depth + 1)
                case S_IFREG: files[childRelative] = Int(info.st_size)
                default: continue
                }
            }
        }
    }
}

/// Whole-file reads with `open`/`read`, no Foundation: each file is read exactly once.
enum PosixFile {
    /// A regular file's bytes; nil for anything else (opened without blocking, so a FIFO
    /// put in place of a file cannot hang the verifier).
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0))
        var offset = 0
        while true {
            if offset == bytes.count { bytes.append(contentsOf: repeatElement(0, count: 4096)) }
            let n = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.read(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                Darwin.read(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            offset += n
        }
        bytes.removeSubrange(offset...)
        return bytes
    }
}
