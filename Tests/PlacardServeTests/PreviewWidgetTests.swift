import Foundation
import PlacardCore
import Testing
@testable import PlacardServe

/// The preview names a widget by the folder its HANDLER opens, as the verifier does
/// (`HandlerRules.folder(ofHandler:)`), not by the last piece of the whole URL.
@Suite("Preview widget ids")
struct PreviewWidgetTests {
    func widget(handler: String) throws -> PreviewWidget? {
        let json = #"{"PLACEMENT": "IM_SIDEBAR", "HANDLER": "\#(handler)", "TITLE": "T", "DESCRIPTION": "", "LANG_ALL": {}, "OPTIONS": {}}"#
        return PreviewWidget(binding: try JSONDecoder().decode(PlacementBinding.self, from: Data(json.utf8)))
    }

    static let cases: [(String, String?)] = [
        ("https://x.example/handbook/", "handbook"),
        ("https://x.example/handbook/index.html", "handbook"),
        ("https://x.example/handbook/?v=2", "handbook"),
        ("https://localhost/", nil),
        ("https://x.example/Not_An_Id/", nil),
    ]

    @Test("the id is the HANDLER's bundle folder", arguments: cases)
    func id(_ handler: String, _ expected: String?) throws {
        #expect(try widget(handler: handler)?.id == expected)
    }
}
