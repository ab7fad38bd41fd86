import Foundation
import PlacardCore
import PlacardFuzz
import PlacardTestSupport
import Testing

/// GitHub's tables, strikethrough and task lists against the reference implementation,
/// `cmark-gfm -e table -e strikethrough -e tasklist` (run as a program; scripts/install-deps
/// --test installs it): every example of those three sections of the GFM spec, and a few
/// hundred documents of the `gfm` fuzz harness's generator, must come out byte-identical.
@Suite("GFM against cmark-gfm")
struct GFMOracleTests {
    struct Example: Decodable, Sendable, CustomTestStringConvertible {
        var section: String
        var specLine: Int
        var markdown: String
        var testDescription: String { "\(section), spec line \(specLine)" }
    }

    /// The examples of the spec's table, strikethrough and task list sections (data, not code).
    static let examples: [Example] = {
        let path = TestSupport.repositoryRoot + "/Tests/PlacardFuzzTests/Fixtures/gfm-spec-examples.json"
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return (try? JSONDecoder().decode([Example].self, from: data)) ?? []
    }()

    @Test func theOracleIsInstalledAndTheExamplesAreThere() throws {
        #expect(GFMOracle.shared != nil, "cmark-gfm is not installed: run scripts/install-deps --test")
        #expect(Self.examples.count == 12)
        #expect(Set(Self.examples.map(\.section)) == ["Tables (extension)", "Strikethrough (extension)", "Task list items (extension)"])
    }

    @Test(arguments: examples)
    func specExampleIsByteIdentical(_ example: Example) throws {
        let oracle = try #require(GFMOracle.shared)
        let reference = try #require(oracle.render(example.markdown))
        #expect(CommonMark.render(example.markdown).html == reference, "\(example.markdown)")
    }

    /// The fuzz harness's documents from fixed seeds: the same inputs on every run.
    @Test func generatedDocumentsAreByteIdentical() throws {
        let oracle = try #require(GFMOracle.shared)
        var generator = SplitMix(seed: 22)
        var differences: [String] = []
        for _ in 0..<400 {
            let bytes = (0..<(8 + Int(generator.next() % 120))).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let markdown = GFMDocument.make(from: bytes)
            let reference = try #require(oracle.render(markdown))
            let ours = CommonMark.render(markdown).html
            if ours != reference, differences.count < 3 { differences.append("--- markdown\n\(markdown)--- Placard\n\(ours)--- cmark-gfm\n\(reference)") }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    /// Bits for the generator: SplitMix64, so every run tests the same documents.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
