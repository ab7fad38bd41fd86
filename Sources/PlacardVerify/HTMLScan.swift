import PlacardSystem

/// The parts of an HTML page the verifier cares about, found in one pass over its bytes.
///
/// Exists because a full HTML parser is neither needed nor fast enough for 10,000 pages:
/// the checks only need tags with a few attributes (with their byte offsets, for
/// `line:column`), and the text of inline scripts. Comments and `<style>` are skipped.
struct HTMLScan: Sendable {
    /// An attribute value with the offset of its first byte.
    struct Value: Sendable {
        var text: String
        var offset: Int
    }

    /// A `href`, `src`, `poster` or `srcset` candidate URL on some element.
    struct Reference: Sendable {
        var tag: String
        var url: Value
        /// `<script src>`: must be local unless it is the BX24 library.
        var isScript: Bool { tag == "script" }
        /// For a script: whether a browser runs it — not inside an inert `<template>` or a
        /// `<noscript>`, not `nomodule`, and of a JavaScript type (none, a JavaScript MIME type, or `module`).
        var runs = true
        /// The `integrity` attribute of the same `<script>`/`<link>`.
        var integrity: Value?
    }

    /// `content` of every `<meta name="b24-placement">` (offset of the `<meta` tag when it has none).
    var placementMetas: [Value] = []
    var references: [Reference] = []
    var optionKeys: [Value] = []
    var ifKeys: [Value] = []
    /// Every `id`, and every `name` of an `<a>`: what a `#fragment` of a link to this page can name.
    var ids: Set<String> = []
    /// Links (`<a href>`, `<area href>`) with what decides where they open.
    struct Link: Sendable {
        var href: Value
        var target: String?
        var rel: String?
    }
    var links: [Link] = []
    /// Byte ranges of inline `<script>` bodies.
    var inlineScripts: [Range<Int>] = []
    /// Open `<template>` and `<noscript>` elements around the current position: what is inside
    /// them is not run.
    private var inertDepth = 0

    static func scan(_ bytes: [UInt8]) -> HTMLScan {
        var scan = HTMLScan()
        bytes.withUnsafeBufferPointer { scan.run($0) }
        return scan
    }

    private mutating func run(_ p: UnsafeBufferPointer<UInt8>) {
        let n = p.count
        var i = 0
        while i < n {
            guard p[i] == UInt8(ascii: "<") else { i = Self.next(p, UInt8(ascii: "<"), from: i); continue }
            let tagStart = i
            if i + 3 < n, p[i + 1] == UInt8(ascii: "!"), p[i + 2] == UInt8(ascii: "-"), p[i + 3] == UInt8(ascii: "-") {
                i = Self.find(p, [0x2D, 0x2D, 0x3E], from: i + 4).map { $0 + 3 } ?? n
                continue
            }
            guard i + 1 < n else { break }
            let next = p[i + 1]
            if next == UInt8(ascii: "/"), i + 2 < n, Self.isLetter(p[i + 2]) {
                var j = i + 2
                while j < n, !Self.isSpace(p[j]), p[j] != UInt8(ascii: ">"), p[j] != UInt8(ascii: "/") { j += 1 }
                if Self.isInert(p, i + 2..<j) { inertDepth = max(0, inertDepth - 1) }
            }
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || next == UInt8(ascii: "/") {
                i = Self.skipTo(p, UInt8(ascii: ">"), from: i + 1)
                continue
            }
            guard Self.isLetter(next) else { i += 1; continue }
            var j = i + 1
            while j < n, !Self.isSpace(p[j]), p[j] != UInt8(ascii: ">"), p[j] != UInt8(ascii: "/") { j += 1 }
            let name = Self.lowerASCII(p, i + 1..<j)
            let known = Known(p, i + 1..<j)
            let (end, hasSource) = tag(p, name: name, known: known, start: tagStart, from: j)
            if Self.isInert(p, i + 1..<j) { inertDepth += 1 }
            i = end
            if known == .script || known == .style {
                let close = Self.findClose(p, name: name, from: i)
                if known == .script, !hasSource, close > i { inlineScripts.append(i..<close) }
                i = close
            }
        }
    }

