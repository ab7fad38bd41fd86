import Foundation
@testable import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// The search index: normalisation (en, de, ru), encoding, chunking, what is indexed,
/// ranking, determinism, linearity and serve's partial rebuilds.
@Suite("Search index")
struct SearchTests {
    // MARK: - Normalisation

    @Test func englishIsCaseFoldedAndSplitAtPunctuation() {
        #expect(SearchText.terms("Don't ESCALATE the order_id v2.1 — naïve café!") == ["don", "t", "escalate", "the", "order", "id", "v2", "1", "naive", "cafe"])
        #expect(SearchText.terms("ﬁle Ⅻ ½") == ["file", "xii", "1", "2"], "compatibility forms decompose")
    }

    @Test func germanUmlautsAndSharpS() {
        #expect(SearchText.terms("Ärger über Straße, STRASSE und ẞ") == ["arger", "uber", "strasse", "strasse", "und", "ss"])
        #expect(SearchQuery.parse("straße") == ["strasse"])
        #expect(SearchQuery.parse("Übergabe") == ["ubergabe"])
    }

    @Test func russianYoAndShortI() {
        #expect(SearchText.terms("Ёлка, ЙОГУРТ и «ещё»") == ["елка", "иогурт", "и", "еще"])
        #expect(SearchText.terms("ОДИССЕЙ Σίσυφος ΟΔΟΣ") == ["одиссеи", "σισυφοσ", "οδοσ"], "final sigma folds to σ")
    }

