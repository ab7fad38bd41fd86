import Foundation
import PlacardCore
import PlacardDeploy
import PlacardRules
import PlacardTestSupport
import Testing
import ZIPFoundation

@Suite("placard package")
struct PackageTests {
    let root = Deploy.builtExample()
    var dist: String { root + "/dist" }
    static let clean: Packager.Verify = { _ in [] }

    @Test("two runs give identical bytes")
    func deterministic() throws {
        let first = try Packager(dist: dist, verify: Self.clean).package(to: root + "/a.zip")
        // Touch every file: timestamps must not reach the archive.
        let later = Date(timeIntervalSinceNow: 3600)
        for path in try FileManager.default.subpathsOfDirectory(atPath: dist) {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: dist + "/" + path)
        }
        _ = try Packager(dist: dist, verify: Self.clean).package(to: root + "/b.zip")
        let a = Deploy.bytes(root + "/a.zip"), b = Deploy.bytes(root + "/b.zip")
        #expect(!a.isEmpty)
        #expect(a == b)
        #expect(first.bytes == a.count)
        // In memory, too.
        let entries = try Packager(dist: dist, verify: Self.clean).entries().entries
        #expect(try DeterministicZip.archive(entries) == a)
        #expect(try DeterministicZip.archive(entries.reversed()) == a)
    }

    @Test("entries are sorted, index.html and install.html are at the root")
    func sortedWithRootEntries() throws {
        let report = try Packager(dist: dist, verify: Self.clean).package(to: root + "/app.zip")
        let stored = try DeterministicZip.read(Deploy.bytes(root + "/app.zip")).map(\.path)
        #expect(stored == report.entries)
        #expect(stored == stored.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(stored.contains("index.html"))
        #expect(stored.contains("install.html"))
        #expect(stored.contains("placements.json"))
        #expect(stored.contains("handbook/index.html"))
        #expect(!stored.contains { $0.hasPrefix("/") || $0.hasPrefix("dist/") || $0.hasSuffix("/") })
    }

    @Test("fixed timestamps and permissions, no extra fields")
    func fixedMetadata() throws {
        _ = try Packager(dist: dist, verify: Self.clean).package(to: root + "/app.zip")
        let archive = try Archive(url: URL(fileURLWithPath: root + "/app.zip"), accessMode: .read)
        var count = 0
        for entry in archive {
            count += 1
            #expect(entry.type == .file)
            #expect(entry.fileAttributes[.modificationDate] as? Date == DeterministicZip.timestamp)
            #expect((entry.fileAttributes[.posixPermissions] as? NSNumber)?.uint16Value == 0o644)
        }
        #expect(count > 10)
        let headers = ZipHeaders.central(Deploy.bytes(root + "/app.zip"))
        #expect(headers.count == count)
        for header in headers {
            #expect(header.extraLength == 0 && header.localExtraLength == 0, "\(header.name)")
            #expect(header.date == 0x21 && header.time == 0, "\(header.name): 1980-01-01 00:00")
            #expect(header.externalAttributes == UInt32(0o100644) << 16, "\(header.name)")
        }
    }

    @Test("extracts back to exactly the files of dist/")
    func roundTrip() throws {
        _ = try Packager(dist: dist, verify: Self.clean).package(to: root + "/app.zip")
        let out = TestSupport.temporaryFolder("placard-unzip")
        try FileManager.default.unzipItem(at: URL(fileURLWithPath: root + "/app.zip"), to: URL(fileURLWithPath: out))
        let visible = TestSupport.snapshot(dist).filter { !$0.key.split(separator: "/").contains { $0.hasPrefix(".") } }
        #expect(TestSupport.snapshot(out) == visible)
        #expect(visible.keys.contains("install.html"))
    }

    @Test("refuses to package when verify finds errors, and writes nothing")
    func refusesOnVerifyErrors() throws {
        let failing: Packager.Verify = { _ in [.error("handler.host", "bad host"), .warning("bundle.size", "big")] }
        #expect {
            try Packager(dist: dist, verify: failing).package(to: root + "/app.zip")
        } throws: { error in
            guard case PackageError.verifyFailed(let findings) = error else { return false }
            return findings.count == 2
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/app.zip"))
    }

    @Test("the real verifier stops a broken build")
    func realVerifierRefuses() throws {
        let placement = dist + "/handbook/placement.json"
        let text = Deploy.text(placement).replacingOccurrences(of: "\"AZURE\"", with: "\"TEAL\"")
        try text.write(toFile: placement, atomically: true, encoding: .utf8)
        #expect(throws: PackageError.self) { try Packager(dist: dist).package(to: root + "/app.zip") }
        #expect(!FileManager.default.fileExists(atPath: root + "/app.zip"))
    }

    @Test("the real verifier accepts the example build in static-app mode")
    func realVerifierAccepts() throws {
        let report = try Packager(dist: dist).package(to: root + "/app.zip")
        #expect(!report.findings.hasErrors)
        #expect(FileManager.default.fileExists(atPath: root + "/app.zip"))
    }

    @Test("refuses without index.html or install.html, without dist/, or with the output inside dist/")
    func refusesIncompleteInput() throws {
        #expect(throws: PackageError.self) { try Packager(dist: dist, verify: Self.clean).package(to: dist + "/app.zip") }
        #expect(throws: PackageError.self) { try Packager(dist: root + "/nope", verify: Self.clean).package(to: root + "/app.zip") }
        try FileManager.default.removeItem(atPath: dist + "/install.html")
        #expect {
            try Packager(dist: dist, verify: Self.clean).package(to: root + "/app.zip")
        } throws: { error in
            guard case PackageError.entryMissing(let name, _) = error else { return false }
            return name == "install.html"
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/app.zip"))
    }

    @Test("hidden files are left out (reported, except .nojekyll) and change nothing")
    func hiddenFiles() throws {
        try "x".write(toFile: dist + "/.DS_Store", atomically: true, encoding: .utf8)
        try "".write(toFile: dist + "/.nojekyll", atomically: true, encoding: .utf8)
        let report = try Packager(dist: dist, verify: Self.clean).package(to: root + "/app.zip")
        #expect(report.skipped == [".DS_Store"], "the GitHub Pages marker is left out without a mention")
        #expect(!report.entries.contains { $0.hasPrefix(".") })
        try FileManager.default.removeItem(atPath: dist + "/.DS_Store")
        try FileManager.default.removeItem(atPath: dist + "/.nojekyll")
        #expect(Deploy.bytes(root + "/app.zip") == (try DeterministicZip.archive(Packager(dist: dist, verify: Self.clean).entries().entries)))
    }
}

