import PlacardSystem
import Dispatch
import PlacardCore

/// Watches `placard.yml`, `content/` and `templates/` with Linux inotify and reports
/// debounced batches of changed paths (relative to the project root).
///
/// Exists because the preview must rebuild within milliseconds of a save without polling
/// the tree: one watch per folder (new sub-folders are watched as they appear, and the
/// files already in them reported), a 50 ms quiet period so a save of several files builds
/// once, and a pipe to stop the blocking loop from another thread.
public final class Watcher: @unchecked Sendable {
    public let root: String
    /// `root` with symlinks resolved: the walk follows links that stay inside it.
    private let realRoot: String
    private let classifier: ChangeClassifier
    private var debouncer: Debouncer
    #if os(Linux)
    private let fd: Int32
    private let wake: [Int32]
    private var folders: [Int32: String] = [:]
    #endif

    // Linux inotify ABI values (stable; the Glibc macros do not all import into Swift).
    static let modify: UInt32 = 0x2, attrib: UInt32 = 0x4, closeWrite: UInt32 = 0x8
    static let movedFrom: UInt32 = 0x40, movedTo: UInt32 = 0x80, create: UInt32 = 0x100
    static let delete: UInt32 = 0x200, deleteSelf: UInt32 = 0x400, moveSelf: UInt32 = 0x800
    static let overflow: UInt32 = 0x4000, ignored: UInt32 = 0x8000, isDirectory: UInt32 = 0x4000_0000
    static let onlyDirectory: UInt32 = 0x0100_0000
    static let fileEvents = modify | attrib | closeWrite | movedFrom | movedTo | create | delete | deleteSelf | moveSelf

    /// Nil when inotify is unavailable (not Linux, or out of instances).
    public init?(project: Project, quiet: Double = 0.05) {
        root = project.root
        realRoot = project.realRoot
        classifier = ChangeClassifier(project: project)
        debouncer = Debouncer(quiet: quiet)
        #if os(Linux)
        let fd = inotify_init1(Int32(O_NONBLOCK | O_CLOEXEC))
        var pipeFDs: [Int32] = [-1, -1]
        guard fd >= 0, pipe(&pipeFDs) == 0 else {
            if fd >= 0 { close(fd) }
            return nil
        }
        _ = fcntl(pipeFDs[0], F_SETFL, O_NONBLOCK)
        self.fd = fd
        wake = pipeFDs
        _ = addWatch("")
        for folder in ["content", "templates"] { _ = addTree(folder) }
        #else
        return nil
        #endif
    }

    deinit {
        #if os(Linux)
        close(fd)
        close(wake[0])
        close(wake[1])
        #endif
    }

    /// Ends `run` soon after; safe to call from any thread.
    public func stop() {
        #if os(Linux)
        var byte: UInt8 = 1
        _ = write(wake[1], &byte, 1)
        #endif
    }

    /// Blocks, calling `onBatch` with each debounced batch of changed relative paths and
    /// what it requires (classified once, here; batches that require nothing are dropped),
    /// until `stop`.
    public func run(_ onBatch: (_ paths: [String], _ plan: RebuildPlan) -> Void) {
        #if os(Linux)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let now = Self.now()
            var timeout: Int32 = -1
            if let deadline = debouncer.deadline { timeout = Int32(max(0, (deadline - now) * 1000).rounded(.up)) }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno != EINTR { return }
            if fds[1].revents != 0 { return }
            if fds[0].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 { debouncer.add(parse(buffer, count: count), at: Self.now()) }
            }
            if let batch = debouncer.take(at: Self.now()), !batch.isEmpty {
                let plan = classifier.plan(for: batch)
                if plan != .nothing { onBatch(batch, plan) }
            }
        }
        #endif
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    #if os(Linux)
    /// Relative paths named by the events in `buffer`; watches new folders on the way.
    private func parse(_ buffer: [UInt8], count: Int) -> [String] {
        var paths: [String] = []
        var offset = 0
        while offset + 16 <= count {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                 raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                 Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
            }
            let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += 16 + length
            if mask & Self.overflow != 0 {
                paths.append(Config.fileName)
                continue
            }
            if mask & Self.ignored != 0 {
                folders.removeValue(forKey: wd)
                continue
            }
            guard let folder = folders[wd] else { continue }
            let path = folder.isEmpty ? name : (name.isEmpty ? folder : folder + "/" + name)
            if folder.isEmpty {
                // The project root: only placard.yml and the two watched folders matter.
                if name == Config.fileName { paths.append(name) }
                if name == "content" || name == "templates", mask & Self.isDirectory != 0 {
                    if mask & (Self.create | Self.movedTo) != 0 { paths += addTree(name) }
                    paths.append(name + "/")
                }
                continue
            }
            if mask & Self.isDirectory != 0, mask & (Self.create | Self.movedTo) != 0, !name.hasPrefix(".") {
                paths += addTree(path)
            }
            if mask & Self.isDirectory != 0, mask & Self.movedFrom != 0 { removeTree(path) }
            if !name.isEmpty { paths.append(path) }
        }
        return paths
    }

    @discardableResult
    private func addWatch(_ relative: String) -> Bool {
        let mask = relative.isEmpty ? (Self.closeWrite | Self.movedTo | Self.movedFrom | Self.create | Self.delete) : Self.fileEvents
        let wd = inotify_add_watch(fd, relative.isEmpty ? root : Path.join(root, relative), mask | Self.onlyDirectory)
        guard wd >= 0 else { return false }
        folders[wd] = relative
        return true
    }

    /// Watches `relative` and every folder below it that can hold sources (`FolderWalk`'s
    /// rules, as the build reads the tree); returns the files found there, which may have
    /// been written before the watch existed.
    private func addTree(_ relative: String) -> [String] {
        guard FileSystem.isDirectory(Path.join(root, relative)), watched(relative), addWatch(relative) else { return [] }
        var files: [String] = []
        FolderWalk.walk(Path.join(root, relative), inside: realRoot, skipHidden: true,
                        enter: { [self] below in watched(relative + "/" + below) && addWatch(relative + "/" + below) }) { event in
            // Whatever is not a folder is reported: the build decides what it is.
            if case .entry(let below, _, _) = event { files.append(relative + "/" + below) }
        }
        return files
    }

    /// Whether a change in the folder `relative` can matter to a build.
    private func watched(_ relative: String) -> Bool {
        classifier.classify(relative + "/x") != .nothing || relative == "content"
    }

    private func removeTree(_ relative: String) {
        for (wd, folder) in folders where folder == relative || folder.hasPrefix(relative + "/") {
            inotify_rm_watch(fd, wd)
            folders.removeValue(forKey: wd)
        }
    }
    #endif
}
