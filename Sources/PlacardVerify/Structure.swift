import Foundation
import PlacardRules

/// `placements.json`, parsed: each entry under the bundle folder its HANDLER names.
struct PlacementIndex: Sendable {
    /// One `placement.bind` body of the index.
    struct Entry: Sendable {
        var body: JSONValue
        var facts = BindingFacts()
        /// Findings about the entry itself, for entries that match no bundle.
        var findings: [Finding] = []
    }

    var file: SourceFile?
    /// False when the index is missing or unusable (already reported).
    var usable = false
    var byFolder: [String: Entry] = [:]
    /// Entries whose HANDLER names no folder; checked on their own.
    var unmatched: [Entry] = []
}

/// A bundle's own `placement.json`, read and parsed (or why it could not be).
struct BundleBody: Sendable {
    var file: SourceFile?
    /// The parsed object; nil when the file is unreadable, invalid JSON or not an object.
    var body: JSONValue?
    var findings: [Finding] = []
}

extension Verifier {
    static let indexPath = "placements.json"

    /// `<folder>/placement.json` of every top-level folder that has one.
    func readBundleBodies(_ input: VerifyInput) -> [String: BundleBody] {
        var bodies: [String: BundleBody] = [:]
        for path in input.files.keys where path.hasSuffix("/placement.json") {
            let parts = path.split(separator: "/")
            guard parts.count == 2 else { continue }
            guard let bytes = input.read(path) else {
                bodies[String(parts[0])] = BundleBody(findings: [Finding(.structureFileUnreadable, "cannot read this file", at: SourceLocation(file: input.display(path)))])
                continue
            }
            let file = SourceFile(path: path, display: input.display(path), bytes: bytes)
            var body = BundleBody(file: file)
            switch JSONParser.parse(bytes) {
            case .failure(let error):
                body.findings.append(Finding(.structurePlacementInvalid, "placement.json is not valid JSON: \(error.message)", at: file.location(error.offset)))
            case .success(let value) where !value.isObject:
                body.findings.append(Finding(.structurePlacementInvalid, "placement.json must be one placement.bind body (an object), not \(value.typeName)", at: file.location(value.offset)))
            case .success(let value):
                body.body = value
            }
            bodies[String(parts[0])] = body
        }
        return bodies
    }

    /// Reads `placements.json` and files each entry under the bundle folder its HANDLER
    /// opens. An entry whose HANDLER opens no existing folder is matched to an unlisted
    /// bundle with an identical `placement.json`, so one wrong HANDLER is one finding.
    func readIndex(_ input: VerifyInput, bodies: [String: BundleBody], findings: inout [Finding]) -> PlacementIndex {
        var index = PlacementIndex()
        let display = input.display(Self.indexPath)
        guard input.files[Self.indexPath] != nil else {
            findings.append(Finding(.structurePlacementsMissing,
                                    "placements.json is missing; it lists every widget's placement.bind body, and install.html binds from it",
                                    at: SourceLocation(file: display)))
            return index
        }
        guard let bytes = input.read(Self.indexPath) else {
            findings.append(Finding(.structureFileUnreadable, "cannot read this file", at: SourceLocation(file: display)))
            return index
        }
        let file = SourceFile(path: Self.indexPath, display: display, bytes: bytes)
        index.file = file
        let root: JSONValue
        switch JSONParser.parse(bytes) {
        case .failure(let error):
            findings.append(Finding(.structurePlacementsInvalid, "placements.json is not valid JSON: \(error.message)", at: file.location(error.offset)))
            return index
        case .success(let value): root = value
        }
        guard case .array(let items) = root.kind else {
            findings.append(Finding(.structurePlacementsInvalid, "placements.json must be an array of placement.bind bodies, not \(root.typeName)", at: file.location(root.offset)))
            return index
        }
        index.usable = true
        var pending: [(body: JSONValue, folder: String?)] = []
        func place(_ body: JSONValue, under folder: String) {
            guard index.byFolder[folder] == nil else {
                let handler = body.member("HANDLER")!
                findings.append(Finding(.structurePlacementDuplicate,
                                        "HANDLER '\(handler.value.string ?? "")' opens the folder '\(folder)/' like an earlier entry; each widget needs its own bundle folder",
                                        at: file.location(handler.keyOffset)))
                return
            }
            index.byFolder[folder] = PlacementIndex.Entry(body: body)
        }
        for (n, item) in items.enumerated() {
            guard item.isObject else {
                findings.append(Finding(.structurePlacementsInvalid, "entry \(n + 1) of placements.json is \(item.typeName), not a placement.bind body (an object)", at: file.location(item.offset)))
                continue
            }
            let folder = item.member("HANDLER")?.value.string.flatMap(Self.folder(ofHandler:))
            if let folder, bodies[folder] != nil || input.directories.contains(folder) {
                place(item, under: folder)
            } else {
                pending.append((item, folder))
            }
        }
        for (body, folder) in pending {
            let twin = bodies.keys.sorted().first { id in
                index.byFolder[id] == nil && bodies[id]?.body.map { $0.firstDifference(from: body) == nil } == true
            }
            if let twin {
                index.byFolder[twin] = PlacementIndex.Entry(body: body)
            } else if let folder {
                place(body, under: folder)
            } else {
                var entry = PlacementIndex.Entry(body: body)
                (entry.facts, entry.findings) = BindingChecks.check(body, in: file, staticApp: options.staticApp)
                if let handler = body.member("HANDLER"), let text = handler.value.string, !text.isEmpty {
                    entry.findings.append(Finding(.handlerFolder,
                                                  "HANDLER '\(text)' names no bundle folder; a widget's HANDLER is <baseURL><widget-id>/, the folder holding its index.html",
                                                  at: file.location(handler.keyOffset)))
                }
                index.unmatched.append(entry)
            }
        }
        return index
    }