    /// The fast path (ASCII runs, non-ASCII punctuation and spaces ending a run) gives the
    /// terms that folding the whole text and splitting it gives.
    @Test func termsAreThoseOfTheFoldedText() {
        func reference(_ text: String) -> [String] {
            var out: [String] = [], current = String.UnicodeScalarView()
            for scalar in SearchText.fold(text).unicodeScalars {
                if SearchText.isWordScalar(scalar) { current.append(scalar); continue }
                if !current.isEmpty, current.count <= SearchText.maximumTermLength { out.append(String(current)) }
                current = String.UnicodeScalarView()
            }
            if !current.isEmpty, current.count <= SearchText.maximumTermLength { out.append(String(current)) }
            return out
        }
        let samples = ["word—word «quoted» it’s…done\u{A0}now", "Tel℡ 5™ №7 ½ ㎏ x\u{2028}y", "Ärger—Straße", "café\u{301}—naïve",
                       "a\u{3000}b\u{2003}c", "ОДИССЕЙ—Σίσυφος", "v2.1—order_id", "—", "…—«»", "x\u{301}", "日本語—テキスト"]
        for text in samples { #expect(SearchText.terms(text) == reference(text), "\(text.debugDescription)") }
    }

    @Test func termTableGivesEachTermOneIdInFirstOrderAcrossGrowth() {
        var table = TermTable(capacity: 4)
        let words = (0..<5000).map { "w\($0 % 1700)" } + ["", "é", "e"]
        var ids: [String: Int] = [:]
        for word in words {
            var bytes = Array(word.utf8)
            let (id, isNew) = bytes.withUnsafeMutableBufferPointer { b in
                table.insert(UnsafeBufferPointer(b), hash: TermTable.hash(UnsafeBufferPointer(b)))
            }
            #expect(isNew == (ids[word] == nil), "\(word)")
            if isNew { #expect(id == ids.count); ids[word] = id } else { #expect(ids[word] == id) }
        }
        #expect(table.count == 1703)
        for (word, id) in ids { #expect(table.term(id) == word) }
    }

    @Test func theTokenizerHashesEachTermAsTheTableDoes() {
        // ASCII words are lowercased and hashed 8 bytes at a time; folded words go through
        // TermTable.hash: "Café" and "cafe" must meet as one term.
        var text = "Café cafe CAFE 0 a9 "
        for length in 1...SearchText.maximumTermLength {
            text += String((0..<length).map { Array("AbZz09yQ")[$0 % 8] }) + " "
        }
        var seen = 0
        SearchText.forEachTermBytes(text) { term, hash in
            #expect(hash == TermTable.hash(term), "\(String(decoding: term, as: UTF8.self))")
            seen += 1
        }
        #expect(seen == 5 + SearchText.maximumTermLength)
        SearchText.forEachTermBytes(html: "<p>Caf<em>é</em> x<b>Y</b>z, cafe</p>") { term, hash in
            #expect(hash == TermTable.hash(term), "\(String(decoding: term, as: UTF8.self))")
        }
    }

    @Test func aCounterWeighsTermsByCountAndTitleAndKeepsPagesApart() {
        var counter = TermCounter(id: 0)
        let first = counter.count(SearchDocument(language: "en", title: "Refund", html: "<p>a b b c c c c refund</p>"), widget: "w")
        let second = counter.count(SearchDocument(language: "en", title: "Other", html: "<p>c Café cafe</p>"), widget: "w")
        let table = counter.table(widget: "w", language: "en")!
        func decode(_ entries: [UInt64]) -> [String: UInt64] {
            Dictionary(uniqueKeysWithValues: entries.map { (table.terms.term(Int($0 >> 8)), $0 & 0xFF) })
        }
        #expect(decode(first) == ["a": 0, "b": 1, "c": 2, "refund": 3])
        #expect(decode(second) == ["c": 0, "cafe": 1, "other": 3], "counts start again on each page")
        #expect(counter.table(widget: "w", language: "de") == nil)
    }

    @Test func theTagSwitchesHoldTheNamedTags() {
        for name in SearchText.inlineNames { #expect(SearchText.isInline(SearchText.packed(name)), "\(name)") }
        for name in SearchText.skippedNames { #expect(SearchText.isSkipped(SearchText.packed(name)), "\(name)") }
        for name in ["p", "div", "li", "h2", "pre", "table", "td", "br", "img", "section", "strongly"] {
            #expect(!SearchText.isInline(SearchText.packed(name)) && !SearchText.isSkipped(SearchText.packed(name)), "\(name)")
        }
        #expect(SearchText.inlineNames.allSatisfy { !SearchText.isSkipped(SearchText.packed($0)) })
    }

    @Test func wordsEndWhereTheByteByByteReadingEndsThem() {
        // Every byte value at every place of an 8-byte group, after runs of every length.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 0..<20 {
            for value in 0...255 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                var bytes = (0..<length).map { _ in Array("aZ09mQ".utf8)[Int(state >> 60) % 6] }
                bytes.append(UInt8(value))
                bytes += (0..<Int(state >> 61)).map { _ in UInt8(ascii: "x") }
                let expected = bytes.firstIndex { !SearchText.isASCIIWordByte($0) } ?? bytes.count
                #expect(bytes.withUnsafeBufferPointer { SearchText.wordEnd($0, from: 0) } == expected, "\(bytes)")
            }
        }
    }

    @Test func characterReferencesAreDecodedAsHTMLWritesThem() {
        let html = "<p>&#x41;&#65;&#X42;&amp;&shy;x&nbsp;y &#0;&#xD800;&#x;&AMP;&#1x2;&quot;&apos;&lt;&gt; &#1114112; &#x1F600;</p>"
        #expect(SearchText.plainText(html: html) == "AAB&x y &#0;&#xD800;&#x;&AMP;&#1x2;\"'<> &#1114112; \u{1F600}")
        #expect(SearchText.terms(html: html) == SearchText.terms(SearchText.plainText(html: html)))
    }

    @Test func longRunsAreNotTerms() {
        let long = String(repeating: "a", count: SearchText.maximumTermLength + 1)
        #expect(SearchText.terms("x \(long) y") == ["x", "y"])
        #expect(SearchText.terms("x \(long)ä y") == ["x", "y"], "the folded path drops them too")
        #expect(SearchText.terms(String(repeating: "я", count: SearchText.maximumTermLength)) == [String(repeating: "я", count: SearchText.maximumTermLength)])
    }

    @Test func queryParserKeepsDistinctTermsAndAtMostEight() {
        #expect(SearchQuery.parse("  Refund refund REFUNDS ") == ["refund", "refunds"])
        #expect(SearchQuery.parse("a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii") == ["iiiiiiiii", "hhhhhhhh", "ggggggg", "ffffff", "eeeee", "dddd", "ccc", "bb"])
        #expect(SearchQuery.parse("") == [])
        #expect(SearchQuery.parse("!!! — ...") == [])
        #expect(SearchQuery.parse(String(repeating: "ab ", count: 200) + "zz") == ["ab", "a"], "only the first 256 characters")
    }

    @Test func plainTextOfRenderedHTML() {
        let html = #"<h2 id="x">Fees &amp; limits</h2><p>Pay <em>now</em>&#33; &lt;b&gt; &#x2014; done</p><figure><pre><code>curl -s</code></pre><button data-b24-insert>Insert</button></figure><script>var x;</script><ul><li>one</li><li>two</li></ul>"#
        #expect(SearchText.plainText(html: html) == "Fees & limits Pay now! <b> — done curl -s one two")
        #expect(SearchText.plainText(html: "<p>a&unknown;b &amp</p>") == "a&unknown;b &amp")
        #expect(SearchText.plainText(html: "<p>абвгд</p>", limit: 5) == "аб", "cut at a character")
    }

    /// The index reads terms from the HTML itself; they must be the terms of its text.
    @Test func termsOfHTMLAreTheTermsOfItsText() {
        let samples = [
            #"<h2 id="x">Fees &amp; limits</h2><p>Pay <em>now</em>&#33; &lt;b&gt; &#x2014; done</p><figure><pre><code>curl -s</code></pre><button data-b24-insert>Insert</button></figure><script>var x;</script><ul><li>one</li><li>two</li></ul>"#,
            "<p>re<em>fund</em>ed — <strong>Ärger</strong>über&nbsp;straße&#769;x</p><p>a&unknown;b &amp</p>",
            "<p>ё<b>лка</b> «ещё»</p><template>hidden</template><style>p{}</style>tail",
            "<p>word<br>next</p><div>a<span>b</span>c</div>&#10;z&#65;&#x1F600;q",
            "unclosed <p tag", "<STRONG>Loud</STRONG><SCRIPT>x</SCRIPT>y", String(repeating: "a", count: 50) + "<em>b</em>",
        ]
        for html in samples {
            #expect(SearchText.terms(html: html) == SearchText.terms(SearchText.plainText(html: html)), "\(html.debugDescription)")
        }
        #expect(SearchText.terms(html: "<p>re<em>fund</em></p><p>ok</p>") == ["refund", "ok"])
    }

    // MARK: - Encoding

    @Test func pageNumbersRoundTrip() {
        let pages: [UInt32] = [0, 1, 2, 31, 32, 33, 1000, 1001, 40_000, 1 << 30]
        var line: [UInt8] = []
        var previous: Int64 = -1
        for page in pages {
            SearchEncoding.appendNumber(UInt32(Int64(page) - previous - 1), to: &line)
            previous = Int64(page)
        }
        #expect(SearchEncoding.decodePages(line) == pages.map(Int.init))
        #expect(SearchEncoding.decodePages(Array("000".utf8)) == [0, 1, 2])
        #expect(SearchEncoding.decodePages(Array("A".utf8)) == nil, "a number cut short")
        #expect(SearchEncoding.decodePages(Array("0\t".utf8)) == nil)
    }

    // MARK: - Built indexes

    /// A widget with `count` pages in en (and de, ru for the first pages), one word per page
    /// that no other page has.
    static func project(pages count: Int, extraIndex: String = "", languages: Bool = true) -> String {
        var files = TestSupport.widget("w", extra: "options:\n  iconName: fa-book\n\(extraIndex)", body: "Welcome to the handbook.\n")
        files["placard.yml"] = "defaultLanguage: en\ntitle: Test\n"
        for i in 1...count {
            files["content/w/p\(i).md"] = "---\ntitle: Page \(i) unique\(i)\nweight: \(i)\n---\nThe refund policy, step \(i): escalate to word\(i). Policy policy.\n"
        }
        if languages {
            files["content/w/p1.de.md"] = "---\ntitle: Ärger mit Rückerstattungen\n---\nÄrger über die Straße und Rückerstattung.\n"
            files["content/w/p2.ru.md"] = "---\ntitle: Ёлка\n---\nВозврат денег: ёлка и ещё подарки.\n"
            files["content/w/p2.md"] = "---\ntitle: Christmas tree\nweight: 2\n---\nThe refund of a tree.\n"
        }
        return TestSupport.project(files)
    }

    static func files(_ root: String) -> (String) -> [UInt8]? {
        { path in FileManager.default.contents(atPath: root + "/dist/" + path).map { Array($0) } }
    }

    static func search(_ root: String, _ query: String, bundle: String = "w", language: String = "en", limit: Int = 10) -> [SearchQuery.Hit] {
        SearchQuery.search(query, bundle: bundle, files: files(root), language: language, defaultLanguage: "en", limit: limit)
    }

    @Test func findsPagesByPrefixFoldedInEachLanguage() throws {
        let root = Self.project(pages: 6)
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings)")
        #expect(Self.search(root, "word4").map(\.path) == ["p4.html"])
        #expect(Self.search(root, "WORD4 escal").map(\.path) == ["p4.html"], "every term, each as a prefix")
        #expect(Self.search(root, "word4 nothing").isEmpty)
        #expect(Self.search(root, "arger", language: "de").map { [$0.language, $0.path] } == [["de", "p1.html"]])
        #expect(Self.search(root, "straße", language: "de").map(\.path) == ["p1.html"])
        #expect(Self.search(root, "елка", language: "ru").map { [$0.language, $0.path] } == [["ru", "p2.html"]])
        #expect(Self.search(root, "ЕЩЁ", language: "ru").map(\.path) == ["p2.html"])
        // The reader's language first, then the default language's other pages, once each.
        let de = Self.search(root, "r", language: "de").map { [$0.language, $0.path] }
        #expect(de.first == ["de", "p1.html"])
        #expect(Set(de.map { $0[1] }).count == de.count, "a page is listed once")
    }

    @Test func titlesAndExactWordsRankFirst() {
        let root = Self.project(pages: 6, languages: false)
        #expect(Pipeline.build(Project(root: root)).succeeded)
        // "unique3" is in page 3's title only; "page" is in every title.
        #expect(Self.search(root, "unique3").map(\.path) == ["p3.html"])
        let policy = Self.search(root, "policy")
        #expect(policy.count == 6)
        #expect(policy.map(\.path) == (1...6).map { "p\($0).html" }, "equal scores keep the page order")
        let hits = Self.search(root, "unique")
        #expect(hits.count == 6, "a prefix of every title word")
    }

    @Test func searchFalseDraftsAndOnePageWidgets() throws {
        var files = TestSupport.widget("w", extra: "options:\n  iconName: fa-book\nsearch: true\n", body: "Home.\n")
        files["content/w/a.md"] = "---\ntitle: A\n---\nalpha\n"
        files["content/w/b.md"] = "---\ntitle: B\nsearch: false\n---\nbravo\n"
        files["content/w/c.md"] = "---\ntitle: C\ndraft: true\n---\ncharlie\n"
        files.merge(TestSupport.widget("solo", extra: "options:\n  iconName: fa-book\nsearch: true\n", body: "Only page.\n")) { a, _ in a }
        files.merge(TestSupport.widget("off", extra: "options:\n  iconName: fa-book\nsearch: false\n", body: "Off.\n")) { a, _ in a }
        files["content/off/x.md"] = "---\ntitle: X\n---\nxray\n"
        files.merge(TestSupport.widget("plain", body: "Plain.\n")) { a, _ in a }
        files["content/plain/y.md"] = "---\ntitle: Y\n---\nyankee\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root), overrides: Config.Overrides(drafts: true))
        #expect(report.succeeded, "\(report.findings)")
        #expect(Self.search(root, "alpha").map(\.path) == ["a.html"])
        #expect(Self.search(root, "bravo").isEmpty, "search: false")
        #expect(Self.search(root, "charlie").isEmpty, "drafts never, even with --drafts")
        #expect(FileManager.default.fileExists(atPath: root + "/dist/w/c.html"), "the draft is built")
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: root + "/dist/solo/search"), "one page: no index")
        #expect(!fm.fileExists(atPath: root + "/dist/off/search"), "search: false in index.md")
        #expect(fm.fileExists(atPath: root + "/dist/plain/search/index.json"), "on by default: no search key in index.md")
        #expect(try fm.contentsOfDirectory(atPath: root + "/dist/plain").contains { $0.hasPrefix("search.") }, "with the search script")
        let plain = try String(contentsOfFile: root + "/dist/plain/y.html", encoding: .utf8)
        #expect(plain.contains("data-placard-search=\"search/index.json\""), "and the box")
        #expect(Self.search(root, "yankee", bundle: "plain").map(\.path) == ["y.html"])
        #expect(try !fm.contentsOfDirectory(atPath: root + "/dist/off").contains { $0.hasPrefix("search.") }, "search: false: no script")
        let offPage = try String(contentsOfFile: root + "/dist/off/x.html", encoding: .utf8)
        #expect(!offPage.contains("placard-search") && !offPage.contains("data-placard-search"), "and no box")
        let solo = try String(contentsOfFile: root + "/dist/solo/index.html", encoding: .utf8)
        let off = try String(contentsOfFile: root + "/dist/off/x.html", encoding: .utf8)
        let on = try String(contentsOfFile: root + "/dist/w/a.html", encoding: .utf8)
        #expect(!solo.contains("type=\"search\"") && !off.contains("type=\"search\""))
        #expect(on.contains("<input class=\"placard-search-input\" id=\"placard-search-input\" type=\"search\""))
        #expect(on.contains("data-placard-search=\"search/index.json\""))
        #expect(try fm.contentsOfDirectory(atPath: root + "/dist/w").contains { $0.hasPrefix("search.") && $0.hasSuffix(".js") })
        #expect(try !fm.contentsOfDirectory(atPath: root + "/dist/solo").contains { $0.hasPrefix("search.") })
    }

