import Foundation
internal import ZIPFoundation

/// One file of an archive: its path inside the ZIP (`/`-separated) and its bytes.
public struct ArchiveEntry: Sendable, Hashable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// A ZIP writer whose output depends only on the entries.
///
/// Exists because a release artifact should be reproducible: the same `dist/` must give
/// the same bytes on every machine and every run, so that two builds can be compared by
/// hash. Entries are sorted by their UTF-8 path, every entry gets the same timestamp
/// (1980-01-01 00:00, the earliest DOS date, stored in UTC by ZIPFoundation) and the same
/// permissions, files only (no directory entries), deflate, and no extra fields.
public enum DeterministicZip {
    /// 1980-01-01T00:00:00Z.
    public static let timestamp = Date(timeIntervalSince1970: 315_532_800)
    public static let permissions: UInt16 = 0o644

    /// `entries` sorted the way the archive stores them.
    public static func sorted(_ entries: [ArchiveEntry]) -> [ArchiveEntry] {
        entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The archive's bytes. Throws only if ZIPFoundation fails (it never should in memory).
    public static func archive(_ entries: [ArchiveEntry]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for entry in sorted(entries) {
            let data = Data(entry.bytes)
            try archive.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(data.count),
                modificationDate: timestamp, permissions: permissions, compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return [UInt8](archive.data ?? Data())
    }

    /// The files of a ZIP, in stored order, for checks and tests.
    public static func read(_ bytes: [UInt8]) throws -> [ArchiveEntry] {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var entries: [ArchiveEntry] = []
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            entries.append(ArchiveEntry(path: entry.path, bytes: [UInt8](data)))
        }
        return entries
    }

    /// The entry names of a ZIP, and whether every entry is a file with the timestamp and
    /// permissions this writer gives (read from the central directory, nothing extracted);
    /// nil when the bytes are not a ZIP.
    public static func signature(of bytes: [UInt8]) -> (names: Set<String>, deterministic: Bool)? {
        guard let archive = try? Archive(data: Data(bytes), accessMode: .read) else { return nil }
        // The timestamp as ZIPFoundation reads it back on this machine.
        let expected = stamp
        var names: Set<String> = []
        var deterministic = true
        for entry in archive {
            names.insert(entry.path)
            let date = entry.fileAttributes[.modificationDate] as? Date
            let mode = (entry.fileAttributes[.posixPermissions] as? NSNumber)?.uint16Value
            if entry.type != .file || date != expected || mode.map({ $0 & 0o777 }) != permissions { deterministic = false }
        }
        return (names, deterministic)
    }

    /// `timestamp` after a round trip through the ZIP format (DOS dates are local time).
    private static let stamp: Date? = {
        guard let bytes = try? archive([ArchiveEntry(path: "x", bytes: [])]),
              let archive = try? Archive(data: Data(bytes), accessMode: .read) else { return nil }
        return archive.makeIterator().next()?.fileAttributes[.modificationDate] as? Date
    }()
}
