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
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || plusAsSpace && $0 == UInt8(ascii: "+") }) else {
            return String(text)
        }
        return String(decoding: bytes(text, plusAsSpace: plusAsSpace, strict: false)!, as: UTF8.self)
    }

    /// Decodes `text`; nil for a malformed escape (`%4`, `%zz`) or bytes that are not UTF-8.
    package static func decodeStrictly(_ text: some StringProtocol) -> String? {
        bytes(text, plusAsSpace: false, strict: true).flatMap { String(validating: $0, as: UTF8.self) }
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

    private static func bytes(_ text: some StringProtocol, plusAsSpace: Bool, strict: Bool) -> [UInt8]? {
        let input = Array(text.utf8)
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
