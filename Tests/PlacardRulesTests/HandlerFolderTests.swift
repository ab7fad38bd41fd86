import Testing
import PlacardRules

/// The bundle folder a HANDLER opens, one function for the verifier and the preview server.
///
/// The cases are where the two former copies answered differently: the server took the
/// last `/`-separated piece of the whole URL, so a page name, a query, a fragment or a bare
/// host became the widget id; the verifier skipped the page name, query and fragment.
@Suite("HANDLER → bundle folder")
struct HandlerFolderTests {
    static let cases: [(String, String?)] = [
        ("https://x.example/placard/handbook/", "handbook"),
        ("https://x.example/handbook/index.html", "handbook"),
        ("https://x.example/handbook/?v=2", "handbook"),
        ("https://x.example/handbook#top", "handbook"),
        ("https://x.example/handbook/index.html?x=1", "handbook"),
        ("https://localhost/", nil),
        ("https://handbook", nil),
        ("handbook/", "handbook"),
        ("./handbook", "handbook"),
        ("", nil),
    ]

    @Test("one answer for each HANDLER", arguments: cases)
    func folder(_ handler: String, _ expected: String?) {
        #expect(HandlerRules.folder(ofHandler: handler) == expected)
    }
}
