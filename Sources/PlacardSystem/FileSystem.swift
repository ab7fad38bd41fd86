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
        /// Said instead of `strerror(code)` when set.
        public var reason: String? = nil
        /// Why it failed: `reason`, or the system's text for `code`.
        public var explanation: String { reason ?? String(cString: strerror(code)) }
        public var description: String { "cannot \(operation) '\(path)': \(explanation)" }
    }

    /// Why `read` refuses a path that is not a regular file.
    static let notRegularReason = "not a regular file (a FIFO, socket or device); Placard reads only regular files"

    package enum Kind: Sendable { case file, directory, symlink, other, missing }

    package static func kind(of path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    package static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The size in bytes of the file at `path` (symlinks followed), or nil.
    package static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The canonical absolute path (symlinks resolved), or the `errno` of the failure
    /// (`ENOENT` for a dangling link, `ELOOP` for a symlink loop).
    package static func resolve(_ path: String) -> Result<String, Error> {
        guard let resolved = realpath(path, nil) else { return .failure(Error(path: path, operation: "resolve", code: errno)) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }

    /// True when `path` is `folder` or inside it (both canonical absolute paths).
    package static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || folder == "/" || path.hasPrefix(folder + "/")
    }

    /// The canonical absolute path (symlinks resolved), or nil if it does not exist.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Opens `path` for reading without blocking and checks with `fstat` that it is a
    /// regular file (closing it otherwise), so a FIFO or device is never read.
    static func openRegular(_ path: String) throws(Error) -> (Int32, stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Error(path: path, operation: "read", code: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw Error(path: path, operation: "read", code: code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw Error(path: path, operation: "read", code: EINVAL, reason: notRegularReason)
        }
        return (fd, info)
    }

    /// Reads a regular file whole. Anything else (a FIFO, socket, device or folder) is an
    /// error: it is opened without blocking and checked with `fstat` before any read, so a
    /// FIFO can never hang a build. With `limit`, a file of more bytes is refused before
    /// anything is read, so no file can make Placard hold more than that in memory.
    package static func read(_ path: String, limit: Int? = nil) throws(Error) -> [UInt8] {
        let (fd, info) = try openRegular(path)
        defer { close(fd) }
        if let limit, Int(info.st_size) > limit {
            throw Error(path: path, operation: "read", code: EFBIG, reason: tooLargeReason(size: Int(info.st_size), limit: limit))
        }
        // One byte more than the size, so the read that finds the end needs no new buffer.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        // A regular file's read comes back short only at its end: no extra read to find it.
        var offset = 0
        while true {
            if offset == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
            let wanted = bytes.count - offset
            let n = bytes.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress! + offset, wanted) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Error(path: path, operation: "read", code: errno)
            }
            if n == 0 { break }
            offset += n
            if let limit, offset > limit {
                // The file grew while it was read.
                throw Error(path: path, operation: "read", code: EFBIG, reason: tooLargeReason(size: offset, limit: limit))
            }
            if n < wanted { break }
        }
        bytes.removeSubrange(offset...)
        return bytes
    }

    static func tooLargeReason(size: Int, limit: Int) -> String {
        "it has \(size) bytes, and Placard reads text files of at most \(limit >> 20) MiB (\(limit) bytes); split it into smaller files"
    }

    /// Reads `path` only when its real path (symlinks resolved) is inside `root` (a real
    /// path, e.g. `Project.realRoot`) and it is a regular file — the rule for every file
    /// Placard reads from a project.
    package static func readConfined(_ path: String, inside root: String, limit: Int? = nil) throws(Error) -> [UInt8] {
        switch resolve(path) {
        case .failure(let error): throw Error(path: path, operation: "read", code: error.code)
        case .success(let real):
            guard isInside(real, root) else {
                throw Error(path: path, operation: "read", code: EACCES,
                            reason: "it is a symlink to '\(real)', outside the project; copy the file into the project instead")
            }
            return try read(real, limit: limit)
        }
    }

    /// Writes `bytes` to `path` (created or truncated, mode 0644). No fsync: a build is
    /// swapped in by rename, and a crash leaves the previous output in place.
    package static func write(_ bytes: [UInt8], to path: String) throws(Error) {
        if let failure = bytes.withUnsafeBytes({ write($0, to: path) }) { throw failure }
    }

    package static func write(_ text: String, to path: String) throws(Error) {
        var text = text
        // Writes the string's own UTF-8 storage (no copy for native strings).
        if let failure = text.withUTF8({ write(UnsafeRawBufferPointer($0), to: path) }) { throw failure }
    }

    private static func write(_ buffer: UnsafeRawBufferPointer, to path: String) -> Error? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return Error(path: path, operation: "write", code: errno) }
        defer { close(fd) }
        return write(buffer, to: fd, path: path)
    }

    /// Writes `bytes` to a new file of a unique name beside `path` (mode 0644), for a rename
    /// onto `path`; returns its path. No file that exists is opened, so a user's own
    /// `app.zip.tmp` next to `app.zip` is never overwritten or removed.
    package static func writeBeside(_ path: String, _ bytes: [UInt8]) throws(Error) -> String {
        let folder = Path.parent(of: path)
        var template = Array(((folder.isEmpty ? "" : folder + "/") + "." + Path.name(of: path) + ".placard-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let temporary = String(cString: template)
        guard fd >= 0 else { throw Error(path: temporary, operation: "write", code: errno) }
        defer { close(fd) }
        let failure: Error? = fchmod(fd, 0o644) != 0 ? Error(path: temporary, operation: "write", code: errno)
            : bytes.withUnsafeBytes { write($0, to: fd, path: temporary) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        return temporary
    }

    /// A new, empty folder of a unique name (`<prefix>XXXXXX`, mode 0700) in `$TMPDIR` (or
    /// `/tmp`); returns its path.
    package static func makeTemporaryFolder(prefix: String) throws(Error) -> String {
        var folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        var template = Array((folder + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: template)
        guard made != nil else { throw Error(path: path, operation: "create", code: errno) }
        return path
    }

    /// Writes all of `buffer` to an open file (`path` is for the error).
    private static func write(_ buffer: UnsafeRawBufferPointer, to fd: Int32, path: String) -> Error? {
        var offset = 0
        while offset < buffer.count {
            let n = POSIX.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return Error(path: path, operation: "write", code: errno)
            }
            offset += n
        }
        return nil
    }

    /// `mkdir -p`.
    package static func makeDirectories(_ path: String) throws(Error) {
        var created: [String] = []
        try makeDirectories(path, created: &created)
    }

    /// `mkdir -p` that lists the folders it made, outermost first.
    package static func makeDirectories(_ path: String, created: inout [String]) throws(Error) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = Path.parent(of: path)
        if !parent.isEmpty && parent != path { try makeDirectories(parent, created: &created) }
        if mkdir(path, 0o755) != 0 {
            if errno != EEXIST { throw Error(path: path, operation: "create folder", code: errno) }
        } else {
            created.append(path)
        }
    }

    /// The entries of a folder: the names that are valid UTF-8, sorted, and the raw bytes
    /// of those that are not (a Swift `String` would repair them into another name).
    package struct Listing: Sendable {
        package var names: [String] = []
        package var undecodable: [[UInt8]] = []
    }

    /// Names in a folder, sorted, without `.` and `..`, keeping names that are not UTF-8 apart.
    package static func listing(_ path: String) throws(Error) -> Listing {
        var listing = Listing()
        try forEachEntry(Array(path.utf8), display: path) { bytes in
            if let name = String(validating: bytes, as: UTF8.self) { listing.names.append(name) } else { listing.undecodable.append(bytes) }
        }
        listing.names.sort()
        listing.undecodable.sort { $0.lexicographicallyPrecedes($1) }
        return listing
    }

    /// Names in a folder, sorted, without `.` and `..` (a name that is not UTF-8 comes back
    /// repaired, so it names no file: use `listing` where that matters).
    package static func list(_ path: String) throws(Error) -> [String] {
        let listing = try listing(path)
        if listing.undecodable.isEmpty { return listing.names }
        return (listing.names + listing.undecodable.map { String(decoding: $0, as: UTF8.self) }).sorted()
    }

    /// Calls `body` with the raw bytes of each entry name of the folder `path` (bytes).
    private static func forEachEntry(_ path: [UInt8], display: String, _ body: ([UInt8]) -> Void) throws(Error) {
        guard let dir = withCString(path, { opendir($0) }) else { throw Error(path: display, operation: "list", code: errno) }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            body(bytes)
        }
    }

    /// Runs `body` with `bytes` as a NUL-terminated C string.
    private static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    /// `rm -rf`; a missing path is not an error. Works on raw name bytes, so names that are
    /// not UTF-8 are removed too; symlinks are removed, never followed.
    package static func remove(_ path: String) throws(Error) {
        try remove(bytes: Array(path.utf8))
    }

    private static func remove(bytes path: [UInt8]) throws(Error) {
        var info = stat()
        guard withCString(path, { lstat($0, &info) }) == 0 else { return }
        let display = String(decoding: path, as: UTF8.self)
        if info.st_mode & S_IFMT == S_IFDIR {
            var children: [[UInt8]] = []
            try forEachEntry(path, display: display) { children.append($0) }
            for child in children { try remove(bytes: path + [0x2F] + child) }
            if withCString(path, { rmdir($0) }) != 0 { throw Error(path: display, operation: "remove", code: errno) }
        } else if withCString(path, { unlink($0) }) != 0 {
            throw Error(path: display, operation: "remove", code: errno)
        }
    }

    /// A name for messages: valid UTF-8 kept, every other byte written as `\xNN`.
    package static func escapedName(_ bytes: [UInt8]) -> String {
        var result = ""
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            let width = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0
            if width > 0, i + width <= bytes.count, let text = String(validating: bytes[i..<i + width], as: UTF8.self) {
                result += text
                i += width
            } else {
                result += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
                i += 1
            }
        }
        return result
    }

    package static func rename(_ from: String, to: String) throws(Error) {
        if POSIX.rename(from, to) != 0 { throw Error(path: from, operation: "rename to '\(to)'", code: errno) }
    }

    /// Swaps two existing paths in one atomic step (`renameat2` with `RENAME_EXCHANGE`).
    /// False when the system or file system cannot (the caller falls back to two renames).
    package static func exchange(_ a: String, _ b: String) throws(Error) -> Bool {
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

    /// Copies a regular file in pieces of at most 1 MiB, so an asset of any size is copied
    /// without being held in memory. The new file is created (or truncated) with mode 0644.
    package static func copy(_ from: String, to: String) throws(Error) {
        let (source, info) = try openRegular(from)
        defer { close(source) }
        let target = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard target >= 0 else { throw Error(path: to, operation: "write", code: errno) }
        defer { close(target) }
        let size = min(max(Int(info.st_size), 1), 1 << 20)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = POSIX.read(source, buffer.baseAddress!, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw Error(path: from, operation: "read", code: errno)
            }
            if n == 0 { return }
            if let failure = write(UnsafeRawBufferPointer(rebasing: buffer[..<n]), to: target, path: to) { throw failure }
        }
    }
}
