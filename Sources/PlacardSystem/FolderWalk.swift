/// The one recursive walk over a folder, for the build's loader and the verifier alike.
///
/// Exists so that every tree Placard reads is walked by the same rules: entries in sorted
/// order; a symlink is followed only when its real target stays inside `inside`; a folder is
/// read once however many links lead to it (by real path, so a symlink loop ends); at most
/// `maxDepth` levels; only regular files and folders are taken. What the walk meets is
/// handed to the caller as `Event`s — the loader turns the unusual ones into findings, the
/// verifier keeps the files and the links that lead outside and ignores the rest.
package struct FolderWalk: Sendable {
    /// What one entry is, after following a symlink.
    package enum Entry: Sendable, Equatable {
        case file(size: Int)
        /// `target`: the real path of the folder when it was reached through a symlink.
        case folder(target: String?)
        /// A symlink whose real target lies outside the walk's confinement.
        case outside(target: String)
        /// A symlink loop (`ELOOP`).
        case loop
        /// A symlink to nothing.
        case dangling
        /// A symlink that cannot be resolved for another reason (`errno`).
        case unfollowable(code: Int32)
        /// A FIFO, socket or device (or an entry that vanished).
        case special
    }

    /// What the walk met, with paths relative to the walked folder.
    package enum Event: Sendable {
        /// Any entry but a folder that is walked into.
        case entry(relative: String, absolute: String, Entry)
        /// A symlink to a folder that contains it: not followed.
        case cycle(relative: String)
        /// A folder reached a second time (through a symlink): not walked again.
        case repeated(relative: String, first: String)
        /// A name that is not UTF-8, shown with its bytes escaped (`\xNN`).
        case undecodableName(relative: String)
        /// A folder that cannot be listed.
        case unreadable(relative: String, error: FileSystem.Error)
        /// A folder below `maxDepth` levels: not walked into.
        case tooDeep(relative: String)
    }

    /// The kind of `path`, following a symlink only when its real target is inside `inside`
    /// (a canonical absolute path).
    package static func entry(_ path: String, inside: String) -> Entry {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .special }
        var target: String?
        if (info.st_mode & S_IFMT) == S_IFLNK {
            switch FileSystem.resolve(path) {
            case .failure(let error) where error.code == ELOOP: return .loop
            case .failure(let error) where error.code == ENOENT: return .dangling
            case .failure(let error): return .unfollowable(code: error.code)
            case .success(let real):
                guard FileSystem.isInside(real, inside) else { return .outside(target: real) }
                // `real` has no symlink left in it: lstat gives the target's own kind.
                guard lstat(real, &info) == 0 else { return .dangling }
                target = real
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int(info.st_size))
        case S_IFDIR: return .folder(target: target)
        default: return .special
        }
    }

    /// Walks the folder `path` (whose real path is `real`, when the caller knows it),
    /// calling `visit` for what it meets. `skipHidden` leaves out names starting with `.`;
    /// `enter` is asked before each folder is walked into (with its relative path), and a
    /// folder it refuses is left out without an event.
    package static func walk(_ path: String, real: String? = nil, inside: String, skipHidden: Bool, maxDepth: Int = 64,
                             enter: (String) -> Bool = { _ in true }, visit: (Event) -> Void) {
        var walker = Walker(inside: inside, skipHidden: skipHidden, maxDepth: maxDepth)
        let rootReal = real ?? FileSystem.realPath(path) ?? path
        walker.folders[rootReal] = ""
        walker.walk(path, real: rootReal, relative: "", depth: 0, enter: enter, visit: visit)
    }

    /// One walk's rules and the folders it has read.
    private struct Walker {
        let inside: String
        let skipHidden: Bool
        let maxDepth: Int
        /// Real path → the relative path under which it was read.
        var folders: [String: String] = [:]

        init(inside: String, skipHidden: Bool, maxDepth: Int) {
            (self.inside, self.skipHidden, self.maxDepth) = (inside, skipHidden, maxDepth)
        }

        mutating func walk(_ absolute: String, real: String, relative: String, depth: Int, enter: (String) -> Bool, visit: (Event) -> Void) {
            let listing: FileSystem.Listing
            do { listing = try FileSystem.listing(absolute) } catch {
                visit(.unreadable(relative: relative, error: error))
                return
            }
            let prefix = relative.isEmpty ? "" : relative + "/"
            for bytes in listing.undecodable where !(skipHidden && bytes.first == UInt8(ascii: ".")) {
                visit(.undecodableName(relative: prefix + FileSystem.escapedName(bytes)))
            }
            for name in listing.names where !(skipHidden && name.hasPrefix(".")) {
                let child = absolute + "/" + name, childRelative = prefix + name
                let entry = FolderWalk.entry(child, inside: inside)
                guard case .folder(let target) = entry else {
                    visit(.entry(relative: childRelative, absolute: child, entry))
                    continue
                }
                // A plain folder's real path follows from its parent's, without a system call.
                let childReal = target ?? real + "/" + name
                if target != nil, FileSystem.isInside(real, childReal) {
                    visit(.cycle(relative: childRelative))
                } else if let first = folders[childReal] {
                    visit(.repeated(relative: childRelative, first: first))
                } else if depth + 1 >= maxDepth {
                    visit(.tooDeep(relative: childRelative))
                } else if enter(childRelative) {
                    folders[childReal] = childRelative
                    walk(child, real: childReal, relative: childRelative, depth: depth + 1, enter: enter, visit: visit)
                }
            }
        }
    }
}

/// Every regular file under a folder and the symlinks that lead out of it: what the
/// verifier judges.
package struct FolderInventory: Sendable {
    /// Regular files, relative to the folder, `/`-separated, with their sizes in bytes.
    package var files: [String: Int] = [:]
    /// Symlinks left out because their target is outside the folder: relative path → target.
    package var outside: [String: String] = [:]

    /// Walks `path`; fails only when `path` itself is missing, not a folder or unreadable.
    /// Dangling links, loops, special files and entries that vanish are left out.
    package static func of(_ path: String) throws(FileSystem.Error) -> FolderInventory {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileSystem.Error(path: path, operation: "read", code: errno) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw FileSystem.Error(path: path, operation: "read", code: ENOTDIR, reason: "not a folder")
        }
        guard let handle = opendir(path) else { throw FileSystem.Error(path: path, operation: "read", code: errno) }
        closedir(handle)
        let real = FileSystem.realPath(path) ?? path
        var inventory = FolderInventory()
        FolderWalk.walk(path, real: real, inside: real, skipHidden: false) { event in
            switch event {
            case .entry(let relative, _, .file(let size)): inventory.files[relative] = size
            case .entry(let relative, _, .outside(let target)): inventory.outside[relative] = target
            default: break
            }
        }
        return inventory
    }
}
