#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file access: read whole files, write them without fsync, walk folders.
///
/// Exists because Foundation's `Data.write` fsyncs every file on Linux (2.5–4× slower
/// builds) and its directory enumerator allocates far more than a build of 10,000 pages
/// can afford. Errors are values with the path and `strerror`, never crashes.
public enum FileSystem {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var path: String
        public var operation: String
        public var code: Int32
        public var description: String { "cannot \(operation) '\(path)': \(String(cString: strerror(code)))" }
    }

    public enum Kind: Sendable { case file, directory, symlink, other, missing }

    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The canonical absolute path (symlinks resolved), or nil if it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public static func read(_ path: String) throws(Error) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Error(path: path, operation: "read", code: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Error(path: path, operation: "read", code: errno) }
        // One byte more than the size, so the read that finds the end needs no new buffer.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        // A regular file's read comes back short only at its end: no extra read to find it.
        let regular = info.st_mode & S_IFMT == S_IFREG
        var offset = 0
        while true {
            if offset == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
            let wanted = bytes.count - offset
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, wanted) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Error(path: path, operation: "read", code: errno)
            }
            if n == 0 { break }
            offset += n
            if regular && n < wanted { break }
        }
        bytes.removeSubrange(offset...)
        return bytes
    }

    /// Writes `bytes` to `path` (created or truncated, mode 0644). No fsync: a build is
    /// swapped in by rename, and a crash leaves the previous output in place.
    public static func write(_ bytes: [UInt8], to path: String) throws(Error) {
        if let failure = bytes.withUnsafeBytes({ write($0, to: path) }) { throw failure }
    }

    public static func write(_ text: String, to path: String) throws(Error) {
        var text = text
        // Writes the string's own UTF-8 storage (no copy for native strings).
        if let failure = text.withUTF8({ write(UnsafeRawBufferPointer($0), to: path) }) { throw failure }
    }

    private static func write(_ buffer: UnsafeRawBufferPointer, to path: String) -> Error? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return Error(path: path, operation: "write", code: errno) }
        defer { close(fd) }
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return Error(path: path, operation: "write", code: errno)
            }
            offset += n
        }
        return nil
    }

    /// `mkdir -p`.
    public static func makeDirectories(_ path: String) throws(Error) {
        var created: [String] = []
        try makeDirectories(path, created: &created)
    }

    /// `mkdir -p` that lists the folders it made, outermost first.
    static func makeDirectories(_ path: String, created: inout [String]) throws(Error) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = Path.parent(of: path)
        if !parent.isEmpty && parent != path { try makeDirectories(parent, created: &created) }
        if mkdir(path, 0o755) != 0 {
            if errno != EEXIST { throw Error(path: path, operation: "create folder", code: errno) }
        } else {
            created.append(path)
        }
    }

    /// Names in a folder, sorted, without `.` and `..`.
    public static func list(_ path: String) throws(Error) -> [String] {
        guard let dir = opendir(path) else { throw Error(path: path, operation: "list", code: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// `rm -rf`; a missing path is not an error.
    public static func remove(_ path: String) throws(Error) {
        switch kind(of: path) {
        case .missing: return
        case .directory:
            for name in try list(path) { try remove(path + "/" + name) }
            if rmdir(path) != 0 { throw Error(path: path, operation: "remove", code: errno) }
        default:
            if unlink(path) != 0 { throw Error(path: path, operation: "remove", code: errno) }
        }
    }

    public static func rename(_ from: String, to: String) throws(Error) {
        if Glibc.rename(from, to) != 0 { throw Error(path: from, operation: "rename to '\(to)'", code: errno) }
    }

    /// Swaps two existing paths in one atomic step (`renameat2` with `RENAME_EXCHANGE`).
    /// False when the system or file system cannot (the caller falls back to two renames).
    public static func exchange(_ a: String, _ b: String) throws(Error) -> Bool {
        #if os(Linux)
        let renameExchange: UInt32 = 1 << 1
        let result: Int
        if let call = RenameExchange.renameat2 {
            result = Int(call(AT_FDCWD, a, AT_FDCWD, b, renameExchange))
        } else if let call = RenameExchange.syscall, let number = RenameExchange.number {
            result = call(number, AT_FDCWD, a, AT_FDCWD, b, renameExchange)
        } else {
            return false
        }
        if result == 0 { return true }
        let code = errno
        if code == ENOSYS || code == EINVAL || code == EOPNOTSUPP { return false }
        throw Error(path: a, operation: "exchange with '\(b)'", code: code)
        #else
        return false
        #endif
    }

    #if os(Linux)
    /// Glibc has `renameat2` since 2.28 but Swift's Glibc module does not declare it (nor can
    /// it import the variadic `syscall`), so both are looked up once by name.
    enum RenameExchange {
        typealias Function = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        typealias Syscall = @convention(c) (Int, Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int
        nonisolated(unsafe) static let process = dlopen(nil, RTLD_NOW)
        static let renameat2: Function? = dlsym(process, "renameat2").map { unsafeBitCast($0, to: Function.self) }
        static let syscall: Syscall? = dlsym(process, "syscall").map { unsafeBitCast($0, to: Syscall.self) }
        #if arch(x86_64)
        static let number: Int? = 316  // SYS_renameat2
        #elseif arch(arm64)
        static let number: Int? = 276
        #else
        static let number: Int? = nil
        #endif
    }
    #endif

    public static func copy(_ from: String, to: String) throws(Error) {
        try write(try read(from), to: to)
    }
}

extension String {
    /// True when every character is one ASCII byte, so byte positions are character positions.
    var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }
}

/// Path string helpers (no Foundation `URL` in the hot path).
public enum Path {
    public static func join(_ parts: String...) -> String { join(parts) }

    public static func join(_ parts: [String]) -> String {
        var result = ""
        for part in parts where !part.isEmpty {
            if result.isEmpty || part.hasPrefix("/") { result = part; continue }
            result += result.hasSuffix("/") ? part : "/" + part
        }
        return result
    }

    public static func parent(of path: String) -> String {
        if path.isASCII {
            // Every ASCII byte is a character: find the slash among the bytes.
            guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
            return slash == path.utf8.startIndex ? "/" : String(path[..<slash])
        }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Resolves `.` and `..` in a relative path; nil if it climbs above its start.
    public static func normalize(_ path: String) -> String? {
        if isPlain(path) { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The relative path from folder `from` to file `to` (both relative to one root).
    public static func relative(from: String, to: String) -> String {
        if from.isEmpty, isPlain(to) { return to }
        let a = from.split(separator: "/")
        let b = to.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count - 1, a[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: a.count - common)
        return (ups + b[common...].map(String.init)).joined(separator: "/")
    }

    /// True for a relative path whose parts are all names (no empty part, `.` or `..`),
    /// which `normalize` and `relative(from: "", to:)` return unchanged.
    static func isPlain(_ path: String) -> Bool {
        var length = 0, dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || length == dots && dots <= 2 { return false }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && !(length == dots && dots <= 2)
    }

    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalizeAbsolute(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
        return normalizeAbsolute(cwd + "/" + path)
    }

    private static func normalizeAbsolute(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
