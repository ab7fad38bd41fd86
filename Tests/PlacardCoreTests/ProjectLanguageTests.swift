import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport
import Testing

/// The languages placard.yml names (`languages:`, `defaultLanguage`, `runtimeWords`' codes)
/// make `name.<code>.md` a translation even when the code is no ISO 639-1 language
/// (docs/content.md), and the template words (`words`) follow the project's language and words.
@Suite("Project languages and template words")
struct ProjectLanguageTests {
    static func parse(_ yaml: String) -> (Config, [Finding]) {
        Config.parse("hosting: static-app\n" + yaml, file: Config.fileName)
    }

    @Test func languagesAreAListOfLowerCaseCodesWithFindingsAtTheKey() {
        let (config, findings) = Self.parse("languages: [fil, sr-latn, fil]\n")
        #expect(findings.isEmpty, "\(findings)")
        #expect(config.listedLanguages == ["fil", "sr-latn"])
        #expect(config.languages == ["fil", "sr-latn", "en"])
        #expect(Self.parse("languages: haw\n").0.listedLanguages == ["haw"], "one code alone is a list of one")

        let (bad, problems) = Self.parse("title: T\nlanguages: [Fil, x, ok, tlh-]\n")
        #expect(bad.listedLanguages == ["ok"])
        #expect(problems.map(\.rule) == Array(repeating: "config.languages.invalid", count: 3))
        #expect(problems.allSatisfy { $0.location == SourceLocation(file: Config.fileName, line: 3, column: 1) }, "\(problems.map(\.location))")
        #expect(problems.first?.message.contains("'Fil' is not a language code") == true, "\(problems)")
        #expect(Self.parse("languages:\n  fil: yes\n").1.map(\.rule) == ["config.languages.invalid"])
    }

    @Test func runtimeWordsAndTheDefaultLanguageAreProjectLanguagesToo() {
        let (config, findings) = Self.parse("defaultLanguage: fil\nruntimeWords:\n  qq:\n    insert: Q\n")
        #expect(findings.isEmpty, "\(findings)")
        #expect(config.languages == ["fil", "qq"])
    }

    @Test func aListedCodeIsATranslationSuffix() {
        #expect(Parser.splitName("page.fil.md", languages: []) == ("page.fil", nil), "not ISO 639-1: a page of its own")
        #expect(Parser.splitName("page.fil.md", languages: ["fil"]) == ("page", "fil"))
        #expect(Parser.splitName("guide/page.sr-latn.md", languages: ["sr-latn"]) == ("guide/page", "sr-latn"))
        #expect(Parser.splitName("api.get.md", languages: ["fil"]) == ("api.get", nil))
        #expect(Parser.splitName("page.de.md", languages: ["fil"]) == ("page", "de"), "ISO codes stay translations")
    }

    @Test func aBuildTakesPagesInListedLanguagesAsTranslations() throws {
        var files = TestSupport.widget(body: "See [the Filipino FAQ](faq.fil.md) and [Q](faq.qq.md).\n")
        files["placard.yml"] = "hosting: static-app\nlanguages: [fil]\nruntimeWords:\n  qq:\n    insert: Q\n"
        files["content/w/faq.md"] = "# FAQ\n\nText.\n"
        files["content/w/faq.fil.md"] = "# Mga tanong\n\nTeksto.\n"
        files["content/w/faq.qq.md"] = "# Qq\n\nQ.\n"
        files["content/w/notes.tlh.md"] = "# Notes\n\nA page: tlh is listed nowhere.\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings)")
        let faq = try String(contentsOfFile: root + "/dist/w/faq.html", encoding: .utf8)
        #expect(faq.contains("lang=\"fil\"") && faq.contains(">Mga tanong</h1>"))
        #expect(faq.contains("lang=\"qq\"") && faq.contains(">Qq</h1>"))
        #expect(!FileManager.default.fileExists(atPath: root + "/dist/w/faq.fil.html"))
        #expect(FileManager.default.fileExists(atPath: root + "/dist/w/notes.tlh.html"))
        let index = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(index.contains("href=\"faq.html\">the Filipino FAQ</a>"), "a link to a translation's file goes to its page")

