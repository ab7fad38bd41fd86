/// Percent-decoding (`%20` → space), the one implementation for links, references, request
/// paths and form bodies.
///
/// Exists because each of those once had its own decoder. They differ only in two choices,
/// which are parameters here: whether `+` means a space (form bodies do, as PHP reads them),
/// and whether a malformed escape or invalid UTF-8 refuses the text (`strict`, for request
/// paths) or is kept as written (everything else).
package enum PercentEncoding {
    /// Decodes `text`, keeping malformed escapes as written; invalid UTF-8 is repaired.
    package static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String {
        decode(String(text), plusAsSpace: plusAsSpace)
    }

    /// `decode` for a `String`, which most callers have: the scan for `%` (the common case is
    /// none) runs over contiguous UTF-8, not through `StringProtocol`'s generic views.
    package static func decode(_ text: String, plusAsSpace: Bool = false) -> String {
        guard let bytes = bytes(text, plusAsSpace: plusAsSpace, strict: false) else { return text }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `text`; nil for a malformed escape (`%4`, `%zz`) or bytes that are not UTF-8.
    package static func decodeStrictly(_ text: some StringProtocol) -> String? {
        let text = String(text)
        guard let bytes = bytes(text, plusAsSpace: false, strict: true) else {
            return needsDecoding(text, plusAsSpace: false) ? nil : text
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Encodes `path` for a URL path: every byte but letters, digits, `/` and ``-._~!$&'()*+,;=:@``
    /// becomes `%XX`, so a decoded `#`, `?` or `%` in a file name is written back as `%23`, `%3F`, `%25`.
    package static func encodePath(_ path: String) -> String {
        let allowed = "-._~!$&'()*+,;=:@/".utf8
        let hex = Array("0123456789ABCDEF".utf8)
        guard path.utf8.contains(where: { !($0 < 0x80 && (isAlphanumeric($0) || allowed.contains($0))) }) else { return path }
        var out: [UInt8] = []
        for byte in path.utf8 {
            if byte < 0x80, isAlphanumeric(byte) || allowed.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The value of one hex digit, either case.
    package static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Whether `text` holds a `%` (or a `+` that means a space).
    private static func needsDecoding(_ text: String, plusAsSpace: Bool) -> Bool {
        var text = text
        return text.withUTF8 { $0.contains { $0 == UInt8(ascii: "%") || plusAsSpace && $0 == UInt8(ascii: "+") } }
    }

    /// The decoded bytes; nil when nothing needs decoding, or (`strict`) for a malformed escape.
    private static func bytes(_ text: String, plusAsSpace: Bool, strict: Bool) -> [UInt8]? {
        guard needsDecoding(text, plusAsSpace: plusAsSpace) else { return nil }
        var text = text
        return text.withUTF8 { input -> [UInt8]? in
            var out: [UInt8] = []
            out.reserveCapacity(input.count)
            var i = 0
            while i < input.count {
                let byte = input[i]
                if byte == UInt8(ascii: "%") {
                    if i + 2 < input.count, let high = hexValue(input[i + 1]), let low = hexValue(input[i + 2]) {
                        out.append(high << 4 | low)
                        i += 3
                        continue
                    }
                    if strict { return nil }
                }
                out.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                i += 1
            }
            return out
        }
    }
}
