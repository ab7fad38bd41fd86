import Foundation
import Testing

/// `placard-verify` is the small CI gate: it must not link cmark, Mustache, Yams or
/// Hummingbird. Checked on the built binaries' symbol names, with `placard` (which links
/// all four) as the control that shows the check can fail.
@Suite("placard-verify linkage")
struct VerifyLinkageTests {
    /// A cmark function and the mangled-name prefixes of the three Swift modules.
    static let markers: [(String, String)] = [
        ("cmark", "cmark_parse_document"), ("Mustache", "$s8Mustache"), ("Yams", "$s4Yams"), ("Hummingbird", "$s11Hummingbird"),
    ]

    func symbols(of executable: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: CLITests.binaryFolder + "/" + executable), options: .alwaysMapped)
    }

    @Test("placard links all four (the control), placard-verify none of them")
    func linkage() throws {
        let placard = try symbols(of: "placard")
        let verify = try symbols(of: "placard-verify")
        for (library, marker) in Self.markers {
            #expect(placard.range(of: Data(marker.utf8)) != nil, "placard should link \(library)")
            #expect(verify.range(of: Data(marker.utf8)) == nil, "placard-verify links \(library)")
        }
    }
}