    /// Parses the attributes of the tag `name` from `from`; returns the offset after `>` and
    /// whether the tag has a `src` attribute.
    /// The tags whose names `tag` and `run` compare against, packed as `SearchText` packs them
    /// (the name's bytes, lowercased, in one number): a comparison of numbers per tag, not of
    /// strings.
    private enum Known: UInt64 {
        case a = 0x61, area = 0x6172_6561, meta = 0x6D65_7461, link = 0x6C69_6E6B
        case script = 0x7363_7269_7074, style = 0x73_7479_6C65

        init?(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            guard range.count <= 6 else { return nil }
            var value: UInt64 = 0
            for k in range { value = value << 8 | UInt64(p[k] >= 0x41 && p[k] <= 0x5A ? p[k] | 0x20 : p[k]) }
            self.init(rawValue: value)
        }
    }

    private mutating func tag(_ p: UnsafeBufferPointer<UInt8>, name: String, known: Known?, start: Int, from: Int) -> (Int, Bool) {
        let n = p.count
        var metaName: String?
        var content: Value?
        var integrity: Value?
        var urls: [Value] = []
        var hasSource = false
        var type: String?
        var noModule = false
        var href: Value?, target: String?, rel: String?, rawName: String?
        let close = HTMLAttributes.scan(p, from: from) { token in
            let attribute = token.name
            let value = token.value
            guard let kind = Self.interesting(p, attribute) else { return }
            let text = value.map { Self.decode(p, $0) } ?? ""
            let found = Value(text: text, offset: value?.lowerBound ?? attribute.lowerBound)
            switch kind {
            case .url:
                urls.append(found)
                if attribute.count == 4 { href = found } // `href`
                if attribute.count == 3 { hasSource = true } // `src`
            case .srcset: urls += Self.srcsetCandidates(found)
            case .integrity: integrity = found
            case .name: metaName = text.lowercased(); rawName = text
            case .id: if !text.isEmpty { ids.insert(text) }
            case .target: target = text
            case .rel: rel = text
            case .content: content = found
            case .option: optionKeys.append(found)
            case .condition: ifKeys.append(found)
            case .type: type = text
            case .noModule: noModule = true
            }
        }
        if known == .a, let rawName, !rawName.isEmpty { ids.insert(rawName) }
        if known == .a || known == .area, let href { links.append(Link(href: href, target: target, rel: rel)) }
        if known == .meta, metaName == "b24-placement" {
            placementMetas.append(content ?? Value(text: "", offset: start))
        }
        let carriesIntegrity = known == .script || known == .link
        // `nomodule`: browsers that run modules (every one the messenger supports) skip it.
        let runs = known != .script || (inertDepth == 0 && !noModule && Self.isJavaScript(type: type))
        for url in urls {
            references.append(Reference(tag: name, url: url, runs: runs, integrity: carriesIntegrity ? integrity : nil))
        }
        return (min(close + 1, n), hasSource)
    }

    private enum Attribute { case url, srcset, integrity, name, content, option, condition, type, noModule, id, target, rel }

    /// Elements whose content is not run: a `<template>`'s content is inert, and with scripting
    /// on a `<noscript>`'s content is text.
    static let inertElements: Set<String> = ["template", "noscript"]

    /// Whether the tag name at `range` is one of `inertElements`, in any case, read in place
    /// (every tag of every page is asked).
    static func isInert(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count == 8 else { return false } // both names have 8 letters
        return inertElements.contains(lowerASCII(p, range))
    }

    /// Whether a `<script type>` is run as a script (HTML's "JavaScript MIME type essence
    /// match", or `module`); no type or an empty one is JavaScript.
    static func isJavaScript(type: String?) -> Bool {
        guard let raw = type?.trimmingASCIIWhitespace.lowercased(), !raw.isEmpty else { return true }
        let essence = raw.split(separator: ";").first.map { String($0).trimmingASCIIWhitespace } ?? raw
        if essence == "module" { return true }
        let types: Set<String> = ["application/ecmascript", "application/javascript", "application/x-ecmascript", "application/x-javascript",
                                  "text/ecmascript", "text/javascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
                                  "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
                                  "text/x-ecmascript", "text/x-javascript"]
        return types.contains(essence)
    }

