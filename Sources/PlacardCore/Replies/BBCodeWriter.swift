/// The Markdown → BBCode conversion of one reply: one pass over its events
/// (`MarkdownEvent`, from `CommonMark.tree`) with a stack of open blocks and inlines (no
/// recursion, so no input can exhaust the stack).
///
/// Nesting beyond what a chat message shows is flattened rather than copied level by level:
/// a quote in a quote is one quote, lists deeper than `maximumListDepth` and inlines deeper
/// than `maximumInlineDepth` add no more markers or tags (their text goes straight into the
/// enclosing frame). That keeps the work linear in the input whatever it nests.
struct BBCodeWriter {
    static let maximumListDepth = 8
    static let maximumInlineDepth = 32
    /// How far down the open tags a closing tag the author wrote looks for its partner.
    static let maximumSearch = 64

    private let markdown: String
    private let events: [MarkdownEvent]
    private let lines: [Substring]

    init(markdown: String) {
        self.markdown = markdown
        self.events = MarkdownEvent.events(markdown)
        self.lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based byte column of `needle` on `line` of the reply (1 when it is not there as
    /// written: an entity or an escape changed it).
    func column(of needle: some StringProtocol, line: Int, after offset: Int = 0) -> Int {
        guard line >= 1, line <= lines.count, !needle.isEmpty else { return 1 }
        let text = Array(lines[line - 1].utf8), wanted = Array(needle.utf8.prefix(16))
        guard wanted.count <= text.count else { return 1 }
        for start in 0...(text.count - wanted.count) where text[start..<(start + wanted.count)].elementsEqual(wanted) {
            return start + 1
        }
        return 1
    }

    private enum Kind {
        case document, quote(nested: Bool), list(ordered: Bool, next: Int, tight: Bool, depth: Int), item(task: MarkdownNode.Task?)
        case paragraph, heading, emphasis, strong, strikethrough, link(String), image(String), table, row(header: Bool), cell
    }

    private struct Frame {
        var kind: Kind
        var text = ""
        var blocks: [String] = []
        var line: Int
    }

    func reply() -> Reply {
        let plan = plan()
        var problems = plan.problems
        var stack: [Frame] = []
        var quotes = 0, lists = 0
        var result = ""

        func add(block: String) {
            guard !block.isEmpty, !stack.isEmpty else { return }
            stack[stack.count - 1].blocks.append(block)
        }
        func add(inline: String) {
            guard !stack.isEmpty else { return }
            // Pieces join: a "<" at the end of one must not make an HTML tag with the next.
            if stack[stack.count - 1].text.utf8.last == UInt8(ascii: "<"), let first = inline.utf8.first,
               ((first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")) || "/!?".utf8.contains(first) {
                stack[stack.count - 1].text += "\u{200B}"
            }
            stack[stack.count - 1].text += inline
        }
        func report(_ kind: Reply.Problem.Kind, line: Int, column: Int, sent: String = "") {
            if case .rawHTML = kind, let last = problems.last, case .rawHTML = last.kind, last.line == line { return }
            problems.append(Reply.Problem(kind: kind, line: line, column: column, sent: sent))
        }
        func isComment(_ literal: String) -> Bool {
            literal.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("<!--")
        }
        func firstLine(_ literal: String) -> Substring {
            literal.drop(while: { $0 == " " || $0 == "\t" }).prefix { $0 != "\n" }
        }

        var table: Int? // the stack index of an open table, whose line is its first row's
        for (index, event) in events.enumerated() {
            if let table, stack[table].line == 0, event.line > 0 { stack[table].line = event.line }
            switch event.kind {
            case .document:
                if event.entering { stack.append(Frame(kind: .document, line: 1)) }
                else if let frame = stack.popLast() { result = frame.blocks.joined(separator: "\n\n") }
            case .blockQuote:
                if event.entering {
                    stack.append(Frame(kind: .quote(nested: quotes > 0), line: event.line))
                    quotes += 1
                } else if let frame = stack.popLast() {
                    quotes -= 1
                    if case .quote(nested: true) = frame.kind {
                        frame.blocks.forEach { add(block: $0) }
                    } else {
                        let body = frame.blocks.joined(separator: "\n\n")
                        add(block: body.split(separator: "\n", omittingEmptySubsequences: false).map { ">>" + $0 }.joined(separator: "\n"))
                    }
                }
            case .list(let ordered, let start, let tight):
                if event.entering {
                    lists += 1
                    stack.append(Frame(kind: .list(ordered: ordered, next: start, tight: tight, depth: lists), line: event.line))
                } else if let frame = stack.popLast() {
                    lists -= 1
                    if case .list(_, _, _, let depth) = frame.kind, depth > Self.maximumListDepth {
                        frame.blocks.forEach { add(block: $0) }
                    } else if case .list(_, _, let tight, _) = frame.kind {
                        add(block: frame.blocks.joined(separator: tight ? "\n" : "\n\n"))
                    }
                }
            case .item(let task):
                if event.entering {
                    stack.append(Frame(kind: .item(task: task), line: event.line))
                } else if let frame = stack.popLast(), let parent = stack.last, case .list(let ordered, let next, let tight, let depth) = parent.kind {
                    stack[stack.count - 1].kind = .list(ordered: ordered, next: next + 1, tight: tight, depth: depth)
                    let body = frame.blocks.joined(separator: tight ? "\n" : "\n\n")
                    if depth > Self.maximumListDepth {
                        add(block: body)
                    } else {
                        let marker = task == .checked ? "☑ " : task == .unchecked ? "☐ " : ordered ? "\(next). " : "• "
                        var itemLines = body.split(separator: "\n", omittingEmptySubsequences: false)
                        let first = itemLines.isEmpty ? "" : String(itemLines.removeFirst())
                        let rest = itemLines.map { $0.isEmpty ? "" : "    " + $0 }
                        let head = first.isEmpty ? String(marker.dropLast()) : marker + first
                        add(block: ([head] + rest).joined(separator: "\n"))
                    }
                }
            case .paragraph:
                if event.entering {
                    stack.append(Frame(kind: .paragraph, line: event.line))
                } else if let frame = stack.popLast() {
                    add(block: frame.text)
                }
            case .heading:
                if event.entering {
                    stack.append(Frame(kind: .heading, line: event.line))
                } else if let frame = stack.popLast() {
                    let sent = frame.text.isEmpty ? "" : "[b]" + frame.text + "[/b]"
                    report(.heading, line: frame.line, column: column(of: "#", line: frame.line), sent: sent.isEmpty ? "nothing (it is empty)" : sent)
                    add(block: sent)
                }
            case .table:
                if event.entering {
                    table = stack.count
                    stack.append(Frame(kind: .table, line: event.line))
                } else if let frame = stack.popLast() {
                    table = nil
                    report(.table, line: frame.line, column: column(of: "|", line: frame.line), sent: "its rows as lines of text, cells joined by ' | ', the header row bold")
                    add(block: frame.blocks.joined(separator: "\n"))
                }
            case .tableRow(let header):
                if event.entering {
                    stack.append(Frame(kind: .row(header: header), line: event.line))
                } else if let frame = stack.popLast() {
                    let row = frame.blocks.joined(separator: " | ")
                    add(block: header && !row.isEmpty ? "[b]" + row + "[/b]" : row)
                }
            case .tableCell:
                if event.entering {
                    stack.append(Frame(kind: .cell, line: event.line))
                } else if let frame = stack.popLast(), !stack.isEmpty {
                    stack[stack.count - 1].blocks.append(frame.text) // empty cells keep their place
                }
            case .thematicBreak:
                add(block: "———")
            case .codeBlock:
                var code = event.literal
                if code.hasSuffix("\n") { code.removeLast() }
                add(block: "[code]" + BBCodeTags.codeText(code) + "[/code]")
            case .htmlBlock, .htmlInline:
                if !isComment(event.literal) { report(.rawHTML, line: event.line, column: column(of: firstLine(event.literal), line: event.line)) }
            case .text:
                add(inline: BBCodeTags.insertingSpaces(into: event.literal, after: plan.insertions[index] ?? []))
            case .softBreak:
                add(inline: " ")
            case .lineBreak:
                add(inline: "\n")
            case .code:
                add(inline: "[code]" + BBCodeTags.codeText(event.literal) + "[/code]")
            case .emphasis, .strong, .strikethrough, .link, .image:
                if plan.transparent.contains(index) {
                    // Too deep, or a link without a destination: its text only.
                    if !event.entering, case .image = event.kind {
                        report(.image, line: event.line, column: column(of: "![", line: event.line), sent: "its description as text")
                    }
                    continue
                }
                if event.entering {
                    let kind: Kind
                    switch event.kind {
                    case .emphasis: kind = .emphasis
                    case .strong: kind = .strong
                    case .strikethrough: kind = .strikethrough
                    case .link(let url): kind = .link(url)
                    case .image(let url): kind = .image(url)
                    default: continue
                    }
                    stack.append(Frame(kind: kind, line: event.line))
                } else if let frame = stack.popLast() {
                    // Tags even around nothing: an empty run must not join the text on its sides.
                    switch frame.kind {
                    case .emphasis: add(inline: "[i]" + frame.text + "[/i]")
                    case .strong: add(inline: "[b]" + frame.text + "[/b]")
                    case .strikethrough: add(inline: "[s]" + frame.text + "[/s]")
                    case .link(let url): add(inline: Self.link(url: url, text: frame.text))
                    case .image(let url):
                        let sent = Self.link(url: url, text: frame.text)
                        report(.image, line: frame.line, column: column(of: "![", line: frame.line), sent: sent)
                        add(inline: sent)
                    default: break
                    }
                }
            }
        }
        problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return Reply(bbcode: result, problems: problems)
    }

    /// `[url=URL]text[/url]`, or `[url]URL[/url]` for a bare link (its text is its URL).
    static func link(url raw: String, text: String) -> String {
        let url = safeURL(raw)
        if url.isEmpty { return text }
        if text.isEmpty || text == raw || text == url { return "[url]" + url + "[/url]" }
        return "[url=" + url + "]" + text + "[/url]"
    }

    /// The URL with the characters that would end or break a tag percent-encoded.
    static func safeURL(_ url: String) -> String {
        var out = ""
        for scalar in url.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || " []<>\"\\^`{|}".unicodeScalars.contains(scalar) {
                out += "%" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// What the conversion must know before it writes: which inline nodes add nothing of
    /// their own (`transparent`), and where a zero-width space
    /// goes into a text node (`insertions`: byte offsets after which one is inserted).
    struct Plan {
        var transparent: Set<Int> = []
        var insertions: [Int: [Int]] = [:]
        var problems: [Reply.Problem] = []
    }

    /// Reads the text the way the message will have it — runs of text, breaks and dropped
    /// HTML joined, as they are joined in the output — and finds:
    /// - author tags without a partner in the same scope (a tag the converter writes — bold,
    ///   italic, a link, a heading, code — is a scope): a zero-width space after their `[`;
    /// - `<` before a letter, `/`, `!` or `?`: a zero-width space after it, so no text reads as
    ///   HTML once dropped HTML has joined its neighbours (`a <<b>b>` would send `<b>`).
    func plan() -> Plan {
        var plan = Plan()
        enum Entry { case generated, author(name: String, at: (event: Int, offset: Int), token: BBCodeTags.Token, line: Int, column: Int) }
        var stack: [Entry] = []
        var inlineStack: [Bool] = [] // for each open inline: transparent?
        var openCode = 0 // author [code] tags on the stack
        var depth = 0
        // The current run: its text, and the segments it is made of.
        var run: [UInt8] = []
        var segments: [(start: Int, event: Int, isText: Bool)] = []

        func locate(_ offset: Int) -> (event: Int, offset: Int, isText: Bool) {
            var low = 0, high = segments.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if segments[mid].start <= offset { low = mid } else { high = mid - 1 }
            }
            let segment = segments[low]
            return (segment.event, offset - segment.start, segment.isText)
        }
        func flush() {
            defer { run.removeAll(keepingCapacity: true); segments.removeAll(keepingCapacity: true) }
            guard !run.isEmpty else { return }
            let text = String(decoding: run, as: UTF8.self)
            for i in run.indices where run[i] == UInt8(ascii: "<") && i + 1 < run.count {
                let next = run[i + 1] | 0x20
                guard (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || "/!?".utf8.contains(run[i + 1]) else { continue }
                let at = locate(i)
                if at.isText { plan.insertions[at.event, default: []].append(at.offset + 1) }
            }
            guard run.contains(UInt8(ascii: "[")) else { return }
            for token in BBCodeTags.tokens(in: text) {
                let at = locate(token.range.lowerBound)
                // Code does not nest: a [code] inside an author's [code] is text there, and stays
                // text should the outer one be dropped.
                if openCode > 0, !token.closing, token.name == "code" {
                    plan.insertions[at.event, default: []].append(at.offset + 1)
                    continue
                }
                let event = events[at.event]
                let written = String(decoding: run[token.range], as: UTF8.self)
                let entry = Entry.author(name: token.name, at: (at.event, at.offset), token: BBCodeTags.Token(name: written, closing: token.closing, range: token.range),
                                         line: event.line, column: column(of: written, line: event.line))
                guard token.closing else {
                    if token.name == "code" { openCode += 1 }
                    stack.append(entry)
                    continue
                }
                // The opener in the current scope (above the last generated tag), looked for
                // among the last `maximumSearch` open tags.
                var index = stack.count - 1
                var match: Int?
                while index >= 0, index >= stack.count - Self.maximumSearch, case .author(let name, _, _, _, _) = stack[index] {
                    if name == token.name { match = index; break }
                    index -= 1
                }
                guard let match else {
                    plan.insertions[at.event, default: []].append(at.offset + 1)
                    plan.problems.append(Reply.Problem(kind: .unbalancedTag(written), line: event.line, column: column(of: written, line: event.line)))
                    continue
                }
                for entry in stack[(match + 1)...] { reject(entry) }
                if token.name == "code" { openCode -= 1 }
                stack.removeSubrange(match...)
            }
        }
        /// Drops an author's tag that was on the stack: it is sent as text.
        func reject(_ entry: Entry) {
            guard case .author(let name, let at, let token, let line, let column) = entry else { return }
            if name == "code" { openCode -= 1 }
            plan.insertions[at.event, default: []].append(at.offset + 1)
            plan.problems.append(Reply.Problem(kind: .unbalancedTag(token.name), line: line, column: column))
        }
        func append(_ bytes: some Collection<UInt8>, event: Int, isText: Bool) {
            segments.append((run.count, event, isText))
            run += bytes
        }

        for (index, event) in events.enumerated() {
            switch event.kind {
            case .text:
                append(event.literal.utf8, event: index, isText: true)
            case .softBreak:
                append(" ".utf8, event: index, isText: false)
            case .lineBreak:
                append("\n".utf8, event: index, isText: false)
            case .htmlInline:
                break
            case .emphasis, .strong, .strikethrough, .link, .image:
                if event.entering {
                    var transparent = depth >= Self.maximumInlineDepth
                    if case .link(let url) = event.kind, url.isEmpty { transparent = true }
                    if case .image(let url) = event.kind, url.isEmpty { transparent = true }
                    inlineStack.append(transparent)
                    if transparent { plan.transparent.insert(index); continue }
                    depth += 1
                    flush()
                    stack.append(.generated)
                } else {
                    let transparent = inlineStack.popLast() ?? true
                    if transparent { plan.transparent.insert(index); continue }
                    depth -= 1
                    flush()
                    while let top = stack.popLast() {
                        guard case .author = top else { break }
                        reject(top)
                    }
                }
            case .heading, .tableRow(header: true):
                flush()
                if event.entering { stack.append(.generated); continue }
                while let top = stack.popLast() {
                    guard case .author = top else { break }
                    reject(top)
                }
            case .code, .codeBlock:
                flush()
                // Nothing nests in [code]: an author's open [code] cannot hold this one.
                if openCode > 0 {
                    stack.removeAll { entry in
                        guard case .author(let name, _, _, _, _) = entry, name == "code" else { return false }
                        reject(entry)
                        return true
                    }
                }
            default:
                flush()
            }
        }
        flush()
        stack.forEach(reject)
        return plan
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
