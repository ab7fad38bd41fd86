#if canImport(Glibc)
import Glibc
#endif
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
        for file in extra {
            let temporary = Path.join(output, file.path + ".tmp")
            try writeOne(file, to: temporary)
            try FileSystem.rename(temporary, to: Path.join(output, file.path))
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

    static func writeOne(_ file: OutputFile, to path: String) throws(FileSystem.Error) {
        switch file.content {
        case .text(let text): try FileSystem.write(text, to: path)
        case .bytes(let bytes): try FileSystem.write(bytes, to: path)
        case .copy(let source): try FileSystem.copy(source, to: path)
        }
    }

    /// Moves `staging` to `output`, removing the previous `output` only once the new one is in place.
    static func swap(_ staging: String, into output: String) throws(FileSystem.Error) {
        let previous = output + ".old-\(getpid())"
        let hadPrevious = FileSystem.kind(of: output) != .missing
        if hadPrevious { try FileSystem.rename(output, to: previous) }
        do {
            try FileSystem.rename(staging, to: output)
        } catch {
            if hadPrevious { try? FileSystem.rename(previous, to: output) }
            throw error
        }
        if hadPrevious { try FileSystem.remove(previous) }
    }
}
