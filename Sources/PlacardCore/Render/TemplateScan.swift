/// The tags of one Mustache template as swift-mustache's parser finds them, read without
/// parsing: section nesting, partial and parent references with their positions.
///
/// Exists because swift-mustache recurses once per nested section or parent, both while
/// parsing and while rendering, and follows partials and parents without looking back: a
/// template 4,000 sections deep overflows the stack while it is parsed, and a partial that
/// includes itself renders forever. Placard reads the tags first, with the same rules as
/// swift-mustache (the same delimiters, set-delimiter tags, comments, whitespace), so it
/// can refuse such templates before swift-mustache sees them. It works on `Character`s,
/// as swift-mustache does, so a tag is a tag to both or to neither.
struct TemplateScan {
    /// Sections, inverted sections, parents and blocks may nest this deep in one template,
    /// and this deep counting through the partials and parents a template includes. A
    /// debug build takes about 6 KB of stack per level while rendering (a self-including
    /// partial died after some 1,400 levels in 8 MB): 64 levels stay well inside the
    /// 512 KB of a secondary thread on macOS, where pages are rendered too.
    static let maxDepth = 64
    /// Templates larger than this many bytes (UTF-8) are refused without being parsed.
    static let maxBytes = 1 << 20

    /// A `{{>name}}` or `{{<name}}` tag: an edge of `TemplateGraph`, and the place its
    /// findings (missing, dynamic, cycle, too deep) point at.
    struct Reference: Equatable {
        var name: String
        var isParent: Bool
        /// `{{>*name}}` / `{{<*name}}`: the name is looked up in the context while rendering.
        var isDynamic: Bool
        /// Where the tag's `{{` is, 1-based.
        var line, column: Int
        /// Sections, parents and blocks open around the tag.
        var depth: Int
        /// `{{#…}}` sections open around the tag (they may push a context frame; parents,
        /// blocks and inverted sections never do).
        var sections = 0
        /// The block override (`{{$name}}` directly inside `{{<parent}}`) the tag is in, if any.
        var override: String?
        /// Only whitespace before the tag on its line: swift-mustache indents what a
        /// standalone partial renders by that whitespace.
        var indented = false
    }

    /// Where a tag first opens a level beyond `maxDepth`: the position of the error, and
    /// the sign that the text must not be handed to swift-mustache.
    struct TooDeep: Equatable {
        var line: Int
        var column: Int
    }

    /// A tag that names a value, a section or a block, in template order: what
    /// `TemplateNames` checks against the page context.
    struct NameTag: Equatable {
        enum Kind { case variable, section, inverted, block, parent, close }
        var kind: Kind
        var name: String
        /// Where the tag's `{{` is, 1-based.
        var line, column: Int
        /// `{{#…}}` sections open around the tag.
        var sections = 0
        /// A block tag directly inside a parent tag: an override, not a place a block is rendered.
        var isOverride = false
    }

    var references: [Reference] = []
    var names: [NameTag] = []
    /// The deepest nesting of sections, parents and blocks (including a parent's own level).
    var depth = 0
    var tooDeep: TooDeep?

    init(_ text: String, maxDepth: Int = TemplateScan.maxDepth) {
        let chars = Array(text)
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]
        var line = 1, lineStart = 0, i = 0
        var open = 0
        /// The type character of each open tag (`#`, `^`, `$`, `<`), innermost last.
        var kinds: [Character] = []
        /// For each open tag, the block name when it is an override (a block directly in a parent).
        var overrideNames: [String?] = []
        var sections: Int { kinds.lazy.filter { $0 == "#" }.count }
        /// The innermost block override open around the current tag.
        func override() -> String? {
            guard let k = kinds.indices.last(where: { kinds[$0] == "$" && $0 > 0 && kinds[$0 - 1] == "<" }) else { return nil }
            return overrideNames[k]
        }

        func matches(_ delimiter: [Character], at index: Int) -> Bool {
            guard index + delimiter.count <= chars.count else { return false }
            for k in delimiter.indices where chars[index + k] != delimiter[k] { return false }
            return true
        }
        /// The index of the next `end` delimiter at or after `from`, or nil.
        func findEnd(_ from: Int) -> Int? {
            var k = from
            while k < chars.count {
                if matches(end, at: k) { return k }
                k += 1
            }
            return nil
        }
        func isLineBreak(_ c: Character) -> Bool { c == "\n" || c == "\r\n" }
        /// Moves `i` to `target`, counting the lines passed.
        func advance(to target: Int) {
            while i < target {
                if isLineBreak(chars[i]) { line += 1; lineStart = i + 1 }
                i += 1
            }
        }

