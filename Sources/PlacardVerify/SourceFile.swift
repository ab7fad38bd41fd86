import PlacardRules
import PlacardSystem

/// One file's bytes with the path findings show for it.
///
/// Exists so that every check reports `file:line:column` the same way: lines counted from
/// the byte offset of the match, columns in characters (Unicode scalars), both 1-based.
struct SourceFile: Sendable {
    /// Relative to the verified folder (`handbook/index.html`).
    let path: String
    /// As shown in findings (`dist/handbook/index.html`).
    let display: String
    let bytes: [UInt8]

    /// The location of the byte at `offset`.
    func location(_ offset: Int) -> SourceLocation {
        SourceFile.position(of: offset, in: bytes, file: display)
    }

    /// The location of the whole file.
    var whole: SourceLocation { SourceLocation(file: display) }

    static func position(of offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<end where buffer[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
        }
        var column = 1
        for i in lineStart..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Locations of many offsets in one pass, for offsets in document order (a page's links):
    /// `location(_:)` for each would read the page from its start every time.
    struct Locator {
        let file: SourceFile
        /// Where the last location was, and its line and column.
        private var offset = 0, line = 1, column = 1

        init(_ file: SourceFile) { self.file = file }

        mutating func location(_ target: Int) -> SourceLocation {
            let end = min(max(target, 0), file.bytes.count)
            if end < offset { (offset, line, column) = (0, 1, 1) }
            file.bytes.withUnsafeBufferPointer { buffer in
                // Line ends found with memchr; characters counted from the last one only.
                var counted = offset
                while let newline = buffer.index(of: 0x0A, from: counted, to: end) {
                    counted = newline + 1
                    line += 1
                    column = 1
                }
                for k in counted..<end where buffer[k] & 0xC0 != 0x80 { column += 1 }
            }
            offset = end
            return SourceLocation(file: file.display, line: line, column: column)
        }
    }
}
