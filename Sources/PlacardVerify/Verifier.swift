import PlacardRules
import PlacardSystem
import PlacardReport

/// Checks a built output folder (`dist/`) against the platform's rules, reading only the
/// artifact: `placements.json`, each `<widget>/placement.json`, and the HTML/JS/CSS files.
///
/// Exists as the CI gate: it judges bundles however they were produced (by
/// `placard build`, edited by hand, or by another tool), with the same rule ids and
/// messages as the build. It never stops at the first problem; every file is read once,
/// files are checked in parallel, and findings come back sorted.
public struct Verifier: Sendable {
    public var options: VerifyOptions

    public init(options: VerifyOptions = VerifyOptions()) {
        self.options = options
    }

    /// Verifies the folder at `path`; throws only when the folder itself cannot be read.
    public func verify(directory path: String) throws(VerifyInputError) -> VerifyReport {
        verify(try VerifyInput.directory(path))
    }

    public func verify(_ input: VerifyInput) -> VerifyReport {
        var findings: [Finding] = input.outside.sorted { $0.key < $1.key }.map { path, target in
            Finding(.structureFileOutside,
                    "this symlink leads to '\(target)', outside the verified folder, and was not read; put the file itself into the output",
                    at: SourceLocation(file: input.display(path)))
        }
        let bodies = readBundleBodies(input)
        let index = readIndex(input, bodies: bodies, findings: &findings)
        let bundles = Set(bodies.keys).union(index.byFolder.keys).sorted()
        var contexts: [String: FileContext] = [:]
        var summaries: [VerifyReport.Bundle] = []
        var handlers: [(bundle: String, handler: String, location: SourceLocation?)] = []

        for id in bundles {
            let (facts, bundleFindings) = checkBundle(id, own: bodies[id], input: input, index: index)
            findings += bundleFindings
            let placement = facts.placement.flatMap(Placement.named).flatMap { $0.status == .archived ? nil : $0 }
            contexts[id] = FileContext(root: id, placementCode: facts.placement, placement: placement)
            summaries.append(VerifyReport.Bundle(id: id, placement: facts.placement, handler: facts.handler, pages: 0, bytes: 0))
            if let handler = facts.handler { handlers.append((id, handler, facts.handlerLocation)) }
        }
        for entry in index.unmatched {
            findings += entry.findings
            if let handler = entry.facts.handler { handlers.append(("", handler, entry.facts.handlerLocation)) }
        }

        findings += checkFiles(input, contexts: contexts, bundles: &summaries)
        findings += originFindings(handlers)
        // A static app's relative HANDLERs are served by Bitrix24, which answers its own POST.
        let servedByBitrix24 = { (handler: String) in
            HandlerRules.isBitrix24StaticHost(handler) || (options.staticApp && HandlerRules.origin(of: handler) == nil)
        }
        if !summaries.isEmpty, !handlers.allSatisfy({ servedByBitrix24($0.handler) }) {
            findings.append(Finding(.hostPostUnproven,
                                    "verify cannot prove that the production host answers POST: Bitrix24 opens every HANDLER with a form POST and many static hosts answer 405, which leaves the widget blank; open each widget once on the portal, or try `curl -X POST <HANDLER>`"))
        }
        if options.strict {
            findings = findings.map { finding in
                var finding = finding
                if finding.severity == .warning { finding.severity = .error }
                return finding
            }
        }
        return VerifyReport(directory: input.label, bundles: summaries, findings: findings.sortedForDisplay(), strict: options.strict)
    }