        while i < chars.count {
            guard matches(start, at: i) else { advance(to: i + 1); continue }
            let tagLine = line, tagColumn = i - lineStart + 1
            let typeIndex = i + start.count
            guard typeIndex < chars.count else { break }
            let type = chars[typeIndex]
            if type == "=" {
                // `{{=<% %>=}}`: whitespace, start, whitespace, end (up to `=` or whitespace),
                // whitespace, `=`, then the current end delimiter.
                var k = typeIndex + 1
                while k < chars.count, chars[k].isWhitespace { k += 1 }
                let newStart = k
                while k < chars.count, !chars[k].isWhitespace { k += 1 }
                let startText = Array(chars[newStart..<k])
                while k < chars.count, chars[k].isWhitespace { k += 1 }
                let newEnd = k
                while k < chars.count, chars[k] != "=", !chars[k].isWhitespace { k += 1 }
                let endText = Array(chars[newEnd..<k])
                while k < chars.count, chars[k].isWhitespace { k += 1 }
                // Not well formed: swift-mustache stops with an error here, and so does the scan.
                guard k < chars.count, chars[k] == "=", matches(end, at: k + 1), !startText.isEmpty, !endText.isEmpty else { break }
                advance(to: k + 1 + end.count)
                start = startText
                end = endText
                continue
            }
            // A variable's name starts at the type character; every other tag's after it.
            let contentStart = "#^$</>{&!%".contains(type) ? typeIndex + 1 : typeIndex
            guard let close = findEnd(contentStart) else { break } // an unclosed tag: a syntax error
            let content = String(chars[contentStart..<close])
            var after = close + end.count
            let kind: NameTag.Kind? = switch type {
            case "#": .section
            case "^": .inverted
            case "$": .block
            case "<": .parent
            case "/": .close
            case ">", "!", "%": nil
            default: .variable
            }
            if let kind {
                names.append(NameTag(kind: kind, name: content.trimmingWhitespace, line: tagLine, column: tagColumn, sections: sections,
                                     isOverride: type == "$" && kinds.last == "<"))
            }
            let indented = i > lineStart && chars[lineStart..<i].allSatisfy { $0 == " " || $0 == "\t" }
            switch type {
            case "#", "^", "$":
                open += 1
                kinds.append(type)
                overrideNames.append(type == "$" && kinds.dropLast().last == "<" ? content.trimmingWhitespace : nil)
            case "<":
                open += 1
                let name = content.trimmingWhitespace
                references.append(Reference(name: name.hasPrefix("*") ? String(name.dropFirst()) : name, isParent: true,
                                            isDynamic: name.hasPrefix("*"), line: tagLine, column: tagColumn, depth: open - 1,
                                            sections: sections, override: override(), indented: indented))
                kinds.append(type)
                overrideNames.append(nil)
            case "/":
                open -= 1
                if open < 0 { return } // a close without a section: swift-mustache stops here
                kinds.removeLast()
                overrideNames.removeLast()
            case ">":
                var name = Substring(content)
                while let first = name.first, first.isWhitespace { name = name.dropFirst() }
                let isDynamic = name.first == "*"
                if isDynamic { name = name.dropFirst() }
                references.append(Reference(name: String(name).trimmingWhitespace, isParent: false, isDynamic: isDynamic,
                                            line: tagLine, column: tagColumn, depth: open, sections: sections, override: override(),
                                            indented: indented))
            case "{":
                if after < chars.count, chars[after] == "}" { after += 1 }
            default:
                break // comments, variables, pragmas
            }
            if open > depth {
                depth = open
                if open > maxDepth, tooDeep == nil {
                    tooDeep = TooDeep(line: tagLine, column: tagColumn)
                    return // swift-mustache must not see it; nothing after this matters
                }
            }
            advance(to: after)
        }
    }
}

extension TemplateScan {
    /// The first `{{/name}}` whose name is not the one of the innermost open section,
    /// inverted section, block or parent, with that open tag: what a "closed with the wrong
    /// name" error names.
    var mismatchedClose: (open: NameTag, close: NameTag)? {
        var open: [NameTag] = []
        for tag in names {
            switch tag.kind {
            case .section, .inverted, .block, .parent:
                open.append(tag)
            case .close:
                guard let top = open.popLast() else { return nil }
                if top.name != tag.name { return (top, tag) }
            case .variable:
                break
            }
        }
        return nil
    }
}

extension String {
    /// The text without leading and trailing `Character.isWhitespace` (what swift-mustache
    /// skips around a name).
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
