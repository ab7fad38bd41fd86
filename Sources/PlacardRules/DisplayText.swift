/// Text from the user's files made safe to print: characters that move the cursor, end a
/// line, start a terminal escape sequence or reorder text are shown as escapes.
///
/// Exists because findings quote file names and YAML values: a value with a newline could
/// print a fake `file:1:1: note: …` line, an ESC could recolour or retitle the terminal,
/// and a bidi override could make a path read differently from what it is. Every printer
/// (`DiagnosticPrinter`, `GitHubAnnotations`, verify's reports) passes messages and paths
/// through `escaped` at the moment it prints them, and nowhere else.
public enum DisplayText {
    /// `text` with C0 controls (tab, line feed and carriage return too), DEL, C1 controls,
    /// U+2028/U+2029 and the bidi embeddings, overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069) replaced by escapes: `\n`, `\r`, `\t`, otherwise `\u{1B}` style.
    /// Everything else, including other non-ASCII text, is kept.
    public static func escaped(_ text: String) -> String {
        // Nearly every message is printable ASCII: return it as it is.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                switch scalar {
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `escaped` replaces this scalar.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
