import Foundation

/// A reader's query as the search script understands it, and the search itself over a
/// built index, in Swift.
///
/// Exists as the reference for `search.js` (`parse` and `search` there must give what these
/// give; the browser tests compare them) and so that the index can be tested and fuzzed
/// without a browser: the tests search built output with it, the fuzz harness feeds it
/// arbitrary queries.
package enum SearchQuery {
    /// Characters of a query read (UTF-16 code units, as the script counts them).
    package static let maximumLength = 256
    /// Terms of a query used; a longer query keeps its longest terms.
    package static let maximumTerms = 8

    /// The distinct terms of `query`, in order; at most `maximumTerms` (the longest, then
    /// sorted longest first, as the script keeps them).
    package static func parse(_ query: String) -> [String] {
        let units = Array(query.utf16.prefix(maximumLength))
        var seen: [String] = []
        for term in SearchText.terms(String(decoding: units, as: UTF16.self)) where !seen.contains(term) { seen.append(term) }
        guard seen.count > maximumTerms else { return seen }
        // A stable sort by length, longest first (JavaScript's sort is stable).
        return Array(seen.enumerated().sorted { a, b in
            a.element.utf16.count != b.element.utf16.count ? a.element.utf16.count > b.element.utf16.count : a.offset < b.offset
        }.prefix(maximumTerms).map(\.element))
    }

    /// How many chunks one term may load: short prefixes match many terms.
    package static func chunkBudget(_ term: String) -> Int {
        let length = term.utf16.count
        return length < 2 ? 2 : length < 3 ? 3 : 6
    }

    /// One result: the page's id in its language's index, its URL path and score.
    package struct Hit: Sendable, Equatable {
        package var language: String
        package var page: Int
        package var path: String
        package var title: String
        package var score: Int
    }

    /// Searches the index of the bundle at `bundle` in `files` (output path → bytes) as the
    /// script does: `language` first, then `defaultLanguage`, then the others.
    package static func search(_ query: String, bundle: String, files: (String) -> [UInt8]?, language: String,
                               defaultLanguage: String, limit: Int = 10) -> [Hit] {
        let terms = parse(query)
        guard !terms.isEmpty, let entryBytes = files(bundle + "/" + SearchIndex.entryName),
              let entry = try? JSONSerialization.jsonObject(with: Data(entryBytes)) as? [String: Any],
              let languages = entry["languages"] as? [String: [String: Any]],
              let mapPages = entry["map"] as? Int, mapPages > 0 else { return [] }
        let codes = languages.keys.sorted()
        let pick = { (c: String) in codes.first { $0 == c } ?? codes.first { $0 == String(c.prefix(2)) } }
        var order = [pick(language), pick(defaultLanguage)].compactMap { $0 }
        order = order.enumerated().filter { i, c in !order[..<i].contains(c) }.map(\.element)
        order += codes.filter { !order.contains($0) }
        var hits: [Hit] = [], paths: Set<String> = []
        for code in order {
            guard let info = languages[code], let chunks = info["chunks"] as? [[String]], let maps = info["maps"] as? [String] else { continue }
            let dir = bundle + "/search/" + code + "/"
            let perTerm = terms.map { scores(for: $0, chunks: chunks, dir: dir, files: files) }
            var ranked: [(Int, Int)] = []
            for (page, score) in perTerm[0] {
                var total = score
                for other in perTerm.dropFirst() where total > 0 { total = other[page].map { total + $0 } ?? 0 }
                if total > 0 { ranked.append((page, total)) }
            }
            ranked.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            for (page, score) in ranked {
                if hits.count >= limit { break }
                let map = page / mapPages
                guard map < maps.count, let mapBytes = files(dir + "m." + maps[map] + ".txt") else { continue }
                let lines = mapBytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                guard page % mapPages < lines.count else { continue }
                let fields = lines[page % mapPages].split(separator: 0x09, maxSplits: 1, omittingEmptySubsequences: false)
                let path = String(decoding: fields[0], as: UTF8.self)
                let title = fields.count > 1 ? String(decoding: fields[1], as: UTF8.self) : ""
                guard !path.isEmpty, paths.insert(path).inserted else { continue }
                hits.append(Hit(language: code, page: page, path: path, title: title, score: score))
            }
            if hits.count >= limit { break }
        }
        return hits
    }

    /// Page id → score for one term: the best matching term, exact matches counting double.
    static func scores(for term: String, chunks: [[String]], dir: String, files: (String) -> [UInt8]?) -> [Int: Int] {
        var first = 0
        for (i, chunk) in chunks.enumerated() where chunk.count == 2 && !term.utf16.lexicographicallyPrecedes(chunk[0].utf16) { first = i }
        var scores: [Int: Int] = [:]
        var loaded = 0
        for i in first..<chunks.count where loaded < chunkBudget(term) {
            guard chunks[i].count == 2 else { continue }
            if i > first, !chunks[i][0].utf16.starts(with: term.utf16) { break }
            loaded += 1
            guard let bytes = files(dir + "t." + chunks[i][1] + ".txt") else { continue }
            for line in bytes.split(separator: 0x0A) {
                let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
                guard fields.count == 3 else { continue }
                let name = String(decoding: fields[0], as: UTF8.self)
                guard name.utf16.starts(with: term.utf16), let pages = SearchEncoding.decodePages(fields[1]) else { continue }
                let weights = Array(fields[2])
                let factor = name.utf16.elementsEqual(term.utf16) ? 2 : 1
                for (k, page) in pages.enumerated() {
                    let score = SearchEncoding.scores[SearchEncoding.weight(weights, at: k)] * factor
                    scores[page] = max(scores[page] ?? 0, score)
                }
            }
        }
        return scores
    }
}