        // Without `languages:` the same file is a page of its own.
        files["placard.yml"] = "hosting: static-app\n"
        files["content/w/index.md"] = TestSupport.widget()["content/w/index.md"]
        let plain = TestSupport.project(files)
        #expect(Pipeline.build(Project(root: plain)).succeeded)
        #expect(FileManager.default.fileExists(atPath: plain + "/dist/w/faq.fil.html"))
    }

    @Test func showContextIsAFlag() {
        #expect(Self.parse("").0.showContext == false)
        #expect(Self.parse("showContext: yes\n").0.showContext == true)
        let (config, findings) = Self.parse("showContext: sometimes\n")
        #expect(config.showContext == false)
        #expect(findings.map(\.rule) == ["config.value.invalid"])
    }

    @Test func templateWordsFollowTheDefaultLanguageAndTheProjectsWords() {
        #expect(RuntimeWords().templateWords("en")["search"] == "Search")
        #expect(RuntimeWords().templateWords("de")["search"] == "Suche")
        #expect(RuntimeWords().templateWords("ru")["pages"] == "Страницы")
        #expect(RuntimeWords().templateWords("fr")["search"] == "Search", "a language not shipped: English")
        #expect(RuntimeWords().templateWords("en")["outside"] == "Open this page inside Bitrix24, or preview it with placard serve.")
        let words = RuntimeWords(["fr": ["search": .text("Rechercher")], "en": ["outside": .around("Open in Bitrix24 (or ", ").")]])
        #expect(words.templateWords("fr")["search"] == "Rechercher")
        #expect(words.templateWords("fr")["pages"] == "Pages")
        #expect(words.templateWords("en")["outside"] == "Open in Bitrix24 (or placard serve).")
        #expect(Set(RuntimeWords().templateWords("de").keys) == Set(RuntimeWords.keys))
    }

    /// The default templates: words in the default language with `data-b24-word` for the
    /// runtime; the placement context only in the preview, unless `showContext: true`.
    @Test func theDefaultTemplatesWriteTheirWordsInTheProjectsLanguage() throws {
        var files = TestSupport.widget(placement: "IM_TEXTAREA", extra: "options:\n  iconName: fa-book\nsearch: true\n")
        files["content/w/other.md"] = "# Other\n\nText.\n"
        files["placard.yml"] = "hosting: static-app\ndefaultLanguage: de\nruntimeWords:\n  de:\n    hint: Eigener Hinweis.\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(report.succeeded, "\(report.findings)")
        let page = try String(contentsOfFile: root + "/dist/w/index.html", encoding: .utf8)
        #expect(page.contains("<span data-b24-word=\"search\">Suche</span>"))
        #expect(page.contains("aria-label=\"Seiten\" data-b24-word-label=\"pages\""))
        #expect(page.contains("<p class=\"widget-hint\" data-b24-word=\"hint\">Eigener Hinweis.</p>"))
        #expect(page.contains("<span data-b24-word=\"chat\">Chat</span>"))
        #expect(page.contains("<p class=\"widget-context\" data-placard-preview-only>"))
        #expect(page.contains("data-placard-file-notice=\"Öffnen Sie diese Seite in Bitrix24 oder sehen Sie sie sich mit placard serve an.\""))
        #expect(!page.contains("built with Placard"))

        files["placard.yml"] = "hosting: static-app\nshowContext: true\n"
        let shown = TestSupport.project(files)
        #expect(Pipeline.build(Project(root: shown)).succeeded)
        let open = try String(contentsOfFile: shown + "/dist/w/index.html", encoding: .utf8)
        #expect(open.contains("<p class=\"widget-context\">"))
        #expect(!open.contains("data-placard-preview-only"))

        // A widget's own showContext wins over placard.yml's.
        files["content/w/index.md"] = files["content/w/index.md"]!.replacingOccurrences(of: "search: true\n", with: "search: true\nshowContext: false\n")
        let own = TestSupport.project(files)
        #expect(Pipeline.build(Project(root: own)).succeeded)
        let hidden = try String(contentsOfFile: own + "/dist/w/index.html", encoding: .utf8)
        #expect(hidden.contains("<p class=\"widget-context\" data-placard-preview-only>"))

        files["content/w/index.md"] = files["content/w/index.md"]!.replacingOccurrences(of: "showContext: false\n", with: "showContext: always\n")
        let bad = Pipeline.build(Project(root: TestSupport.project(files)))
        #expect(bad.findings.filter { $0.rule == "frontmatter.showContext.invalid" }.map(\.location)
                == [SourceLocation(file: "content/w/index.md", line: 7, column: 1)], "\(bad.findings)")
    }

    @Test func theSearchBoxsWordsAreRuntimeWordsToo() throws {
        let shippedScript = RuntimeAssets(stylesheet: nil).search.bytes
        let shipped = try #require(RuntimeWords.shippedSearch(in: shippedScript))
        #expect(Set(shipped.keys) == ["en", "de", "ru"])
        for (language, words) in shipped { #expect(Set(words.keys) == Set(RuntimeWords.searchKeys), "\(language)") }
        let (config, findings) = Self.parse("runtimeWords:\n  fr:\n    searchNone: Aucune page trouvée\n    searchOne: $1 page trouvée\n")
        #expect(findings.isEmpty, "\(findings)")
        let baked = try #require(RuntimeWords.shippedSearch(in: config.runtimeWords.bakeSearch(into: shippedScript)))
        #expect(baked["fr"]?["searchNone"] == "Aucune page trouvée")
        #expect(baked["fr"]?["searchMany"] == shipped["en"]?["searchMany"], "a word not given: English")
        #expect(baked["de"] == shipped["de"])
        // Only search words: runtime.js keeps the shipped table (it names the new search.js), search.js changes.
        let assets = RuntimeAssets(stylesheet: nil, words: config.runtimeWords), plain = RuntimeAssets(stylesheet: nil)
        #expect(assets.search.name != plain.search.name)
        #expect(RuntimeWords.shipped(in: assets.script.bytes) == RuntimeWords.shipped(in: plain.script.bytes))

        var files = TestSupport.widget(extra: "options:\n  iconName: fa-book\nsearch: true\n")
        files["content/w/other.md"] = "# Other\n\nText.\n"
        files["placard.yml"] = "hosting: static-app\nruntimeWords:\n  fr:\n    searchNone: Aucune page trouvée\n"
        let root = TestSupport.project(files)
        #expect(Pipeline.build(Project(root: root)).succeeded)
        let scripts = try FileManager.default.contentsOfDirectory(atPath: root + "/dist/w").filter { $0.hasPrefix("search.") && $0.hasSuffix(".js") }
        #expect(scripts.count == 1)
        let script = try String(contentsOfFile: root + "/dist/w/" + scripts[0], encoding: .utf8)
        #expect(script.contains(#""fr":{"searchFailed":"Search is not available here","searchFew":"$1 pages found","searchMany":"$1 pages found","searchNone":"Aucune page trouvée""#))
    }

    @Test func aMisspeltWordIsATemplateWarning() {
        var files = TestSupport.widget()
        files["placard.yml"] = "hosting: static-app\n"
        files["templates/partials/footer.mustache"] = "<footer>{{words.serach}}</footer>\n"
        let report = Pipeline.build(Project(root: TestSupport.project(files)))
        let unknown = report.findings.filter { $0.rule == "template.name.unknown" }
        #expect(unknown.count == 1 && unknown[0].message.contains("search"), "\(unknown)")
    }
}
