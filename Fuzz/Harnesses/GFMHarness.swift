import Foundation
import PlacardCore

extension Harness {
    /// GitHub's tables, strikethrough and task lists against the reference: the input
    /// chooses a document of random tables (in paragraphs, block quotes and list items)
    /// whose cells mix inline syntax, and task lists; Placard's HTML must be byte-identical
    /// to `cmark-gfm -e table -e strikethrough -e tasklist`'s. A difference stops the run
    /// (and libFuzzer keeps the input). Without cmark-gfm installed only Placard renders.
    static let gfm = Harness(name: "gfm", summary: "random GFM tables, strikethrough and task lists, Placard vs cmark-gfm") { input in
        let markdown = GFMDocument.make(from: input)
        let ours = CommonMark.render(markdown).html
        guard let reference = GFMOracle.shared?.render(markdown) else { return }
        if ours != reference {
            fatalError("GFM difference from cmark-gfm.\n--- markdown\n\(markdown)--- Placard\n\(ours)--- cmark-gfm\n\(reference)")
        }
    }
}

/// `cmark-gfm` with the three extensions, run as a separate program (a test oracle only:
/// it is never linked into Placard).
public struct GFMOracle: Sendable {
    public let path: String

    /// The installed cmark-gfm, or nil (scripts/install-deps --test installs it).
    public static let shared: GFMOracle? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/cmark-gfm"
            if FileManager.default.isExecutableFile(atPath: path) { return GFMOracle(path: path) }
        }
        return nil
    }()

    /// cmark-gfm's HTML for `markdown`, or nil when it could not be run.
    public func render(_ markdown: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-e", "table", "-e", "strikethrough", "-e", "tasklist"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        // Write from another thread: a large input could fill the pipe before it is read.
        let data = Data(markdown.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Builds a Markdown document from fuzz bytes: each byte picks the next choice.
public struct GFMDocument {
    private var bytes: [UInt8]
    private var position = 0

    public static func make(from input: [UInt8]) -> String {
        var maker = GFMDocument(bytes: Array(input.prefix(4096)))
        return maker.document()
    }

    private mutating func next(_ range: Int) -> Int {
        guard range > 1 else { return 0 }
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return Int(bytes[position]) % range
    }

    private var exhausted: Bool { position >= bytes.count }

    /// Inline pieces: each well formed alone; side by side they make unbalanced runs too.
    static let inlines = [
        "word", "two words", "*em*", "**strong**", "_under_", "~~del~~", "~one~", "`code`", "`a\\|b`", "\\|",
        "[link](https://a.example/x)", "<https://b.example>", "&amp;", "~~~", "a~b", "~~", "~", "é", "日本",
        "\\~", "**~~both~~**", "~~*inner*~~", "x~~y~~z", "[~~in link~~](u.md)", "![alt ~~x~~](i.png)", "  ", "-", ":", "1.",
        "<b>raw</b>", "\\", "a|b", "~~ spaced ~~", "(~~p~~)", "~~a~~~", "*", "_",
    ]

    private mutating func inline() -> String {
        var text = ""
        for _ in 0...next(4) {
            if !text.isEmpty, next(3) != 0 { text += " " }
            text += Self.inlines[next(Self.inlines.count)]
        }
        return text
    }

    private mutating func row(cells: Int, leading: Bool, trailing: Bool) -> String {
        var parts: [String] = []
        for _ in 0..<max(cells, 1) { parts.append(inline()) }
        // A row of nothing but a pipe ends a table (and, in a list item, makes the
        // list loose in cmark-gfm: a documented difference).
        if parts.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { parts[0] = "word" }
        return (leading ? "| " : "") + parts.joined(separator: " | ") + (trailing ? " |" : "")
    }

    private mutating func table(followed: Bool = true) -> [String] {
        let columns = 1 + next(4)
        let leading = next(4) != 0, trailing = next(4) != 0
        var lines = [row(cells: columns, leading: leading || columns == 1, trailing: trailing)]
        let markers = [" --- ", ":--", "--:", ":-:", "-", " :---: "]
        var delimiter: [String] = []
        let delimiterColumns = next(8) == 0 ? columns + 1 : columns
        for _ in 0..<delimiterColumns { delimiter.append(markers[next(markers.count)]) }
        lines.append((leading || columns == 1 ? "|" : "") + delimiter.joined(separator: "|") + (trailing ? "|" : ""))
        for _ in 0..<next(4) {
            lines.append(row(cells: max(1, columns + next(3) - 1), leading: next(3) != 0, trailing: next(3) != 0))
        }
        switch followed ? next(6) : 5 {
        case 0: lines.append("plain text after")
        case 1: lines.append("> quoted")
        case 2: lines.append("")
        default: break
        }
        if followed, next(4) == 0 { lines.insert(inline(), at: 0) }
        return lines
    }

    private mutating func block() -> [String] {
        switch next(7) {
        case 0, 1, 2:
            return table()
        case 3:
            return table().map { "> " + $0 }
        case 4:
            let marker = ["- ", "* ", "1. "][next(3)]
            var lines: [String] = []
            for _ in 0...next(3) {
                let box = ["[ ] ", "[x] ", "[X] ", "", "[ ]", "[x]\t"][next(6)]
                lines.append(marker + box + inline())
                if next(4) == 0 { lines.append("  - " + ["[ ] ", "[x] "][next(2)] + inline()) }
            }
            return lines
        case 5:
            // A table alone in its item: cmark-gfm makes a list loose when a table is
            // followed by another block of the same item (docs/markdown.md, differences).
            return table(followed: false).enumerated().map { ($0.offset == 0 ? "- " : "  ") + $0.element }
        default:
            return [inline()]
        }
    }

    private mutating func document() -> String {
        var blocks: [String] = []
        repeat {
            blocks.append(block().joined(separator: "\n"))
        } while !exhausted && blocks.count < 8
        return blocks.joined(separator: "\n\n") + "\n"
    }
}
