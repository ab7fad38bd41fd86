import PlacardRules

/// Verify's page and reference rules, for a build to run on the pages it has just rendered
/// (not the token scan, which stays verify's: a page holds only what the project wrote).
///
/// Exists so that a build that succeeds produces output that verifies clean: the build
/// knows every path it will write before it renders, so each page can be checked in memory,
/// on the thread that rendered it, with exactly the code `placard verify` runs later on
/// disk (`FileChecks`) — same rule ids, same messages, nothing read back.
public struct PageChecker: Sendable {
    private let input: VerifyInput
    private let checks: FileChecks
    private let contexts: [String: FileContext]

    /// `files`: every path the output will hold (relative, `/`-separated) with its size when
    /// known (0 for pages not rendered yet); `read`: the bytes of a non-page file, for
    /// `integrity` checks; `placements`: each bundle folder's PLACEMENT code.
    public init(files: [String: Int], read: @escaping @Sendable (String) -> [UInt8]?, placements: [String: String],
                bx24Script: String?, label: String = "dist") {
        input = VerifyInput(label: label, files: files, read: read)
        checks = FileChecks(input: input, resolver: ReferenceResolver(input: input, bx24Script: bx24Script),
                            integrity: IntegrityChecker(input: input))
        contexts = placements.mapValues { code in
            let placement = Placement.named(code).flatMap { $0.status == .archived ? nil : $0 }
            return FileContext(root: "", placementCode: code, placement: placement)
        }
    }

    /// The findings about one output file (at `path`, relative), located in it as
    /// `<label>/<path>:line:column`.
    public func check(_ path: String, bytes: [UInt8]) -> [Finding] {
        let root = Verifier.topFolder(path)
        var context = root.flatMap { contexts[$0] } ?? FileContext(root: "", placementCode: nil, placement: nil)
        context.root = root ?? ""
        return checks.check(path, bytes: bytes, context: context, tokens: false).findings
    }
}
