import PlacardCore
import PlacardRules
import PlacardVerify
import PlacardSystem

/// Why `placard package` did not write an archive.
public enum PackageError: Error, Sendable, CustomStringConvertible {
    case distMissing(String)
    case entryMissing(String, dist: String)
    case unsupportedFile(String)
    case verifyFailed([Finding])
    case outputInsideDist(String)
    /// The archive path is refused by `Packager.checkOutput` (exit status 2 in the CLI).
    case outputRefused(String)
    /// The folder was built with `--drafts` (its marker says so).
    case drafts(String)
    /// The folder is not what the sources build now: the first differences, and how many there are.
    case stale(String, differences: [String], count: Int)
    case io(String)

    public var description: String {
        switch self {
        case .distMissing(let dist):
            return "\(dist) does not exist or is not a folder; run 'placard build' first"
        case .entryMissing(let name, let dist):
            return "\(Path.join(dist, name)) is missing; a Bitrix24 static app needs index.html and install.html at the root of the archive (rebuild with 'placard build')"
        case .unsupportedFile(let path):
            return "\(path) is not a regular file (a symlink or special file); the archive holds regular files only"
        case .verifyFailed(let findings):
            let errors = findings.errorCount
            return "verify found \(errors) error\(errors == 1 ? "" : "s") in the build; fix them and rebuild, nothing was packaged"
        case .outputInsideDist(let output):
            return "the archive \(output) would be written inside the folder being packaged; choose a path outside it with --output"
        case .outputRefused(let message):
            return message
        case .drafts(let dist):
            return "\(DisplayText.escaped(dist)) was built with --drafts ('placard build --drafts'), so it holds pages and widgets marked draft: true; drafts are never packaged: run 'placard build', then package again"
        case .stale(let dist, let differences, let count):
            let more = count > differences.count ? " (and \(count - differences.count) more)" : ""
            return "\(DisplayText.escaped(dist)) is not what the sources build now: \(differences.joined(separator: ", "))\(more); it was built before a source changed, or with other settings (--base-url, --drafts). Run 'placard build', then package again"
        case .io(let message):
            return message
        }
    }
}

/// What a successful `placard package` did.
public struct PackageReport: Sendable {
    public var output: String
    public var entries: [String]
    public var bytes: Int
    /// Warnings and notes from verify (errors stop packaging).
    public var findings: [Finding]
    /// Hidden files in `dist/` that were left out (host markers like `.nojekyll` not listed).
    public var skipped: [String]
}

/// Turns a built `dist/` into the ZIP of a Bitrix24 static local app (docs/platform.md §7).
///
/// Exists so that the archive a portal receives is exactly what `verify` approved:
/// the folder is verified first (relative HANDLERs allowed, since `install.html`
/// resolves them), then every regular file goes into a deterministic ZIP with
/// `index.html` and `install.html` at its root.
public struct Packager: Sendable {
    /// Checks a folder and returns its findings; packaging stops on any error.
    public typealias Verify = @Sendable (_ dist: String) -> [Finding]
    public static let requiredEntries = ["index.html", "install.html"]
    /// Files for other static hosts, left out without a mention (every hidden file is left out).
    public static let hostMarkers: Set<String> = [".nojekyll", OutputFolder.markerName]

    public let dist: String
    public let verify: Verify
    /// What the sources build now (output-relative path → bytes), when known: the folder
    /// must hold exactly these files (hidden ones aside), or nothing is packaged.
    public var expected: [String: [UInt8]]?

    public init(dist: String, verify: @escaping Verify) {
        self.dist = Path.absolute(dist)
        self.verify = verify
    }

    /// Packages with the real verifier; by default in static-app mode (relative HANDLERs
    /// are fine, `install.html` resolves them), with the project's size budget and BX24 URL
    /// when given.
    public init(dist: String, options: VerifyOptions = VerifyOptions(staticApp: true)) {
        self.init(dist: dist) { path in
            do throws(VerifyInputError) {
                return try Verifier(options: options).verify(directory: path).findings
            } catch {
                return [Finding(.verifyUnreadable, error.description, at: SourceLocation(file: Path.name(of: path)))]
            }
        }
    }

    /// The files that go into the archive, sorted, and the hidden files left out.
    public func entries() throws(PackageError) -> (entries: [ArchiveEntry], skipped: [String]) {
        guard FileSystem.isDirectory(dist) else { throw .distMissing(dist) }
        for name in Self.requiredEntries where FileSystem.kind(of: Path.join(dist, name)) != .file {
            throw .entryMissing(name, dist: dist)
        }
        var entries: [ArchiveEntry] = []
        var skipped: [String] = []
        try collect(dist, relative: "", into: &entries, skipped: &skipped)
        return (DeterministicZip.sorted(entries), skipped.sorted())
    }