    /// Checks a bundle's `placement.json` (or its index entry, when that file is unusable),
    /// their agreement, and that the bundle has an `index.html`.
    func checkBundle(_ id: String, own: BundleBody?, input: VerifyInput, index: PlacementIndex) -> (BindingFacts, [Finding]) {
        var findings = own?.findings ?? []
        let entry = index.byFolder[id]
        var facts: BindingFacts?
        if let own, let body = own.body, let file = own.file {
            let (checked, bindingFindings) = BindingChecks.check(body, in: file, staticApp: options.staticApp)
            facts = checked
            findings += bindingFindings
            findings += agreement(id, body: body, file: file, facts: checked, entry: entry, index: index)
        } else if own == nil, let entry, let file = index.file {
            let handler = entry.body.member("HANDLER")
            let path = input.display(id + "/placement.json")
            let place = input.directories.contains(id) ? "\(path) does not exist" : "the folder \(input.display(id))/ does not exist"
            findings.append(Finding(.structurePlacementMissing,
                                    "placements.json lists a widget whose HANDLER '\(handler?.value.string ?? "")' opens the folder '\(id)/', but \(place)",
                                    at: handler.map { file.location($0.keyOffset) }))
        }
        if facts == nil, let entry, let file = index.file {
            let (checked, bindingFindings) = BindingChecks.check(entry.body, in: file, staticApp: options.staticApp)
            facts = checked
            findings += bindingFindings
        }
        if input.directories.contains(id), input.files[id + "/index.html"] == nil {
            findings.append(Finding(.structureIndexMissing,
                                    "bundle '\(id)' has no index.html, the page its HANDLER opens",
                                    at: SourceLocation(file: input.display(id))))
        }
        return (facts ?? BindingFacts(), findings)
    }

    private func agreement(_ id: String, body: JSONValue, file: SourceFile, facts: BindingFacts, entry: PlacementIndex.Entry?, index: PlacementIndex) -> [Finding] {
        var findings: [Finding] = []
        if let handler = facts.handler, !handler.isEmpty, Self.folder(ofHandler: handler) != id {
            findings.append(Finding(.handlerFolder,
                                    "HANDLER '\(handler)' does not open this bundle's folder '\(id)/'; Bitrix24 would load another page (a widget's HANDLER is <baseURL>\(id)/)",
                                    at: facts.handlerLocation))
        }
        guard index.usable else { return findings }
        guard let entry else {
            findings.append(Finding(.structurePlacementUnlisted,
                                    "placements.json does not list this widget, so install.html never binds it; rebuild, or add this body to placements.json",
                                    at: file.whole))
            return findings
        }
        if let difference = body.firstDifference(from: entry.body) {
            let mine = difference.mine?.brief() ?? "nothing"
            let theirs = difference.theirs?.brief() ?? "nothing"
            findings.append(Finding(.structurePlacementMismatch,
                                    "placement.json disagrees with its entry in placements.json at \(difference.path): \(mine) here, \(theirs) there; rebuild, or make them equal",
                                    at: file.location(Self.offset(of: difference.path, in: body))))
        }
        return findings
    }

