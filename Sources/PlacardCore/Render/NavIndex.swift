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
        // Written by hand, as bytes: JSONEncoder took longer than rendering the index page.
        var json: [UInt8] = []
        json.reserveCapacity(widget.pages.count * 96)
        json += Array(#"{"pages":["#.utf8)
        for (i, page) in widget.pages.enumerated() {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            json += Array(#"{"path":"#.utf8)
            Self.appendString(PercentEncoding.encodePath(page.outputPath), to: &json)
            json += Array(#","titles":{"#.utf8)
            let titles = Dictionary(page.versions.map { ($0.language, $0.title) }, uniquingKeysWith: { a, _ in a })
            for (k, language) in titles.keys.sorted().enumerated() {
                if k > 0 { json.append(UInt8(ascii: ",")) }
                Self.appendString(language, to: &json)
                json.append(UInt8(ascii: ":"))
                Self.appendString(titles[language]!, to: &json)
            }
            json += Array("}}".utf8)
        }
        json += Array("]}\n".utf8)
        file = FingerprintedFile(stem: "nav", extension: "json", bytes: json)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest
    /// as it is (UTF-8).
    static func appendString(_ text: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): json += [UInt8(ascii: "\\"), byte]
            case 0x0A: json += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: json += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: json += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: json += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }
}
