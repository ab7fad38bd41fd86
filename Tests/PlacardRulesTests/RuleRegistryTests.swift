import Foundation
import Testing
@testable import PlacardRules

/// The rule registry (`Rule.all`) is complete and is the one source of docs/verify.md's rule
/// table, the fixtures' rule ids and the rule ids in Placard's sources.
///
/// `PLACARD_UPDATE_README=1 swift test --filter RuleRegistryTests` rewrites docs/verify.md's
/// verify rule table (between `<!-- rules:start -->` and `<!-- rules:end -->`).
struct RuleRegistryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Rules no fixture or test exercises, with why.
    static let exempt: [Rule: String] = [
        // The invalid-site fixtures that have no templates/ get the repository's, so none can
        // lack the folder.
        .projectTemplatesMissing: "every invalid-site fixture gets templates/",
        // Git keeps a dangling symlink, but the fixture copy does not reproduce it faithfully
        // on every platform; SafetyTests cover the other symlink rules.
        .pathSymlinkDangling: "needs a dangling symlink made at run time",
        // Needs an output folder placard package cannot read (a permission change that root,
        // which CI often runs as, ignores).
        .verifyUnreadable: "needs a folder placard package cannot read",
    ]

    static func read(_ relative: String) -> String {
        (try? String(contentsOfFile: root + "/" + relative, encoding: .utf8)) ?? ""
    }

    static func files(under relative: String, ending suffix: String) -> [String] {
        let base = root + "/" + relative
        return (FileManager.default.subpaths(atPath: base) ?? []).filter { $0.hasSuffix(suffix) }.sorted().map { relative + "/" + $0 }
    }

    /// `[rule-id]` at the end of each finding line of the invalid-site fixtures.
    static var expectedIDs: Set<String> {
        var ids: Set<String> = []
        for file in files(under: "Tests/PlacardCoreTests/Fixtures/invalid", ending: "expected.txt") {
            for line in read(file).split(separator: "\n") where line.hasSuffix("]") {
                if let open = line.lastIndex(of: "[") { ids.insert(String(line[line.index(after: open)..<line.index(before: line.endIndex)])) }
            }
        }
        return ids
    }

    @Test func idsAreUniqueAndEveryConstantIsListed() {
        #expect(Set(Rule.all.map(\.id)).count == Rule.all.count)
        var declared = 0
        for file in Self.files(under: "Sources/PlacardRules/Rules", ending: ".swift") {
            declared += Self.read(file).components(separatedBy: " = Rule(\"").count - 1
        }
        #expect(declared == Rule.all.count, "every `static let … = Rule(…)` is in its area's list")
        #expect(Rule.all.allSatisfy { !$0.meaning.isEmpty && !$0.tools.isEmpty })
    }

    @Test func everyRuleIsExercisedOrExempt() {
        let verifyFixtures = Set((try? FileManager.default.contentsOfDirectory(atPath: Self.root + "/Tests/PlacardVerifyTests/Fixtures")) ?? [])
        let expected = Self.expectedIDs
        let tests = Self.files(under: "Tests", ending: ".swift").filter { !$0.hasSuffix("RuleRegistryTests.swift") }.map(Self.read).joined()
        for rule in Rule.all {
            let exercised = verifyFixtures.contains(rule.id) || expected.contains(rule.id) || tests.contains("\"\(rule.id)\"") || tests.contains("[\(rule.id)]")
            if let reason = Self.exempt[rule] {
                #expect(!exercised, "\(rule.id) is exercised now; drop its exemption (\(reason))")
            } else {
                #expect(exercised, "\(rule.id) has no fixture and no test: add one, or an exemption with the reason")
            }
        }
    }

    @Test func fixturesNameOnlyRegisteredRules() {
        for id in Self.expectedIDs.sorted() { #expect(Rule.named(id) != nil, "[\(id)] in an expected.txt is not in Rule.all") }
        let verifyFixtures = (try? FileManager.default.contentsOfDirectory(atPath: Self.root + "/Tests/PlacardVerifyTests/Fixtures")) ?? []
        for name in verifyFixtures where !name.hasPrefix("valid") && !name.hasSuffix(".py") {
            #expect(Rule.named(name)?.tools.contains(.verify) == true, "verify fixture \(name) names no verify rule")
        }
    }

    /// Call sites make findings from `Rule` constants: no rule id is written out as text in
    /// the sources outside the registry (doc comments may quote them).
    @Test func noRuleIDLiteralsInSources() {
        let ids = Set(Rule.all.map(\.id))
        for file in Self.files(under: "Sources", ending: ".swift") + Self.files(under: "Fuzz", ending: ".swift") where !file.contains("/PlacardRules/Rules/") {
            for (n, line) in Self.read(file).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for id in ids where line.contains("\"\(id)\"") { Issue.record("\(file):\(n + 1) writes rule id \"\(id)\"; use its Rule constant") }
            }
        }
    }

    /// The README's table of verify rules, one row per rule, in `--list-rules` order.
    static var table: String {
        var lines = ["| rule id | severity | what it checks |", "|---|---|---|"]
        for rule in Rule.reported(by: .verify) {
            let meaning = rule.meaning.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            lines.append("| `\(rule.id)` | \(rule.severity.rawValue) | \(meaning) |")
        }
        return lines.joined(separator: "\n")
    }

    @Test func theRuleTableInDocsComesFromTheRegistry() throws {
        let path = Self.root + "/docs/verify.md"
        let readme = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- rules:start -->\n"))
        let end = try #require(readme.range(of: "<!-- rules:end -->", range: start.upperBound..<readme.endIndex))
        let wanted = Self.table + "\n"
        if ProcessInfo.processInfo.environment["PLACARD_UPDATE_README"] == "1" {
            try (readme[..<start.upperBound] + wanted + readme[end.lowerBound...]).write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(readme[start.upperBound..<end.lowerBound]) == wanted, "run PLACARD_UPDATE_README=1 swift test --filter RuleRegistryTests")
    }
}
