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
    /// Per page id: the counter whose ids its entries hold until `finish` maps them to
    /// `terms`' (-1: they already are `terms`' ids).
    var owners: [Int32]
    /// Per page id: the title a result shows; nil until the page arrives.
    var titles: [String?]
    /// Output paths of the index's files (chunks, maps) after the last run: what a later
    /// run need not write again, or deletes when they are no longer named.
    var files: Set<String> = []

    init(pages count: Int) {
        pages = Array(repeating: nil, count: count)
        owners = Array(repeating: -1, count: count)
        titles = Array(repeating: nil, count: count)
    }

    /// Keeps what a counter found on page `page`.
    mutating func record(page: Int, entries: [UInt64], counter: Int, title: String) {
        pages[page] = entries
        owners[page] = Int32(counter)
        titles[page] = title
    }
}

/// Receives the text of each rendered page (from any rendering thread) and makes the
/// chunks, maps and entries at the end.
///
/// Exists so that the index costs the build one pass over text it already has: the terms
/// of each page version's body HTML are read from it once (`SearchText.forEachTermBytes`),
/// counted by a `TermCounter` outside the lock, and only term ids, weights and the title
/// are kept per page. The text itself is not kept, nor written: the browser cuts excerpts
/// from the pages it shows as results (docs/search.md).
package final class SearchCollector: Sendable {
    let plan: SearchPlan
    /// Widget id → language → state.
    let states: Locked<[String: [String: SearchLanguageState]]>
    /// Counters not lent to a page at the moment (there are at most as many as pages were
    /// ever counted at once), and how many were made.
    let counters = Locked<(free: [TermCounter], made: Int)>(([], 0))

    /// What `finish` makes: the index files, the states to keep, and the stale files.
    package typealias Finished = (files: [OutputFile], states: [String: [String: SearchLanguageState]], stale: [String])

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
        var counter = counters.withLock { pool in
            if let free = pool.free.popLast() { return free }
            pool.made += 1
            return TermCounter(id: pool.made - 1)
        }
        for document in documents {
            guard let pageID = widget.ids[document.language]?[slug] else { continue }
            let entries = counter.count(document, widget: id)
            states.withLock { all in
                all[id]?[document.language]?.record(page: pageID, entries: entries, counter: counter.id, title: document.title)
            }
        }
        counters.withLock { $0.free.append(counter) }
    }

    /// `state` with the entries of this run's pages in its own term ids: each counter's
    /// terms are looked up in `state.terms` once.
    static func merge(_ state: SearchLanguageState, counters: [TermCounter], widget: String, language: String) -> SearchLanguageState {
        var state = state
        var maps: [[UInt64]?] = Array(repeating: nil, count: (counters.map(\.id).max() ?? -1) + 1)
        for counter in counters {
            guard let table = counter.table(widget: widget, language: language) else { continue }
            maps[counter.id] = (0..<table.terms.count).map { local in
                UInt64(table.terms.withTerm(local) { state.terms.insert($0, hash: table.terms.hashes[local]).id })
            }
        }
        for page in state.pages.indices where state.owners[page] >= 0 {
            let owner = Int(state.owners[page])
            state.owners[page] = -1
            // Every counter is back in the pool once the pages are rendered; were one not, its
            // pages would be left out rather than given another counter's terms.
            guard owner < maps.count, let map = maps[owner], let entries = state.pages[page] else {
                state.pages[page] = nil
                continue
            }
            state.pages[page] = entries.map { map[Int($0 >> 8)] << 8 | $0 & 0xFF }
        }
        return state
    }

    /// The chunks, maps and entry of every widget of the plan, the states to keep, and
    /// `stale`: the files of kept indexes that the new ones no longer name (serve deletes them).
    package func finish() -> Finished {
        var all = states.current
        let lent = counters.current.free.sorted { $0.id < $1.id }
        for (id, languages) in all {
            for (language, state) in languages {
                all[id]![language] = Self.merge(state, counters: lent, widget: id, language: language)
            }
        }
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

    /// `t.0123456789.txt` → `0123456789`.
    static func hash(of name: String) -> String {
        let parts = name.split(separator: ".")
        return parts.count == 3 ? String(parts[1]) : ""
    }

    /// The term chunks of a state, each with its first term.
    static func chunks(_ state: SearchLanguageState) -> [(first: String, file: SearchIndex.Named)] {
        // Postings per term, laid down in page order in one flat array (term t's are
        // `starts[t]..<starts[t + 1]`): counts first, then one pass.
        let termCount = state.terms.count
        var starts = [Int](repeating: 0, count: termCount + 1)
        for page in state.pages { for entry in page ?? [] { starts[Int(entry >> 8) + 1] += 1 } }
        for t in 0..<termCount { starts[t + 1] += starts[t] }
        var postings = [UInt32](repeating: 0, count: starts[termCount])
        var weights = [UInt8](repeating: 0, count: starts[termCount])
        var next = starts
        for (pageID, page) in state.pages.enumerated() {
            for entry in page ?? [] {
                let term = Int(entry >> 8)
                postings[next[term]] = UInt32(pageID)
                weights[next[term]] = UInt8(entry & 0xFF)
                next[term] += 1
            }
        }
        let counts = (0..<termCount).map { starts[$0 + 1] - starts[$0] }
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
            let range = starts[term]..<starts[term + 1]
            SearchEncoding.appendLine(term: names[term], pages: postings[range], weights: weights[range], to: &current)
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

    static func appendLine(term: String, pages: ArraySlice<UInt32>, weights: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out.append(contentsOf: term.utf8)
        out.append(0x09)
        var previous: Int64 = -1
        for page in pages {
            appendNumber(UInt32(Int64(page) - previous - 1), to: &out)
            previous = Int64(page)
        }
        out.append(0x09)
        if weights.contains(where: { $0 != 0 }) {
            var i = weights.startIndex
            while i < weights.endIndex {
                var value = 0
                for k in 0..<3 where i + k < weights.endIndex { value |= Int(weights[i + k] & 3) << (2 * k) }
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
        // The highest non-zero group first (a UInt32 has at most 7 groups of 5 bits).
        var shift = 30
        while shift > 0, value >> UInt32(shift) == 0 { shift -= 5 }
        while shift > 0 {
            out.append(continuation[Int(value >> UInt32(shift) & 31)])
            shift -= 5
        }
        out.append(digits[Int(value & 31)])
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
