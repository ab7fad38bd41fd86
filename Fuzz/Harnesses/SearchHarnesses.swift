import PlacardCore
import PlacardSystem

extension Harness {
    /// The search query parser and the search over a small built index (en, de, ru): the
    /// input is a reader's query. Also the page-number decoder of term chunks, and the terms
    /// read from HTML against those of its text, on the same bytes. A parse keeps at most 8 distinct non-empty terms of at
    /// most 40 characters, already folded; a search returns at most its limit, each page once.
    static let searchQuery = Harness(name: "search-query", summary: "a search query parsed and run over a built index") { input in
        _ = SearchEncoding.decodePages(input.prefix(4096))
        guard let text = text(input) else { return }
        let terms = SearchQuery.parse(text)
        precondition(terms.count <= SearchQuery.maximumTerms && Set(terms).count == terms.count)
        for term in terms {
            precondition(!term.isEmpty && term.unicodeScalars.count <= SearchText.maximumTermLength)
            precondition(SearchText.terms(term) == [term], "a term folds to itself: \(term.unicodeScalars.map(\.value))")
        }
        for language in ["en", "de", "ru"] {
            let hits = SearchQuery.search(text, bundle: "w", files: { FixedSearch.files[$0] }, language: language, defaultLanguage: "en", limit: 5)
            precondition(hits.count <= 5 && Set(hits.map(\.path)).count == hits.count)
        }
        // The index reads terms from HTML directly; they are the terms of the text a reader sees.
        let html = String(text.prefix(4096))
        precondition(SearchText.terms(html: html) == SearchText.terms(SearchText.plainText(html: html)), "terms of \(html.debugDescription)")
    }
}

/// A small index, built once per process through the build's own collector.
enum FixedSearch {
    static let files: [String: [UInt8]] = {
        var markdown = [Fixed.index("w", placement: "IM_SIDEBAR", extra: "options:\n  iconName: fa-book\n")]
        let pages = [
            ("refunds", "Refunds", "Refund a payment within 14 days; escalate disputes to billing."),
            ("refunds.de", "Rückerstattungen", "Ärger über die Straße? Erstatten Sie den Betrag innerhalb von 14 Tagen."),
            ("tree.ru", "Ёлка", "Возврат денег: ёлка и ещё подарки, ЙОГУРТ."),
            ("tree", "Tree", "Straße, naïve café, ﬁle, ΟΔΟΣ, v2.1, order_id."),
        ]
        for (name, title, body) in pages {
            markdown.append(TextFile(path: "content/w/\(name).md", relative: name + ".md", text: "---\ntitle: \(title)\n---\n\(body)\n"))
        }
        let tree = SourceTree(configText: nil, widgets: [WidgetFiles(id: "w", markdown: markdown, assets: [])], shared: [], templates: [], stylesheet: nil)
        let site = Parser.parse(tree, config: Config()).0
        let collector = SearchCollector(plan: SearchPlan(site: site))
        for widget in site.widgets {
            for page in widget.pages {
                collector.add(widget: widget.id, slug: page.slug, documents: page.versions.map {
                    SearchDocument(language: $0.language, title: $0.title, html: $0.markdown)
                })
            }
        }
        var files: [String: [UInt8]] = [:]
        for file in collector.finish().files { files[file.path] = file.bytes }
        return files
    }()
}