    /// The offset of the deepest key of `path` (`OPTIONS.color`) that `body` has.
    static func offset(of path: String, in body: JSONValue) -> Int {
        var offset = body.offset
        var value = body
        for component in path.split(separator: ".") {
            let key = String(component.prefix { $0 != "[" })
            guard let member = value.member(key) else { break }
            offset = member.keyOffset
            value = member.value
        }
        return offset
    }

    /// The bundle folder a HANDLER opens: its last path segment (`…/handbook/` →
    /// `handbook`; `…/handbook/index.html` → `handbook`), or nil for a host's root.
    static func folder(ofHandler handler: String) -> String? {
        var path = Substring(handler)
        if let scheme = path.firstRange(of: "://") {
            path = path[scheme.upperBound...]
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = path[slash...]
        }
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        let segments = path.split(separator: "/").filter { $0 != "." }
        guard let last = segments.last else { return nil }
        if !path.hasSuffix("/"), last.contains(".") { return segments.dropLast().last.map(String.init) }
        return String(last)
    }
}

/// Compares `integrity` attributes with the files they load.
///
/// Exists so that each file is hashed once per algorithm however many pages load it: the
/// digests are shared by all file checks (which run in parallel) behind a lock.
final class IntegrityChecker: @unchecked Sendable {
    private let input: VerifyInput
    private let lock = NSLock()
    private var digests: [String: String?] = [:]
    /// Attribute value + target → whether they match, so a runtime loaded by 1,000 pages is
    /// judged once.
    private var matches: [String: Bool] = [:]

    init(input: VerifyInput) { self.input = input }

    /// A finding when `value` (the attribute, at `offset` of `file`) does not match `target`.
    func check(_ value: String, url: String, target: String, file: SourceFile, offset: Int) -> Finding? {
        let key = target + "\u{0}" + value
        lock.lock()
        let known = matches[key]
        lock.unlock()
        if known == true { return nil }
        let finding = judge(value, url: url, target: target, file: file, offset: offset)
        lock.lock()
        matches[key] = finding == nil
        lock.unlock()
        return finding
    }

    private func judge(_ value: String, url: String, target: String, file: SourceFile, offset: Int) -> Finding? {
        var known: [(SHA2.Algorithm, Substring)] = []
        for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let hash = token.prefix { $0 != "?" }
            guard let dash = hash.firstIndex(of: "-"), let algorithm = SHA2.Algorithm(rawValue: hash[..<dash].lowercased()) else { continue }
            known.append((algorithm, hash))
        }
        guard let strongest = known.map(\.0).max(by: { Self.rank($0) < Self.rank($1) }) else {
            return Finding(.refIntegrityInvalid,
                           "integrity '\(value)' has no sha256-, sha384- or sha512- hash, so the browser does not check '\(url)'",
                           at: file.location(offset))
        }
        let expected = known.filter { $0.0 == strongest }.map(\.1)
        guard let actual = digest(target, strongest), !expected.contains(where: { $0 == actual }) else { return nil }
        return Finding(.refIntegrityMismatch,
                       "integrity of '\(url)' does not match the file: the page expects \(expected[0]), the file hashes to \(actual); browsers refuse to load it: rebuild, or fix the attribute",
                       at: file.location(offset))
    }

    private func digest(_ target: String, _ algorithm: SHA2.Algorithm) -> String? {
        let key = algorithm.rawValue + ":" + target
        lock.lock()
        let cached = digests[key]
        lock.unlock()
        if let cached { return cached }
        // Computed outside the lock; two threads may rarely both compute the same digest.
        // A file too large to read is not hashed (its own check reports it).
        let small = (input.files[target] ?? 0) <= VerifyInput.maximumScannedSize
        let value = small ? input.read(target).map { SHA2.integrity(algorithm, of: $0) } : nil
        lock.lock()
        digests[key] = value
        lock.unlock()
        return value
    }

    private static func rank(_ algorithm: SHA2.Algorithm) -> Int {
        switch algorithm {
        case .sha256: 1
        case .sha384: 2
        case .sha512: 3
        }
    }
}