    private func collect(_ folder: String, relative: String, into entries: inout [ArchiveEntry], skipped: inout [String]) throws(PackageError) {
        let names: [String]
        do { names = try FileSystem.list(folder) } catch { throw .io(error.description) }
        for name in names {
            let path = Path.join(folder, name)
            let inner = relative.isEmpty ? name : relative + "/" + name
            if name.hasPrefix(".") {
                // Static-host markers such as GitHub Pages' .nojekyll mean nothing to Bitrix24.
                if !Self.hostMarkers.contains(inner) { skipped.append(inner) }
                continue
            }
            switch FileSystem.kind(of: path) {
            case .directory:
                try collect(path, relative: inner, into: &entries, skipped: &skipped)
            case .file:
                do { entries.append(ArchiveEntry(path: inner, bytes: try FileSystem.read(path))) } catch { throw .io(error.description) }
            default:
                throw .unsupportedFile(path)
            }
        }
    }

    /// Nil when `package --output` may write `output`: not the project folder, a folder
    /// above it, or inside `content/`, `templates/`, `fixtures/` or `.git` (real paths), and
    /// either absent, an empty file, or a ZIP this packager wrote (`isPlacardArchive`).
    public static func checkOutput(_ output: String, project: Project?) -> String? {
        let output = Path.absolute(output)
        let shown = project.map { output.hasPrefix($0.root + "/") ? String(output.dropFirst($0.root.count + 1)) : output } ?? output
        if let project, let refusal = OutputFolder.confinement(OutputFolder.resolved(output), shown: shown, project: project, what: "write the archive to", instead: "placard-app.zip") {
            return refusal.description
        }
        switch FileSystem.kind(of: output) {
        case .missing:
            return nil
        case .file:
            if isPlacardArchive(output) { return nil }
            return "refusing to overwrite '\(shown)': it is not a ZIP that 'placard package' wrote; choose another file with --output, such as placard-app.zip"
        case .directory:
            return "refusing to write the archive to '\(shown)': it is a folder; name a file with --output, such as placard-app.zip"
        default:
            return "refusing to overwrite '\(shown)': it is not a regular file; choose another file with --output, such as placard-app.zip"
        }
    }

    /// True for an empty file, or a ZIP whose entries are all files with the fixed timestamp
    /// and permissions `DeterministicZip` gives, among them `index.html` and `install.html`.
    static func isPlacardArchive(_ path: String) -> Bool {
        guard let bytes = try? FileSystem.read(path) else { return false }
        if bytes.isEmpty { return true }
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), let signature = DeterministicZip.signature(of: bytes) else { return false }
        return signature.names.isSuperset(of: requiredEntries) && signature.deterministic
    }

    /// Verifies, archives and writes `output` (through a new file of a unique name beside it,
    /// and a rename).
    public func package(to output: String) throws(PackageError) -> PackageReport {
        let output = Path.absolute(output)
        if output == dist || output.hasPrefix(dist + "/") { throw .outputInsideDist(output) }
        if let refusal = Self.checkOutput(output, project: nil) { throw .outputRefused(refusal) }
        guard FileSystem.isDirectory(dist) else { throw .distMissing(dist) }
        if OutputFolder.holdsDrafts(dist) { throw .drafts(dist) }
        let (entries, skipped) = try entries()
        if let expected {
            let differences = Self.differences(entries, expected: expected, label: Path.name(of: dist))
            if !differences.isEmpty { throw .stale(dist, differences: Array(differences.prefix(5)), count: differences.count) }
        }
        let findings = verify(dist)
        if findings.hasErrors { throw .verifyFailed(findings) }
        let bytes: [UInt8]
        do { bytes = try DeterministicZip.archive(entries) } catch { throw .io("could not create the archive: \(error)") }
        var temporary: String?
        do throws(FileSystem.Error) {
            try FileSystem.makeDirectories(Path.parent(of: output))
            let written = try FileSystem.writeBeside(output, bytes)
            temporary = written
            try FileSystem.rename(written, to: output)
        } catch {
            if let temporary { try? FileSystem.remove(temporary) }
            throw .io(error.description)
        }
        return PackageReport(output: output, entries: entries.map(\.path), bytes: bytes.count,
                             findings: findings, skipped: skipped)
    }
}

extension Packager {
    /// How `entries` (the archive's files, read from the folder) differ from `expected` (a
    /// build's output; hidden files such as the marker are not archived and not compared):
    /// one phrase per file, sorted by path.
    public static func differences(_ entries: [ArchiveEntry], expected: [String: [UInt8]], label: String) -> [String] {
        let present = Dictionary(entries.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        let wanted = expected.filter { !$0.key.split(separator: "/").contains { $0.hasPrefix(".") } }
        var found: [String] = []
        for path in Set(present.keys).union(wanted.keys).sorted() {
            let shown = DisplayText.escaped(label.isEmpty ? path : label + "/" + path)
            switch (present[path], wanted[path]) {
            case (nil, _?): found.append("\(shown) is missing")
            case (_?, nil): found.append("\(shown) is not built from the sources")
            case (let have?, let want?) where have != want: found.append("\(shown) differs")
            default: break
            }
        }
        return found
    }
}
