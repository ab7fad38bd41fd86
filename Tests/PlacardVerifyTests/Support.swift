import Foundation
import PlacardTestSupport
import PlacardRules
import PlacardSystem
import PlacardVerify
import PlacardReport

/// Where the fixtures are: next to this file, found through `#filePath` (they are not
/// declared as resources).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// `<copy of Fixtures/<name>>/dist`: the fixture without its position markers
    /// (`MarkedText`), copied once per test process.
    static func dist(_ name: String) -> String { prepared(name).path + "/dist" }

    /// The marked files of a fixture (path relative to the fixture, `dist/…`).
    static func markers(_ name: String) -> [String: MarkedText] { prepared(name).marked }

    private static let copies = Locked<[String: (path: String, marked: [String: MarkedText])]>([:])

    private static func prepared(_ name: String) -> (path: String, marked: [String: MarkedText]) {
        copies.withLock { copies in
            if let copy = copies[name] { return copy }
            let path = TestSupport.sessionFolder + "/verify-fixtures/" + name
            try? FileManager.default.createDirectory(atPath: TestSupport.sessionFolder + "/verify-fixtures", withIntermediateDirectories: true)
            TestSupport.copyTree(root + "/" + name, to: path)
            let copy = (path: path, marked: (try? MarkedText.stripFiles(under: path)) ?? [:])
            copies[name] = copy
            return copy
        }
    }

    /// The fixture folders on disk.
    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// The repository root (for building the example project).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}

/// A finding as a test expects it: severity, rule, `file:line:column` (or `file:<marker>`)
/// and the exact message.
struct Expected: Hashable, Sendable, CustomStringConvertible {
    var severity: Severity
    var rule: String
    var location: String
    var message: String

    static func error(_ rule: String, at location: String, _ message: String) -> Expected {
        Expected(severity: .error, rule: rule, location: location, message: message)
    }

    static func warning(_ rule: String, at location: String, _ message: String) -> Expected {
        Expected(severity: .warning, rule: rule, location: location, message: message)
    }

    init(severity: Severity, rule: String, location: String, message: String) {
        self.severity = severity
        self.rule = rule
        self.location = location
        self.message = message
    }

    init(_ finding: Finding) {
        self.init(severity: finding.severity, rule: finding.rule, location: finding.location?.description ?? "", message: finding.message)
    }

    var description: String { "\(location): \(severity.rawValue): \(message) [\(rule)]" }

    /// The expectation with a `file:<marker>` location written as `file:line:column`.
    func expanded(_ marked: [String: MarkedText]) -> Expected {
        var copy = self
        copy.location = MarkedText.expand(location, files: marked)
        return copy
    }
}

extension VerifyReport {
    /// Errors and warnings (the `host.post-unproven` note is left out).
    var problems: [Expected] { findings.filter { $0.severity != .note }.map(Expected.init) }
}

/// A temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = TestSupport.temporaryFolder("placard-verify-tests")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ files: [String: String]) throws {
        for (relative, text) in files {
            let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
