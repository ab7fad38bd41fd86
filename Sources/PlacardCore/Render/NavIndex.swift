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
        // Written by hand: JSONEncoder took longer than rendering the index page itself.
        var json = "{\"pages\":["
        for (i, page) in widget.pages.enumerated() {
            if i > 0 { json += "," }
            json += "{\"path\":"
            Self.appendString(PercentEncoding.encodePath(page.outputPath), to: &json)
            json += ",\"titles\":{"
            let titles = Dictionary(page.versions.map { ($0.language, $0.title) }, uniquingKeysWith: { a, _ in a })
            for (k, language) in titles.keys.sorted().enumerated() {
                if k > 0 { json += "," }
                Self.appendString(language, to: &json)
                json += ":"
                Self.appendString(titles[language]!, to: &json)
            }
            json += "}}"
        }
        json += "]}\n"
        file = FingerprintedFile(stem: "nav", extension: "json", bytes: Array(json.utf8))
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest
    /// as it is (UTF-8).
    static func appendString(_ text: String, to json: inout String) {
        json += "\""
        var plain = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        for index in scalars.indices {
            let value = scalars[index].value
            guard value < 0x20 || value == 0x22 || value == 0x5C else { continue }
            json.unicodeScalars.append(contentsOf: scalars[plain..<index])
            switch value {
            case 0x22: json += "\\\""
            case 0x5C: json += "\\\\"
            case 0x0A: json += "\\n"
            case 0x0D: json += "\\r"
            case 0x09: json += "\\t"
            case 0x08: json += "\\b"
            case 0x0C: json += "\\f"
            default:
                let hex = String(value, radix: 16)
                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            plain = scalars.index(after: index)
        }
        json.unicodeScalars.append(contentsOf: scalars[plain...])
        json += "\""
    }
}