    private static let attributes: [([UInt8], Attribute)] = {
        let table: [(String, Attribute)] = [
            ("href", .url), ("src", .url), ("poster", .url), ("srcset", .srcset), ("integrity", .integrity),
            ("name", .name), ("content", .content), ("data-b24-option", .option), ("data-b24-if", .condition), ("type", .type), ("nomodule", .noModule),
            ("id", .id), ("target", .target), ("rel", .rel),
            // The page list the runtime loads for the navigation: a reference like any other.
            ("data-placard-nav", .url), ("data-placard-search", .url),
        ]
        return table.map { (Array($0.0.utf8), $0.1) }
    }()

    /// Bit `n` set: some name in `attributes` has `n` letters.
    private static let attributeLengths: UInt64 = {
        attributes.reduce(0) { $0 | 1 << UInt64($1.0.count) }
    }()

    private static func interesting(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Attribute? {
        // Most attributes (`class`, `aria-*`, …) have a length no name here has.
        guard range.count < 64, attributeLengths >> UInt64(range.count) & 1 != 0 else { return nil }
        outer: for (name, kind) in attributes where name.count == range.count {
            for (k, byte) in name.enumerated() where p[range.lowerBound + k] | 0x20 != byte { continue outer }
            return kind
        }
        return nil
    }

    /// `a.png 1x, b.png 2x` → the URLs with their offsets.
    private static func srcsetCandidates(_ value: Value) -> [Value] {
        var result: [Value] = []
        let scalars = Array(value.text.utf8)
        var i = 0
        while i < scalars.count {
            while i < scalars.count, isSpace(scalars[i]) || scalars[i] == UInt8(ascii: ",") { i += 1 }
            let start = i
            while i < scalars.count, !isSpace(scalars[i]) { i += 1 }
            var end = i
            if end > start, scalars[end - 1] == UInt8(ascii: ",") { end -= 1 }
            if end > start { result.append(Value(text: String(decoding: scalars[start..<end], as: UTF8.self), offset: value.offset + start)) }
            while i < scalars.count, scalars[i] != UInt8(ascii: ",") { i += 1 }
        }
        return result
    }

    /// The attribute text with the character references URLs and keys use decoded.
    private static func decode(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
        guard p[range].contains(UInt8(ascii: "&")) else { return raw }
        var out = raw
        for (entity, text) in [("&quot;", "\""), ("&#34;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&apos;", "'"),
                               ("&lt;", "<"), ("&gt;", ">"), ("&#47;", "/"), ("&amp;", "&")] {
            out = out.replacingAll(entity, with: text)
        }
        return out
    }

    // MARK: Byte helpers

    static func isSpace(_ b: UInt8) -> Bool { HTMLAttributes.isSpace(b) }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    static func lowerASCII(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let bytes = UnsafeBufferPointer(rebasing: p[range])
        // Already lowercase (nearly every tag and attribute name): no intermediate array.
        guard bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Offset just after the next `byte` at or after `from`, or the end.
    static func skipTo(_ p: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from: Int) -> Int {
        min(next(p, byte, from: from) + 1, p.count)
    }

    /// Offset of the next `byte` at or after `from` (found with memchr), or the end.
    static func next(_ p: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from: Int) -> Int {
        p.index(of: byte, from: from) ?? p.count
    }

    static func find(_ p: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, p.count >= needle.count else { return nil }
        var i = from
        let last = p.count - needle.count
        while i <= last {
            if p[i] == needle[0] {
                var k = 1
                while k < needle.count, p[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Offset of `</name` (any case) at or after `from`, or the end.
    static func findClose(_ p: UnsafeBufferPointer<UInt8>, name: String, from: Int) -> Int {
        let needle = Array(name.utf8)
        var i = from
        while i + 1 + needle.count < p.count {
            if p[i] == UInt8(ascii: "<"), p[i + 1] == UInt8(ascii: "/") {
                var k = 0
                while k < needle.count, p[i + 2 + k] | 0x20 == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return p.count
    }
}

extension String {
    /// Plain substring replacement without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, firstRange(of: target) != nil else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
