import Foundation
import PlacardSystem

/// A widget's page list as one fingerprinted file (`nav.<hash>.json`), which the runtime
/// loads once to draw the full navigation.
///
/// Exists so that the default templates are linear in pages: when every page inlined the
/// whole list, a widget of n pages wrote n² entries (a 5,000-page handbook took 13 minutes
/// and 1.9 GB). Each page now carries only its own links (home, previous, next — what works
/// with scripts blocked or from `file://`), and the list is written once per widget, under
/// a name that changes with its content so browsers may cache it for good.
package struct NavIndex: Sendable {
    /// `nav.<10 hex>.json` in the widget's folder.
    package let file: FingerprintedFile

    /// `{"pages": [{"path": "guide/setup.html", "titles": {"de": …, "en": …}}, …]}`: paths
    /// relative to the bundle root and percent-encoded (the runtime uses them as links), in
    /// the widget's page order; keys sorted.
    package init(_ widget: Widget) {
        struct Entry: Encodable {
            var path: String
            var titles: [String: String]
        }
        struct Document: Encodable {
            var pages: [Entry]
        }
        let document = Document(pages: widget.pages.map { page in
            Entry(path: PercentEncoding.encodePath(page.outputPath), titles: Dictionary(page.versions.map { ($0.language, $0.title) }, uniquingKeysWith: { a, _ in a }))
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings cannot fail.
        let bytes = Array(try! encoder.encode(document)) + [0x0A]
        file = FingerprintedFile(stem: "nav", extension: "json", bytes: bytes)
    }
}
