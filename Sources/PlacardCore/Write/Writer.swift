import PlacardSystem
import PlacardRules

/// The write stage: puts the output files on disk atomically.
///
/// Exists so that a failed or interrupted build never leaves a half-written `dist/`: the
/// whole tree is written into a sibling staging folder and swapped in by `rename`.
public enum Writer {
    /// Writes `files` into a staging folder next to `output`, then swaps it in.
    /// Returns the number of files written.
    @discardableResult
    public static func write(_ files: [OutputFile], to output: String) throws(FileSystem.Error) -> Int {
        let staging = output + ".tmp-\(getpid())"
        try FileSystem.remove(staging)
        do {
            try writeTree(files, into: staging)
        } catch {
            try? FileSystem.remove(staging)
            throw error
        }
        try swap(staging, into: output)
        return files.count
    }

    /// Replaces only `output/<folder>` (and writes the loose `extra` files) — used by `serve`
    /// to publish one rebuilt widget without touching the others.
    public static func replace(folder: String, with files: [OutputFile], extra: [OutputFile], in output: String) throws(FileSystem.Error) {
        let prefix = folder + "/"
        let inside = files.map { OutputFile(path: String($0.path.dropFirst(prefix.count)), content: $0.content) }
        let staging = Path.join(output, "." + folder + ".tmp-\(getpid())")
        try FileSystem.remove(staging)
        do {
            try writeTree(inside, into: staging)
        } catch {
            try? FileSystem.remove(staging)
            throw error
        }
        try swap(staging, into: Path.join(output, folder))
        try update(extra, in: output)
    }

    /// Rewrites single files of `output` in place, each atomically: written to a temporary
    /// file next to it, then renamed over it — used by `serve` to publish one rebuilt page.
    public static func update(_ files: [OutputFile], in output: String) throws(FileSystem.Error) {
        for file in files {
            let target = Path.join(output, file.path)
            let folder = Path.parent(of: target)
            try FileSystem.makeDirectories(folder)
            let temporary = Path.join(folder, "." + Path.name(of: target) + ".tmp-\(getpid())")
            do {
                try writeOne(file, to: temporary)
                try FileSystem.rename(temporary, to: target)
            } catch {
                try? FileSystem.remove(temporary)
                throw error
            }
        }
    }

    static func writeTree(_ files: [OutputFile], into root: String) throws(FileSystem.Error) {
        try FileSystem.makeDirectories(root)
        var folders: Set<String> = []
        for file in files {
            var folder = Path.parent(of: file.path)
            while !folder.isEmpty, folders.insert(folder).inserted { folder = Path.parent(of: folder) }
        }
        for folder in folders.sorted() { try FileSystem.makeDirectories(Path.join(root, folder)) }
        let failures = ConcurrentMap.run(files.count) { i -> FileSystem.Error? in
            do { try writeOne(files[i], to: Path.join(root, files[i].path)) } catch { return error as? FileSystem.Error }
            return nil
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
    }

    /// A write whose files arrive while the build is still running: the build's pages are
    /// written into the staging folder as soon as each one is rendered (so the HTML of a
    /// large site is never all in memory), then `commit` swaps the folder in as `write`
    /// does, or `discard` removes every trace of it when the build failed.
    final class Stream: @unchecked Sendable {
        let output: String
        let staging: String
        /// Folders `mkdir -p` made above the staging folder (removed again by `discard`).
        private var createdAncestors: [String] = []
        private var folders: Set<String> = []
        /// Failed writes by path; the first in the files' order is reported.
        private var failures: [String: FileSystem.Error] = [:]
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

        /// Creates the staging folder and `folders` (relative paths) inside it.
        init(output: String, folders: [String]) throws(FileSystem.Error) {
            self.output = output
            staging = output + ".tmp-\(getpid())"
            pthread_mutex_init(lock, nil)
            try FileSystem.remove(staging)
            try FileSystem.makeDirectories(staging, created: &createdAncestors)
            createdAncestors.removeAll { $0 == staging }
            // The marker first: a staging folder left by a killed build is recognisable.
            try writeOne(OutputFolder.markerFile, to: Path.join(staging, OutputFolder.markerName))
            try makeFolders(folders)
        }

        deinit {
            pthread_mutex_destroy(lock)
            lock.deallocate()
        }

        /// Creates the parent folders of these output paths, before their files are written.
        func makeFolders(forFiles paths: [String]) throws(FileSystem.Error) {
            try makeFolders(paths.map { Path.parent(of: $0) })
        }

        private func makeFolders(_ list: [String]) throws(FileSystem.Error) {
            var missing: Set<String> = []
            for var folder in list {
                while !folder.isEmpty, !folders.contains(folder), missing.insert(folder).inserted { folder = Path.parent(of: folder) }
            }
            for folder in missing.sorted() { try FileSystem.makeDirectories(Path.join(staging, folder)) }
            folders.formUnion(missing)
        }

        /// Writes one file (from any thread); a failure is kept for `firstFailure`.
        func write(_ file: OutputFile) {
            do { try writeOne(file, to: Path.join(staging, file.path)) } catch {
                pthread_mutex_lock(lock)
                failures[file.path] = error
                pthread_mutex_unlock(lock)
            }
        }

        /// Writes `files` on all cores.
        func write(_ files: [OutputFile]) {
            ConcurrentMap.forEach(files.count) { self.write(files[$0]) }
        }

        /// The failure of the first path in `order` that failed.
        func firstFailure(in order: [String]) -> FileSystem.Error? {
            guard !failures.isEmpty else { return nil }
            return order.lazy.compactMap { self.failures[$0] }.first ?? failures.values.first
        }

        /// Swaps the staging folder in as the output.
        func commit() throws(FileSystem.Error) {
            try swap(staging, into: output)
        }

        /// Removes the staging folder and the folders made for it. With `keepAncestors`
        /// (a failed write, as `write` leaves it) the folders above it stay.
        func discard(keepAncestors: Bool = false) {
            try? FileSystem.remove(staging)
            if !keepAncestors { for folder in createdAncestors.reversed() { rmdir(folder) } }
        }
    }

    static func writeOne(_ file: OutputFile, to path: String) throws(FileSystem.Error) {
        switch file.content {
        case .text(let text): try FileSystem.write(text, to: path)
        case .bytes(let bytes): try FileSystem.write(bytes, to: path)
        case .copy(let source): try FileSystem.copy(source, to: path)
        }
    }

    /// Moves `staging` to `output`, removing the previous `output` only once the new one is in place.
    /// Where the system can exchange two paths atomically (Linux `renameat2`), `output`
    /// never stops existing: a reader sees the whole old tree or the whole new one.
    static func swap(_ staging: String, into output: String) throws(FileSystem.Error) {
        guard FileSystem.kind(of: output) != .missing else {
            try FileSystem.rename(staging, to: output)
            return
        }
        if try FileSystem.exchange(staging, output) {
            // `staging` now holds the previous tree.
            try FileSystem.remove(staging)
            return
        }
        let previous = output + ".old-\(getpid())"
        try FileSystem.rename(output, to: previous)
        do {
            try FileSystem.rename(staging, to: output)
        } catch {
            try? FileSystem.rename(previous, to: output)
            throw error
        }
        try FileSystem.remove(previous)
    }
}
