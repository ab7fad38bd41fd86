import PlacardSystem
import PlacardRules

/// The write stage: puts the output files on disk so that a reader (the static host, the
/// preview) sees the previous output or the new one, never a mix, and a failed or
/// interrupted build leaves the previous output as it was.
///
/// Exists as the one way output reaches the disk. A `Session` is opened for a `Target`,
/// files arrive from any thread (pages while the render stage still runs, so the HTML of a
/// large site is never all in memory), and `commit` publishes them or `discard` removes
/// every trace. A folder is written into a hidden sibling and swapped in; a loose file is
/// written next to its place and renamed over it at commit.
package enum Writer {
    /// Which part of the output a session replaces.
    package enum Target: Sendable, Equatable {
        /// The whole output folder (`placard build`, serve's full rebuilds).
        case everything
        /// These top-level folders (widget bundles), each swapped in whole; any other file
        /// replaces its namesake alone. `.folders([])`: single files (an edited page).
        case folders(Set<String>)
    }

    /// One write of some files into `output`, published by `commit`.
    final class Session: @unchecked Sendable {
        let output: String
        let target: Target
        /// Where a folder of the target is written before the swap: output-relative
        /// folder ("" for the whole output) → staging path.
        private let staging: [String: String]
        /// Folders `mkdir -p` made above the whole output's staging folder (removed again
        /// by `discard`).
        private var createdAncestors: [String] = []
        /// Folders known to exist, as absolute paths.
        private var folders: Set<String> = []
        /// What concurrent writes record: loose files (temporary path → final path, renamed
        /// at commit) and failed writes by output path (the first in the files' order is
        /// reported).
        private struct Written {
            var loose: [String: String] = [:]
            var failures: [String: FileSystem.Error] = [:]
        }

        private let written = Locked(Written())
        /// Output paths of files to delete at commit (what an edit made stale), loose ones only.
        private let removals = Locked<[String]>([])

        /// Creates the staging folders and the parent folders of `paths` (output-relative
        /// paths of the files to come, so concurrent writes need not create any).
        init(output: String, target: Target, paths: [String] = []) throws(FileSystem.Error) {
            self.output = output
            self.target = target
            let suffix = ".tmp-\(getpid())"
            switch target {
            case .everything:
                staging = ["": output + suffix]
            case .folders(let names):
                staging = Dictionary(uniqueKeysWithValues: names.map { ($0, Path.join(output, "." + $0 + suffix)) })
            }
            for (folder, path) in staging.sorted(by: { $0.key < $1.key }) {
                try FileSystem.remove(path)
                if folder.isEmpty {
                    try FileSystem.makeDirectories(path, created: &createdAncestors)
                    createdAncestors.removeAll { $0 == path }
                    // The marker first: a staging folder left by a killed build is recognisable.
                    try Writer.writeOne(OutputFolder.markerFile, to: Path.join(path, OutputFolder.markerName))
                } else {
                    try FileSystem.makeDirectories(path)
                }
                folders.insert(path)
            }
            try makeFolders(forFiles: paths)
        }

        /// Where the file at output-relative `path` is written now, and whether it is loose.
        private func destination(_ path: String) -> (path: String, loose: Bool) {
            if let whole = staging[""] { return (Path.join(whole, path), false) }
            if let slash = path.firstIndex(of: "/"), let folder = staging[String(path[..<slash])] {
                return (Path.join(folder, String(path[path.index(after: slash)...])), false)
            }
            let target = Path.join(output, path)
            return (Path.join(Path.parent(of: target), "." + Path.name(of: target) + ".tmp-\(getpid())"), true)
        }

        /// Creates the parent folders of these output paths, before their files are written.
        func makeFolders(forFiles paths: [String]) throws(FileSystem.Error) {
            var missing: Set<String> = []
            for path in paths {
                var folder = Path.parent(of: destination(path).path)
                while !folder.isEmpty, !folders.contains(folder), missing.insert(folder).inserted { folder = Path.parent(of: folder) }
            }
            for folder in missing.sorted() { try FileSystem.makeDirectories(folder) }
            folders.formUnion(missing)
        }

        /// Writes one file (from any thread); a failure is kept for `firstFailure`.
        func write(_ file: OutputFile) {
            let (path, isLoose) = destination(file.path)
            do {
                try Writer.writeOne(file, to: path)
                if isLoose { written.withLock { $0.loose[path] = Path.join(output, file.path) } }
            } catch {
                written.withLock { $0.failures[file.path] = error }
            }
        }

        /// Deletes these output files at commit, unless they are in a folder the session
        /// replaces whole (which drops them anyway) or were written by it.
        func remove(atCommit paths: [String]) {
            removals.withLock { $0 += paths }
        }

        /// Writes `files` on all cores.
        func write(_ files: [OutputFile]) {
            ConcurrentMap.forEach(files.count) { self.write(files[$0]) }
        }

        /// The failure of the first path in `order` that failed.
        func firstFailure(in order: [String]) -> FileSystem.Error? {
            let failures = written.current.failures
            guard !failures.isEmpty else { return nil }
            return order.lazy.compactMap { failures[$0] }.first ?? failures.values.first
        }

        /// Publishes what was written: each staging folder swapped in, then each loose file
        /// renamed over its namesake.
        func commit() throws(FileSystem.Error) {
            for (folder, path) in staging.sorted(by: { $0.key < $1.key }) {
                try Writer.swap(path, into: folder.isEmpty ? output : Path.join(output, folder))
            }
            let loose = written.current.loose
            for (temporary, final) in loose.sorted(by: { $0.value < $1.value }) {
                try FileSystem.rename(temporary, to: final)
            }
            let replaced = Set(loose.values)
            for path in Set(removals.current).sorted() where destination(path).loose {
                let full = Path.join(output, path)
                if !replaced.contains(full) { try FileSystem.remove(full) }
            }
        }

        /// Removes the staging folders and loose files. Without `keepAncestors` the folders
        /// made above the whole output's staging folder go too (a failed write keeps them,
        /// as `mkdir -p` of the output would have left them).
        func discard(keepAncestors: Bool = false) {
            for path in staging.values { try? FileSystem.remove(path) }
            for temporary in written.current.loose.keys { try? FileSystem.remove(temporary) }
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
