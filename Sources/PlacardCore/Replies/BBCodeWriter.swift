/// The Markdown → BBCode conversion of one reply: one pass over cmark's events with a stack
/// of open blocks and inlines (no recursion, so no input can exhaust the stack).
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
    private let events: [CommonMark.Event]

    init(markdown: String) {
        self.markdown = markdown
        self.events = CommonMark.events(markdown)
    }

    private enum Kind {
        case document, quote(nested: Bool), list(ordered: Bool, next: Int, tight: Bool, depth: Int), item
        case paragraph(table: Bool), heading, emphasis, strong, link(String), image(String)
    }

    private struct Frame {
        var kind: Kind
        var text = ""
        var blocks: [String] = []
        var line: Int
        var column: Int
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
        func report(_ kind: Reply.Problem.Kind, _ event: CommonMark.Event, sent: String = "") {
            if case .rawHTML = kind, let last = problems.last, case .rawHTML = last.kind, last.line == event.line { return }
            problems.append(Reply.Problem(kind: kind, line: event.line, column: event.column, sent: sent))
        }
        func isComment(_ literal: String) -> Bool {
            literal.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("<!--")
        }

        for (index, event) in events.enumerated() {
            switch event.kind {
            case .document:
                if event.entering { stack.append(Frame(kind: .document, line: 1, column: 1)) }
                else if let frame = stack.popLast() { result = frame.blocks.joined(separator: "\n\n") }
            case .blockQuote:
                if event.entering {
                    stack.append(Frame(kind: .quote(nested: quotes > 0), line: event.line, column: event.column))
                    quotes += 1
                } else if let frame = stack.popLast() {
                    quotes -= 1
                    let body = frame.blocks.joined(separator: "\n\n")
                    if case .quote(nested: true) = frame.kind {
                        frame.blocks.forEach { add(block: $0) }
                    } else {
                        add(block: body.split(separator: "\n", omittingEmptySubsequences: false).map { ">>" + $0 }.joined(separator: "\n"))
                    }
                }
            case .list(let ordered, let start, let tight):
                if event.entering {
                    lists += 1
                    stack.append(Frame(kind: .list(ordered: ordered, next: start, tight: tight, depth: lists), line: event.line, column: event.column))
                } else if let frame = stack.popLast() {
                    lists -= 1
                    if case .list(_, _, _, let depth) = frame.kind, depth > Self.maximumListDepth {
                        frame.blocks.forEach { add(block: $0) }
                    } else if case .list(_, _, let tight, _) = frame.kind {
                        add(block: frame.blocks.joined(separator: tight ? "\n" : "\n\n"))
                    }
                }
            case .item:
                if event.entering {
                    stack.append(Frame(kind: .item, line: event.line, column: event.column))
                } else if let frame = stack.popLast(), let parent = stack.last, case .list(let ordered, let next, let tight, let depth) = parent.kind {
                    stack[stack.count - 1].kind = .list(ordered: ordered, next: next + 1, tight: tight, depth: depth)
                    let body = frame.blocks.joined(separator: tight ? "\n" : "\n\n")
                    if depth > Self.maximumListDepth {
                        add(block: body)
                    } else {
                        let marker = ordered ? "\(next). " : "• "
                        var itemLines = body.split(separator: "\n", omittingEmptySubsequences: false)
                        let first = itemLines.isEmpty ? "" : String(itemLines.removeFirst())
                        let rest = itemLines.map { $0.isEmpty ? "" : "    " + $0 }
                        let head = first.isEmpty ? String(marker.dropLast()) : marker + first
                        add(block: ([head] + rest).joined(separator: "\n"))
                    }
                }
            case .paragraph:
                if event.entering {
                    stack.append(Frame(kind: .paragraph(table: plan.tables.contains(index)), line: event.line, column: event.column))
                } else if let frame = stack.popLast() {
                    add(block: frame.text)
                }
            case .heading:
                if event.entering {
                    stack.append(Frame(kind: .heading, line: event.line, column: event.column))
                } else if let frame = stack.popLast() {
                    let sent = frame.text.isEmpty ? "" : "[b]" + frame.text + "[/b]"
                    report(.heading, event, sent: sent.isEmpty ? "nothing (it is empty)" : sent)
                    add(block: sent)
                }
            case .thematicBreak:
                add(block: "———")
            case .codeBlock:
                var code = event.literal
                if code.hasSuffix("\n") { code.removeLast() }
                add(block: "[code]" + BBCodeTags.codeText(code) + "[/code]")
            case .htmlBlock:
                if !isComment(event.literal) { report(.rawHTML, event) }
            case .text:
                add(inline: BBCodeTags.insertingSpaces(into: event.literal, after: plan.insertions[index] ?? []))
            case .softBreak:
                if let top = stack.last, case .paragraph(table: true) = top.kind { add(inline: "\n") } else { add(inline: " ") }
            case .lineBreak:
                add(inline: "\n")
            case .code:
                add(inline: "[code]" + BBCodeTags.codeText(event.literal) + "[/code]")
            case .htmlInline:
                if !isComment(event.literal) { report(.rawHTML, event) }
            case .emphasis, .strong, .link, .image:
                if plan.transparent.contains(index) {
                    // Too deep, or a link without a destination: its text only.
                    if !event.entering, case .image = event.kind {
                        problems.append(Reply.Problem(kind: .image, line: event.line, column: event.column, sent: "its description as text"))
                    }
                    continue
                }
                if event.entering {
                    let kind: Kind
                    switch event.kind {
                    case .emphasis: kind = .emphasis
                    case .strong: kind = .strong
                    case .link(let url): kind = .link(url)
                    case .image(let url): kind = .image(url)
                    default: continue
                    }
                    stack.append(Frame(kind: kind, line: event.line, column: event.column))
                } else if let frame = stack.popLast() {
                    // Tags even around nothing: an empty run must not join the text on its sides.
                    switch frame.kind {
                    case .emphasis: add(inline: "[i]" + frame.text + "[/i]")
                    case .strong: add(inline: "[b]" + frame.text + "[/b]")
                    case .link(let url): add(inline: Self.link(url: url, text: frame.text))
                    case .image(let url):
                        let sent = Self.link(url: url, text: frame.text)
                        problems.append(Reply.Problem(kind: .image, line: frame.line, column: frame.column, sent: sent))
                        add(inline: sent)
                    default: break
                    }
                }
            case .other:
                break
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
    /// their own (`transparent`), which paragraphs are tables, and where a zero-width space
    /// goes into a text node (`insertions`: byte offsets after which one is inserted).
    struct Plan {
        var transparent: Set<Int> = []
        var tables: Set<Int> = []
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
        var table = false
        var lines: SourceLines?
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
                                         line: event.line, column: event.column + at.offset)
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
                    plan.problems.append(Reply.Problem(kind: .unbalancedTag(written), line: event.line, column: event.column + at.offset))
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
                append((table ? "\n" : " ").utf8, event: index, isText: false)
            case .lineBreak:
                append("\n".utf8, event: index, isText: false)
            case .htmlInline:
                break
            case .emphasis, .strong, .link, .image:
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
            case .heading:
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
            case .paragraph:
                flush()
                table = false
                if event.entering, markdown.utf8.contains(UInt8(ascii: "|")) {
                    let source = lines ?? SourceLines(markdown)
                    lines = source
                    if let header = source.tableHeader(from: event.line, to: event.endLine) {
                        table = true
                        plan.tables.insert(index)
                        plan.problems.append(Reply.Problem(kind: .table, line: header.line, column: header.column, sent: "its rows as lines of text"))
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
