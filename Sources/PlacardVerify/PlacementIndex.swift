import Foundation
import PlacardRules

/// `placements.json`, parsed: each entry under the bundle folder its HANDLER names.
struct PlacementIndex: Sendable {
    /// One `placement.bind` body of the index.
    struct Entry: Sendable {
        var body: LocatedJSON
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
    var body: LocatedJSON?
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
        let root: LocatedJSON
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
        var pending: [(body: LocatedJSON, folder: String?)] = []
        func place(_ body: LocatedJSON, under folder: String) {
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
            let folder = item.member("HANDLER")?.value.string.flatMap(HandlerRules.folder(ofHandler:))
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

    private func agreement(_ id: String, body: LocatedJSON, file: SourceFile, facts: BindingFacts, entry: PlacementIndex.Entry?, index: PlacementIndex) -> [Finding] {
        var findings: [Finding] = []
        if let handler = facts.handler, !handler.isEmpty, HandlerRules.folder(ofHandler: handler) != id {
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
    static func offset(of path: String, in body: LocatedJSON) -> Int {
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
}
