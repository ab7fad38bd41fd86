import Foundation
import PlacardFuzz
import PlacardTestSupport
import Testing

/// Every seed and every crasher ever found (`Fuzz/corpus/<harness>/*`) run through its
/// harness in the ordinary test run, so a fixed crash stays fixed without libFuzzer.
@Suite("Fuzz corpus")
struct CorpusTests {
    static let corpus = TestSupport.repositoryRoot + "/Fuzz/corpus"

    static func inputs(_ harness: String) -> [String] {
        let folder = corpus + "/" + harness
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    @Test func everyFolderIsAHarnessAndEveryHarnessHasSeeds() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter { !$0.hasPrefix(".") }.sorted()
        #expect(folders == Harness.all.map(\.name).sorted())
        for harness in Harness.all {
            #expect(Self.inputs(harness.name).count >= 3, "\(harness.name) needs seeds in Fuzz/corpus/\(harness.name)/")
        }
    }

    @Test(.timeLimit(.minutes(5)), arguments: Harness.all.map(\.name))
    func everyInputRunsQuickly(_ name: String) throws {
        let harness = try #require(Harness.named(name))
        for path in Self.inputs(name) {
            let input = try #require(FileManager.default.contents(atPath: path))
            let start = Date()
            harness.run(Array(input))
            let seconds = Date().timeIntervalSince(start)
            #expect(seconds < 10, "\(path) took \(seconds) s")
        }
    }
}
