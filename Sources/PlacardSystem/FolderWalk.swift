/// Every regular file under a folder, found in one `readdir` walk that follows only the
/// symlinks whose real target stays inside the folder.
///
/// Exists so that the verifier (and anything else that judges a folder it did not write)
/// walks it one way: each folder at most once however many links lead to it (by device and
/// inode, so a symlink loop ends), at most 64 levels deep, and a link that leads outside is
/// reported with its target instead of being followed.
package struct FolderWalk: Sendable {
    /// Regular files, relative to the folder, `/`-separated, with their sizes in bytes.
    package var files: [String: Int] = [:]
    /// Symlinks left out because their target is outside the folder: relative path → target.
    package var outside: [String: String] = [:]

    /// Walks `path`; fails only when `path` itself is missing, not a folder or unreadable.
    /// Dangling links, loops and entries that vanish during the walk are left out.
    package static func walk(_ path: String) throws(FileSystem.Error) -> FolderWalk {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileSystem.Error(path: path, operation: "read", code: errno) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw FileSystem.Error(path: path, operation: "read", code: ENOTDIR, reason: "not a folder")
        }
        guard let handle = opendir(path) else { throw FileSystem.Error(path: path, operation: "read", code: errno) }
        closedir(handle)
        var walker = Walker(root: FileSystem.realPath(path) ?? path)
        walker.visited = [FolderID(info)]
        walker.walk(path, relative: "", depth: 0)
        return walker.result
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

    /// One walk: what it found and which folders it has seen.
    private struct Walker {
        /// The walked folder's real path: every followed symlink must stay inside it.
        let root: String
        var visited: Set<FolderID> = []
        var result = FolderWalk()

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
                    // A dangling link or a loop has no target to judge: left out.
                    guard let real = FileSystem.realPath(childAbsolute) else { continue }
                    guard FileSystem.isInside(real, root) else {
                        result.outside[childRelative] = real
                        continue
                    }
                    guard stat(real, &info) == 0 else { continue }
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    guard visited.insert(FolderID(info)).inserted else { continue }
                    walk(childAbsolute, relative: childRelative, depth: depth + 1)
                case S_IFREG: result.files[childRelative] = Int(info.st_size)
                default: continue
                }
            }
        }
    }
}
