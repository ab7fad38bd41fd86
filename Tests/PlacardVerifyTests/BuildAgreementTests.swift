import Foundation
import PlacardCore
import PlacardRules
import Testing
@testable import PlacardVerify

/// The verifier and the build agree: the example project builds into output that verifies
/// clean, and a problem written in front matter gets the same rule id and message from the
/// build as the same problem in `placement.json` gets from the verifier.
@Suite("Agreement with the build")
struct BuildAgreementTests {
    @Test("the example project's output verifies clean")
    func exampleVerifiesClean() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let build = Pipeline.build(Project(root: Fixtures.repository, output: folder.path + "/dist"))
        try #require(build.succeeded, "\(build.findings)")
        let report = try Verifier().verify(directory: folder.path + "/dist")
        #expect(report.problems == [])
        #expect(report.bundles.count == build.widgets)
        #expect(report.pageCount == build.pages)
    }

    /// A widget whose front matter has one defect, and the fixture with the same defect.
    static let defects: [(fixture: String, frontMatter: String)] = [
        ("options.color.invalid", "placement: IM_SIDEBAR\noptions:\n  iconName: fa-book\n  color: PINKY\n  context: USER;CHAT"),
        ("options.context.invalid", "placement: IM_SIDEBAR\noptions:\n  iconName: fa-book\n  color: AZURE\n  context: 'USER; CHAT'"),
        ("options.key.not-accepted", "placement: IM_SIDEBAR\noptions:\n  iconName: fa-book\n  width: 300"),
        ("options.iconName.missing", "placement: IM_SIDEBAR\noptions:\n  color: AZURE"),
        ("options.role.invalid", "placement: IM_SIDEBAR\noptions:\n  iconName: fa-book\n  role: admin"),
        ("placement.unknown", "placement: IM_SIDEBARR\noptions:\n  iconName: fa-book"),
        ("placement.archived", "placement: IM_SMILES_SELECTOR"),
    ]

    @Test("the build reports the same rule and message as verify", arguments: defects)
    func sameMessages(_ fixture: String, _ frontMatter: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: Fixtures.repository + "/templates", toPath: folder.path + "/templates")
        try folder.write([
            "placard.yml": "baseURL: https://widgets.example.com/placard/\n",
            "content/handbook/index.md": "---\n\(frontMatter)\ntitle: Handbook\n---\nHello.\n",
        ])
        let build = Pipeline.build(Project(root: folder.path))
        let verified = try Verifier().verify(directory: Fixtures.dist(fixture))
        let expected = try #require(verified.problems.first { $0.rule == fixture })
        let built = build.findings.filter { $0.rule == fixture }
        #expect(built.map(\.message) == [expected.message], "\(build.findings)")
    }
}
