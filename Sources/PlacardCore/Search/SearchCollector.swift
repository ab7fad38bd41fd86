import PlacardSystem

/// What the index of one widget in one language holds while pages arrive: each page's
/// terms with their weights, and its title.
///
/// Kept between serve's runs (`BuildMemory.search`), so a rebuild of some pages replaces
/// their entries and writes again only the chunks and maps that changed.
package struct SearchLanguageState: Sendable {
    /// The widget's terms in this language, by id.
    var terms = TermTable(capacity: 4096)
    /// Per page id: (term id << 8 | weight) of each of its terms; nil until it arrives.
    var pages: [[UInt64]?]
    /// Per page id: the title a result shows; nil until the page arrives.
    var titles: [String?]
    /// Output paths of the index's files (chunks, maps) after the last run: what a later
    /// run need not write again, or deletes when they are no longer named.
    var files: Set<String> = []

    init(pages count: Int) {
        pages = Array(repeating: nil, count: count)
        titles = Array(repeating: nil, count: count)
    }
}

/// Receives the text of each rendered page (from any rendering thread) and makes the
/// chunks, maps and entries at the end.
///
/// Exists so that the index costs the build one pass over text it already has: the body
/// HTML of each page version becomes plain text once (`SearchText.plainText`), its terms
/// are counted outside the lock, and only term ids, weights and the title are kept per
/// page. The text itself is not kept, nor written: the browser cuts excerpts from the
/// pages it shows as results (docs/search.md).
package final class SearchCollector: Sendable {
    let plan: SearchPlan
    /// Widget id → language → state.
    let states: Locked<[String: [String: SearchLanguageState]]>

    /// A collector for the widgets of `plan`; `kept` is the state of an earlier run for
    /// widgets rendered in part (their other pages are not rendered again).
    package init(plan: SearchPlan, kept: [String: [String: SearchLanguageState]] = [:]) {
        self.plan = plan
        var states: [String: [String: SearchLanguageState]] = [:]
        for (id, widget) in plan.widgets {
            for (language, slugs) in widget.slugs {
                if let old = kept[id]?[language], old.pages.count == slugs.count {
                    states[id, default: [:]][language] = old
                } else {
                    states[id, default: [:]][language] = SearchLanguageState(pages: slugs.count)
                }
            }
        }
        self.states = Locked(states)
    }

    /// Takes in one rendered page's versions.
    package func add(widget id: String, slug: String, documents: [SearchDocument]) {
        guard let widget = plan.widgets[id] else { return }
        for document in documents {
            guard let pageID = widget.ids[document.language]?[slug] else { continue }
            let (terms, weights) = Self.count(document)
            states.withLock { all in
                guard var state = all[id]?[document.language] else { return }
                all[id]![document.language] = nil // no copy of the state while it changes
                var entries: [UInt64] = []
                entries.reserveCapacity(terms.count)
                for term in 0..<terms.count {
                    let global = terms.withTerm(term) { state.terms.insert($0, hash: terms.hashes[term]).id }
                    entries.append(UInt64(global) << 8 | UInt64(weights[term]))
                }
                state.pages[pageID] = entries
                state.titles[pageID] = document.title
                all[id]![document.language] = state
            }
        }
    }

    /// The chunks, maps and entry of every widget of the plan, the states to keep, and
    /// `stale`: the files of kept indexes that the new ones no longer name (serve deletes them).
    package func finish() -> (files: [OutputFile], states: [String: [String: SearchLanguageState]], stale: [String]) {
        let all = states.current
        var kept = all
        var files: [OutputFile] = [], stale: [String] = []
        for id in plan.widgets.keys.sorted() {
            guard let widget = plan.widgets[id] else { continue }
            var entry: [(String, [UInt8])] = []
            for language in (all[id] ?? [:]).keys.sorted() {
                var state = all[id]![language]!
                let base = id + "/search/" + language + "/"
                let chunks = Self.chunks(state)
                let maps = Self.maps(state, paths: (widget.slugs[language] ?? []).map { widget.paths[$0] ?? "" })
                // Named by their content: a file the last run wrote under the same name is there.
                for file in chunks.map(\.file) + maps where !state.files.contains(base + file.name) {
                    files.append(OutputFile(path: base + file.name, content: .bytes(file.bytes)))
                }
                let current = Set(chunks.map { base + $0.file.name } + maps.map { base + $0.name })
                stale += state.files.subtracting(current)
                state.files = current
                entry.append((language, Self.entryLanguage(pages: state.pages.count, chunks: chunks, maps: maps)))
                kept[id]![language] = state
            }
            var json = Array(#"{"version":\#(SearchIndex.version),"map":\#(SearchIndex.mapPages),"languages":{"#.utf8)
            for (i, (language, bytes)) in entry.enumerated() {
                if i > 0 { json.append(UInt8(ascii: ",")) }
                NavIndex.appendString(language, to: &json)
                json.append(UInt8(ascii: ":"))
                json += bytes
            }
            json += Array("}}\n".utf8)
            files.append(OutputFile(path: id + "/" + SearchIndex.entryName, content: .bytes(json)))
        }
        return (files, kept, stale.sorted())
    }

    // MARK: - Encoding

    /// A page's terms (in the order they first occur) with their weight classes
    /// (`SearchEncoding.scores`): 3 for a term of the title, else 2 for four or more
    /// occurrences, 1 for two or three, 0 for one.
    static func count(_ document: SearchDocument) -> (terms: TermTable, weights: [UInt8]) {
        var terms = TermTable(capacity: 256)
        var counts: [Int] = []
        SearchText.forEachTermBytes(html: document.html) { term in
            let (id, isNew) = terms.insert(term, hash: TermTable.hash(term))
            if isNew { counts.append(1) } else { counts[id] += 1 }
        }
        var weights = counts.map { UInt8($0 >= 4 ? 2 : $0 >= 2 ? 1 : 0) }
        SearchText.forEachTermBytes(document.title) { term in
            let (id, isNew) = terms.insert(term, hash: TermTable.hash(term))
            if isNew { weights.append(3) } else { weights[id] = 3 }
        }
        return (terms, weights)
    }

    /// `t.0123456789.txt` → `0123456789`.
    static func hash(of name: String) -> String {
        let parts = name.split(separator: ".")
        return parts.count == 3 ? String(parts[1]) : ""
    }

    /// The term chunks of a state, each with its first term.
    static func chunks(_ state: SearchLanguageState) -> [(first: String, file: SearchIndex.Named)] {
        // Postings per term, laid down in page order: counts first, then one pass.
        var counts = [Int](repeating: 0, count: state.terms.count)
        for page in state.pages { for entry in page ?? [] { counts[Int(entry >> 8)] += 1 } }
        var postings = counts.map { ContiguousArray<UInt32>(unsafeUninitializedCapacity: $0) { _, n in n = 0 } }
        var weights = counts.map { [UInt8](unsafeUninitializedCapacity: $0) { _, n in n = 0 } }
        for (pageID, page) in state.pages.enumerated() {
            for entry in page ?? [] {
                let term = Int(entry >> 8)
                postings[term].append(UInt32(pageID))
                weights[term].append(UInt8(entry & 0xFF))
            }
        }
        let names = (0..<state.terms.count).map { counts[$0] > 0 ? state.terms.term($0) : "" }
        // In UTF-16 order, as JavaScript compares the chunks' first terms; the code units are
        // taken out once, not walked in every comparison.
        let units = names.map { Array($0.utf16) }
        let order = names.indices.filter { counts[$0] > 0 }
            .sorted { units[$0].lexicographicallyPrecedes(units[$1]) }
        var chunks: [(first: String, file: SearchIndex.Named)] = []
        var current: [UInt8] = [], first = ""
        current.reserveCapacity(SearchIndex.chunkTarget * 2)
        for term in order {
            if current.isEmpty { first = names[term] }
            SearchEncoding.appendLine(term: names[term], pages: postings[term], weights: weights[term], to: &current)
            if current.count >= SearchIndex.chunkTarget {
                chunks.append((first, SearchIndex.Named(stem: "t", extension: "txt", bytes: current)))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { chunks.append((first, SearchIndex.Named(stem: "t", extension: "txt", bytes: current))) }
        return chunks
    }

    /// The page maps: per page id, `path TAB title`, `mapPages` pages per map (a page that
    /// did not arrive, because it failed, has an empty title).
    static func maps(_ state: SearchLanguageState, paths: [String]) -> [SearchIndex.Named] {
        var maps: [SearchIndex.Named] = []
        var start = 0
        while start < state.pages.count {
            let end = min(start + SearchIndex.mapPages, state.pages.count)
            var bytes: [UInt8] = []
            for page in start..<end {
                bytes += Array((page < paths.count ? paths[page] : "").utf8)
                bytes.append(0x09)
                // A title is one line of text: tabs and line ends become spaces.
                for byte in (state.titles[page] ?? "").utf8 { bytes.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
                bytes.append(0x0A)
            }
            maps.append(SearchIndex.Named(stem: "m", extension: "txt", bytes: bytes))
            start = end
        }
        return maps
    }

    /// `{"pages":n,"chunks":[[first,hash],…],"maps":[hash,…]}`.
    static func entryLanguage(pages: Int, chunks: [(first: String, file: SearchIndex.Named)], maps: [SearchIndex.Named]) -> [UInt8] {
        var json = Array(#"{"pages":\#(pages),"chunks":["#.utf8)
        for (i, chunk) in chunks.enumerated() {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "["))
            NavIndex.appendString(i == 0 ? "" : chunk.first, to: &json)
            json.append(UInt8(ascii: ","))
            NavIndex.appendString(hash(of: chunk.file.name), to: &json)
            json.append(UInt8(ascii: "]"))
        }
        json += Array(#"],"maps":["#.utf8)
        for (i, map) in maps.enumerated() {
            if i > 0 { json.append(UInt8(ascii: ",")) }
            NavIndex.appendString(hash(of: map.name), to: &json)
        }
        json += Array("]}".utf8)
        return json
    }
}

/// The line format of term chunks, which `search.js` decodes.
///
/// `term TAB deltas TAB weights LF`. Page ids ascend; each is written as the distance to
/// the one before (the first: to -1) minus one, in groups of 5 bits, most significant
/// first: every group but the last as one of `continuation`, the last as one of `digits`.
/// Weights are 2-bit classes (`scores`), three per character of `packed` (the first page in
/// the lowest bits); a line whose pages all have class 0 leaves the field empty.
package enum SearchEncoding {
    package static let digits = Array("0123456789abcdefghijklmnopqrstuv".utf8)
    package static let continuation = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*".utf8)
    package static let packed = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".utf8)
    /// What a weight class adds to a page's score (an exact word counts twice).
    package static let scores = [1, 2, 3, 8]

    static func appendLine(term: String, pages: ContiguousArray<UInt32>, weights: [UInt8], to out: inout [UInt8]) {
        out += Array(term.utf8)
        out.append(0x09)
        var previous: Int64 = -1
        for page in pages {
            appendNumber(UInt32(Int64(page) - previous - 1), to: &out)
            previous = Int64(page)
        }
        out.append(0x09)
        if weights.contains(where: { $0 != 0 }) {
            var i = 0
            while i < weights.count {
                var value = 0
                for k in 0..<3 where i + k < weights.count { value |= Int(weights[i + k] & 3) << (2 * k) }
                out.append(packed[value])
                i += 3
            }
        }
        out.append(0x0A)
    }

    /// The weight class of the `index`-th page of a line's weights field.
    package static func weight(_ field: some Collection<UInt8>, at index: Int) -> Int {
        guard !field.isEmpty else { return 0 }
        let position = field.index(field.startIndex, offsetBy: index / 3, limitedBy: field.endIndex) ?? field.endIndex
        guard position < field.endIndex, let value = packed.firstIndex(of: field[position]) else { return 0 }
        return (value >> (2 * (index % 3))) & 3
    }

    package static func appendNumber(_ value: UInt32, to out: inout [UInt8]) {
        var groups: [UInt8] = []
        var v = value
        repeat {
            groups.append(UInt8(v & 31))
            v >>= 5
        } while v > 0
        for (i, group) in groups.reversed().enumerated() {
            out.append(i == groups.count - 1 ? digits[Int(group)] : continuation[Int(group)])
        }
    }

    /// Decodes a deltas field (for tests and verify): nil when it is malformed.
    package static func decodePages(_ field: some Sequence<UInt8>) -> [Int]? {
        var result: [Int] = [], value = 0, previous = -1, open = false
        for byte in field {
            if let d = digits.firstIndex(of: byte) {
                value = value << 5 | d
                previous += value + 1
                result.append(previous)
                (value, open) = (0, false)
            } else if let c = continuation.firstIndex(of: byte) {
                value = value << 5 | c
                open = true
                guard value < 1 << 32 else { return nil }
            } else {
                return nil
            }
        }
        return open ? nil : result
    }
}
