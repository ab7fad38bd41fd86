internal import CCmark
import PlacardSystem

/// Makes cmark's emphasis see tildes the way GitHub's parser does, before cmark parses.
///
/// Exists because GitHub's strikethrough changes two things cmark cannot be told about:
/// when `*` or `_` decides whether it opens or closes, it looks past any tildes next to it
/// (in `**~~old~~**now` the `**` closes), and `\~` is an escaped tilde that never
/// strikes — but cmark merges it into the text around it. So, on pages with a tilde, each
/// run of one or two tildes next to a `*` or `_` is written as stand-in characters that cmark's
/// flanking rules read like the character beyond the run (a space, a punctuation mark or
/// a letter), and each `\~` as one more stand-in; the strikethrough pass reads them as
/// tildes, and `restore` writes the tildes back into every node.
enum TildeMask {
    /// Stand-ins for a tilde that reads as a letter, a punctuation mark, a space; and an escaped tilde.
    static let letter: Unicode.Scalar = "\u{E001}", punctuation: Unicode.Scalar = "\u{2E2E}", space: Unicode.Scalar = "\u{2007}"
    /// An escaped tilde reads as punctuation on both sides, as the backslash before it would.
    static let escaped: Unicode.Scalar = "\u{2E41}"

    static func isTilde(_ s: Unicode.Scalar) -> Bool { s == "~" || s == letter || s == punctuation || s == space }

    /// The text with its tildes masked, or nil when nothing needs it (or the text already
    /// holds a stand-in, when it is left alone).
    static func mask(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        if scalars.contains(where: { $0 == letter || $0 == punctuation || $0 == space || $0 == escaped }) { return nil }
        var out = String.UnicodeScalarView()
        var changed = false
        var i = 0
        func isDelimiter(_ k: Int) -> Bool { k >= 0 && k < scalars.count && (scalars[k] == "*" || scalars[k] == "_") }
        // Whether only indentation, quote markers or list markers precede `k` on its line.
        func startsLine(_ k: Int) -> Bool {
            var m = k - 1
            while m >= 0, scalars[m] != "\n" {
                guard " \t>-*+.)0123456789".unicodeScalars.contains(scalars[m]) else { return false }
                m -= 1
            }
            return true
        }
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\", i + 1 < scalars.count {
                let next = scalars[i + 1]
                if next == "~" {
                    out.append(escaped)
                    changed = true
                    i += 2
                    continue
                }
                out.append(c)
                if next.isASCII, next.isPunctuation { out.append(next); i += 2 } else { i += 1 }
                continue
            }
            guard c == "~" else { out.append(c); i += 1; continue }
            var j = i
            while j < scalars.count, scalars[j] == "~" { j += 1 }
            // A run of three or more never strikes, and at the start of a line may be a code fence.
            guard isDelimiter(i - 1) || isDelimiter(j), j - i <= 2 || !startsLine(i) else {
                for _ in i..<j { out.append("~") }
                i = j
                continue
            }
            let before = i > 0 ? scalars[i - 1] : "\n", after = j < scalars.count ? scalars[j] : "\n"
            let asBefore = standIn(before), asAfter = standIn(after)
            if j - i == 1 {
                out.append(isDelimiter(j) ? asBefore : asAfter)
            } else {
                out.append(asAfter)
                for _ in 0..<(j - i - 2) { out.append(letter) }
                out.append(asBefore)
            }
            changed = true
            i = j
        }
        return changed ? String(out) : nil
    }

    private static func standIn(_ s: Unicode.Scalar) -> Unicode.Scalar {
        s.isSpace || s == "\n" ? space : s.isPunctuation ? punctuation : letter
    }

    /// Writes the tildes back into every node of `document` (`\~` stays `\~` in code and HTML).
    static func restore(_ document: CMarkNode.Node) {
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        var nodes: [CMarkNode.Node] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            nodes.append(node)
        }
        for node in nodes {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT:
                if let fixed = restored(CMarkNode.literal(node), escapedAs: "~") { _ = cmark_node_set_literal(node, fixed) }
            case CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
                if let fixed = restored(CMarkNode.literal(node), escapedAs: "\\~") { _ = cmark_node_set_literal(node, fixed) }
                if cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK, let info = restored(CMarkNode.string(cmark_node_get_fence_info(node)), escapedAs: "~") {
                    _ = cmark_node_set_fence_info(node, info)
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if let url = restored(CMarkNode.string(cmark_node_get_url(node)), escapedAs: "~") { _ = cmark_node_set_url(node, url) }
                if let title = restored(CMarkNode.string(cmark_node_get_title(node)), escapedAs: "~") { _ = cmark_node_set_title(node, title) }
            default:
                break
            }
        }
    }

    private static func restored(_ text: String, escapedAs escape: String) -> String? {
        guard text.unicodeScalars.contains(where: { $0 == letter || $0 == punctuation || $0 == space || $0 == escaped }) else { return nil }
        var out = ""
        for s in text.unicodeScalars {
            if s == escaped { out += escape } else if s == letter || s == punctuation || s == space { out += "~" } else { out.unicodeScalars.append(s) }
        }
        return out
    }
}