    @Test func searchMustBeTrueOrFalse() {
        var files = TestSupport.widget("w", extra: "options:\n  iconName: fa-book\nsearch: true\n", body: "Home.\n")
        files["content/w/a.md"] = "---\ntitle: A\nsearch: maybe\n---\nalpha\n"
        let report = Pipeline.build(Project(root: TestSupport.project(files)))
        #expect(report.findings.contains { $0.rule == "frontmatter.search.invalid" && $0.location?.file == "content/w/a.md" && $0.location?.line == 3 })
        #expect(!report.succeeded)
    }

    @Test func runtimeNamesTheSearchScriptAndItsIntegrity() {
        let runtime = RuntimeAssets(stylesheet: nil)
        let text = String(decoding: runtime.script.bytes, as: UTF8.self)
        #expect(text.contains(#"const SEARCH = {"script": "\#(runtime.search.name)", "integrity": "\#(runtime.search.integrity)"};"#))
        #expect(runtime.search.name.hasPrefix("search.") && runtime.search.name.hasSuffix(".js"))
    }

    @Test func indexIsDeterministicAndChunkedInOrder() throws {
        // Many distinct terms, so the index has several chunks.
        var files = TestSupport.widget("w", extra: "options:\n  iconName: fa-book\nsearch: true\n", body: "Home.\n")
        for i in 0..<300 {
            let words = (0..<40).map { "t\(i)x\($0)" }.joined(separator: " ")
            files["content/w/p\(i).md"] = "---\ntitle: P \(i)\n---\n\(words)\n"
        }
        let first = TestSupport.project(files)
        let second = TestSupport.project(files)
        #expect(Pipeline.build(Project(root: first)).succeeded)
        #expect(Pipeline.build(Project(root: second)).succeeded)
        let a = TestSupport.snapshot(first + "/dist/w/search"), b = TestSupport.snapshot(second + "/dist/w/search")
        #expect(a == b && a.count > 10)
        let entry = try JSONSerialization.jsonObject(with: try #require(a["index.json"])) as! [String: Any]
        let en = (entry["languages"] as! [String: Any])["en"] as! [String: Any]
        let chunks = en["chunks"] as! [[String]]
        #expect(chunks.count > 3, "12,000 terms make several chunks")
        #expect(chunks.first?[0] == "")
        var previousLast = ""
        for (i, chunk) in chunks.enumerated() {
            let bytes = try #require(a["en/t.\(chunk[1]).txt"])
            let terms = bytes.split(separator: 0x0A).map { String(decoding: $0.prefix { $0 != 0x09 }, as: UTF8.self) }
            #expect(terms == terms.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }, "terms ascend in a chunk")
            if i > 0 { #expect(terms.first == chunk[0], "the entry names each chunk's first term") }
            #expect(previousLast.utf16.lexicographicallyPrecedes(terms.first!.utf16) || i == 0)
            previousLast = terms.last!
            // A chunk closes at the first line that reaches the target.
            let lines = bytes.split(separator: 0x0A)
            #expect(bytes.count - lines.last!.count - 1 < SearchIndex.chunkTarget)
            #expect(SearchQuery.search("t\(i)x1", bundle: "w", files: Self.files(first), language: "en", defaultLanguage: "en").first?.path == "p\(i).html")
        }
        #expect((en["maps"] as! [String]).count == (301 + SearchIndex.mapPages - 1) / SearchIndex.mapPages)
        #expect(en["pages"] as? Int == 301)
        // A map: per page id, its path TAB its title; the index holds no page text.
        let firstMap = String(decoding: try #require(a["en/m.\((en["maps"] as! [String])[0]).txt"]), as: UTF8.self)
        #expect(firstMap.split(separator: "\n").prefix(3) == ["index.html\tWidget", "p0.html\tP 0", "p1.html\tP 1"])
        #expect(a.keys.allSatisfy { $0 == "index.json" || $0.hasPrefix("en/t.") || $0.hasPrefix("en/m.") }, "\(a.keys.sorted().prefix(5))")
    }

    /// Linearity, counted in work (index bytes and lines), not time: 4× the pages make 4×
    /// the index, and a page does not grow with the widget.
    @Test func indexGrowsLinearlyWithPages() throws {
        func measure(_ count: Int) throws -> (bytes: Int, lines: Int, page: Int) {
            var files = TestSupport.widget("w", extra: "options:\n  iconName: fa-book\nsearch: true\n", body: "Home.\n")
            for i in 0..<count {
                files["content/w/p\(i).md"] = "---\ntitle: P \(i)\n---\nrefund policy word\(i) escalate queue \(i * 7)\n"
            }
            let root = TestSupport.project(files)
            #expect(Pipeline.build(Project(root: root)).succeeded)
            let index = TestSupport.snapshot(root + "/dist/w/search")
            let bytes = index.values.reduce(0) { $0 + $1.count }
            let lines = index.filter { $0.key.contains("/t.") }.values.reduce(0) { $0 + $1.split(separator: 0x0A).count }
            let page = try Data(contentsOf: URL(fileURLWithPath: root + "/dist/w/p1.html")).count
            return (bytes, lines, page)
        }
        let small = try measure(250), large = try measure(1000)
        let ratio = Double(large.bytes) / Double(small.bytes)
        #expect(ratio > 3.5 && ratio < 4.6, "index bytes grew \(ratio)× for 4× the pages")
        #expect(Double(large.lines) / Double(small.lines) < 4.2)
        #expect(abs(large.page - small.page) < 16, "a page does not carry the index")
    }

    @Test func servesPartialRebuildMatchesAFullBuild() throws {
        let root = Self.project(pages: 5)
        var pipeline = Pipeline(project: Project(root: root))
        #expect(pipeline.run(.site).succeeded)
        TestSupport.write(["content/w/p3.md": "---\ntitle: Page 3 unique3\nweight: 3\n---\nNow about zebras.\n"], into: root)
        let report = pipeline.run(.pages(["w": ["content/w/p3.md"]]))
        #expect(report.succeeded, "\(report.findings)")
        #expect(Self.search(root, "zebra").map(\.path) == ["p3.html"])
        #expect(Self.search(root, "word3").isEmpty, "the old text is gone")
        #expect(Self.search(root, "word4").map(\.path) == ["p4.html"], "other pages stay")
        let partial = TestSupport.snapshot(root + "/dist/w/search")
        // A fresh full build of the same sources writes the same entry and the files it names.
        let fresh = TestSupport.project([:])
        TestSupport.copyTree(root + "/content", to: fresh + "/content")
        TestSupport.write(["placard.yml": "defaultLanguage: en\ntitle: Test\n"], into: fresh)
        #expect(Pipeline.build(Project(root: fresh)).succeeded)
        let full = TestSupport.snapshot(fresh + "/dist/w/search")
        #expect(partial["index.json"] == full["index.json"])
        #expect(partial.keys.sorted() == full.keys.sorted(), "files the edit made stale are gone")
        for (path, bytes) in full { #expect(partial[path] == bytes, "\(path)") }
    }
}