/// Reads the central directory of a ZIP by hand, to check fields ZIPFoundation does not expose.
enum ZipHeaders {
    struct Header {
        var name: String
        var time: UInt16
        var date: UInt16
        var extraLength: Int
        var localExtraLength: Int
        var externalAttributes: UInt32
    }

    static func central(_ bytes: [UInt8]) -> [Header] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        guard let eocd = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { u32($0) == 0x0605_4b50 }) else { return [] }
        var offset = Int(u32(eocd + 16))
        var headers: [Header] = []
        for _ in 0..<u16(eocd + 10) {
            guard u32(offset) == 0x0201_4b50 else { break }
            let nameLength = u16(offset + 28), extra = u16(offset + 30), comment = u16(offset + 32)
            let local = Int(u32(offset + 42))
            headers.append(Header(
                name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                time: UInt16(u16(offset + 12)), date: UInt16(u16(offset + 14)),
                extraLength: extra, localExtraLength: u16(local + 28), externalAttributes: u32(offset + 38)))
            offset += 46 + nameLength + extra + comment
        }
        return headers
    }
}

/// `package --output` replaces only an archive it wrote; the output marker stays out of it.
@Suite("placard package: output")
struct PackageOutputTests {
    let root = Deploy.builtExample()
    static let clean: Packager.Verify = { _ in [] }

    @Test func theMarkerIsNotInTheArchive() throws {
        #expect(FileManager.default.fileExists(atPath: root + "/dist/" + OutputFolder.markerName))
        let report = try Packager(dist: root + "/dist", verify: Self.clean).package(to: root + "/app.zip")
        #expect(!report.entries.contains(OutputFolder.markerName))
        #expect(report.skipped.isEmpty)
    }

    @Test func aFileNamedLikeATemporaryNextToTheArchiveIsLeftAlone() throws {
        let mine = root + "/app.zip.tmp"
        try Data("the user's own file".utf8).write(to: URL(fileURLWithPath: mine))
        _ = try Packager(dist: root + "/dist", verify: Self.clean).package(to: root + "/app.zip")
        #expect(Deploy.text(mine) == "the user's own file")
        #expect(!Deploy.bytes(root + "/app.zip").isEmpty)
        // Nothing else is left beside the archive.
        let beside = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.contains("app.zip") }.sorted()
        #expect(beside == ["app.zip", "app.zip.tmp"])
        let mode = try FileManager.default.attributesOfItem(atPath: root + "/app.zip")[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test func onlyItsOwnArchiveIsReplaced() throws {
        let packager = Packager(dist: root + "/dist", verify: Self.clean)
        _ = try packager.package(to: root + "/app.zip")
        #expect(Packager.checkOutput(root + "/app.zip", project: Project(root: root)) == nil)
        _ = try packager.package(to: root + "/app.zip")
        // Any other ZIP (here: the same files with today's timestamps) is not Placard's.
        let other = try ZIPFoundation.Archive(url: URL(fileURLWithPath: root + "/other.zip"), accessMode: .create)
        try other.addEntry(with: "index.html", type: .file, uncompressedSize: Int64(1), modificationDate: Date(), provider: { (_: Int64, _: Int) -> Data in Data("x".utf8) })
        try other.addEntry(with: "install.html", type: .file, uncompressedSize: Int64(1), modificationDate: Date(), provider: { (_: Int64, _: Int) -> Data in Data("x".utf8) })
        #expect {
            try packager.package(to: root + "/other.zip")
        } throws: { error in
            guard case PackageError.outputRefused(let message) = error else { return false }
            return message == "refusing to overwrite '\(root)/other.zip': it is not a ZIP that 'placard package' wrote; choose another file with --output, such as placard-app.zip"
        }
        #expect(Packager.checkOutput(root + "/content/handbook/index.md", project: Project(root: root))
                == "refusing to write the archive to 'content/handbook/index.md': it is inside the project's content/ folder, whose files would be lost; choose another path with --output, such as placard-app.zip")
    }
}