    /// Checks every file in parallel, then fills in each bundle's page count and size and
    /// warns about bundles over the budget.
    private func checkFiles(_ input: VerifyInput, contexts: [String: FileContext], bundles: inout [VerifyReport.Bundle]) -> [Finding] {
        let paths = input.files.keys.sorted()
        let checker = FileChecks(input: input, resolver: ReferenceResolver(input: input, bx24Script: options.bx24Script),
                                 integrity: IntegrityChecker(input: input))
        let app = FileContext(root: "", placementCode: nil, placement: nil)
        let results = ConcurrentMap.run(paths.count) { i in
            checker.check(paths[i], context: Self.topFolder(paths[i]).flatMap { contexts[$0] } ?? app)
        }
        var findings: [Finding] = []
        var pages: [String: Int] = [:]
        var sizes: [String: Int] = [:]
        var ids: [String: Set<String>] = [:]
        for (path, result) in zip(paths, results) where result.ids != nil { ids[path] = result.ids }
        for (path, result) in zip(paths, results) {
            findings += result.findings
            findings += Self.fragmentFindings(result.fragments, ids: ids, input: input)
            guard let folder = Self.topFolder(path) else { continue }
            if result.isPage { pages[folder, default: 0] += 1 }
            sizes[folder, default: 0] += input.files[path] ?? 0
        }
        for i in bundles.indices {
            let id = bundles[i].id
            bundles[i].pages = pages[id] ?? 0
            bundles[i].bytes = sizes[id] ?? 0
            if bundles[i].bytes > options.budget {
                findings.append(Finding(.bundleSize,
                                        "bundle '\(id)' is \(ByteCount.format(bundles[i].bytes)), over the \(ByteCount.format(options.budget)) budget; the frame downloads it on every open: trim assets, or raise --budget",
                                        at: SourceLocation(file: input.display(id))))
            }
        }
        return findings
    }

    /// Links whose `#fragment` names no id (nor `<a name>`) of the page they lead to; `#` and
    /// `#top` (HTML's top of the document) always exist.
    static func fragmentFindings(_ references: [FragmentReference], ids: [String: Set<String>], input: VerifyInput) -> [Finding] {
        references.compactMap { reference in
            guard !reference.fragment.isEmpty, reference.fragment.lowercased() != "top",
                  let known = ids[reference.target], !known.contains(reference.fragment) else { return nil }
            let page = input.display(reference.target)
            return Finding(.refFragmentMissing,
                           "'\(reference.url)' names '#\(reference.fragment)', but \(page) has no element with that id (or <a name>), so the link opens the page at its top; fix the fragment or the heading.\(Suggestion.didYouMean(reference.fragment, in: known.sorted()))",
                           at: reference.location)
        }
    }

    /// `handbook/guide/a.html` → `handbook`; nil for a file at the top.
    static func topFolder(_ path: String) -> String? {
        path.utf8.firstIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) }
    }

    /// All absolute handlers should share one origin: the one most bundles use (on a tie,
    /// the first bundle's); every other one gets a warning.
    private func originFindings(_ handlers: [(bundle: String, handler: String, location: SourceLocation?)]) -> [Finding] {
        let absolute = handlers.compactMap { entry in HandlerRules.origin(of: entry.handler).map { (entry, $0) } }
        var counts: [String: Int] = [:]
        for (_, origin) in absolute { counts[origin, default: 0] += 1 }
        guard let (_, reference) = absolute.max(by: { a, b in counts[a.1]! < counts[b.1]! || (counts[a.1]! == counts[b.1]! && a.0.bundle > b.0.bundle) }),
              let owner = absolute.first(where: { $0.1 == reference }) else { return [] }
        return absolute.filter { $0.1 != reference }.map { entry, origin in
            Finding(.handlerOrigin,
                    "HANDLER '\(entry.handler)' is on \(origin), but other widgets (such as '\(owner.0.handler)') are on \(reference); keep every widget on one origin: the frame protocol and install.html expect it",
                    at: entry.location)
        }
    }
}

/// Sizes as people read them: `980 KiB`, `1.3 MiB`, with the exact byte count.
enum ByteCount {
    static func format(_ bytes: Int) -> String {
        let mib = 1_048_576.0, kib = 1024.0
        let value = Double(bytes)
        let human: String
        if value >= mib {
            human = trimmed(value / mib) + " MiB"
        } else if value >= kib {
            human = trimmed(value / kib) + " KiB"
        } else {
            return "\(bytes) bytes"
        }
        return "\(human) (\(bytes) bytes)"
    }

    private static func trimmed(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
