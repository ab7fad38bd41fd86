import Foundation
import PlacardCore
import PlacardRules
import PlacardSystem
import PlacardTestSupport
import Testing

/// `runtimeWords:` in placard.yml: parsed with findings at their keys, merged with the words
/// runtime.js ships, and baked into the widget's runtime.<hash>.js.
@Suite("Runtime words")
struct RuntimeWordsTests {
    static let shippedScript = RuntimeAssets(stylesheet: nil).script.bytes

    static func parse(_ yaml: String) -> (Config, [Finding]) {
        Config.parse("hosting: static-app\n" + yaml, file: Config.fileName)
    }

    /// The table a baked runtime.js holds.
    static func table(_ words: RuntimeWords) throws -> [String: [String: JSONValue]] {
        let table = RuntimeWords.shipped(in: words.bake(into: shippedScript))
        try #require(table != nil, "the baked runtime has no readable WORDS table")
        return table!
    }

    @Test func runtimeJSShipsEveryWordInEnglishGermanAndRussian() throws {
        let shipped = try #require(RuntimeWords.shipped(in: Self.shippedScript))
        #expect(Set(shipped.keys) == ["en", "de", "ru"])
        for (language, words) in shipped {
            #expect(Set(words.keys) == Set(RuntimeWords.keys), "\(language)")
            #expect(words["outside"].flatMap { if case .array(let parts) = $0 { parts.count } else { nil } } == 2, "\(language)")
        }
        #expect(shipped["en"]?["insert"] == "Insert")
    }

    @Test func parsesLanguagesWordsAndBothSpellingsOfOutside() {
        let (config, findings) = Self.parse("""
            runtimeWords:
              en:
                insert: Paste into chat
                outside: [Open it in Bitrix24 or run , " now."]
              fr:
                insert: Insérer
                outside: "Ouvrez cette page dans Bitrix24, ou prévisualisez-la avec $1."
                mismatch: Construite pour $1, ouverte comme $2.

            """)
        #expect(findings.isEmpty, "\(findings)")
        #expect(config.runtimeWords == RuntimeWords([
            "en": ["insert": .text("Paste into chat"), "outside": .around("Open it in Bitrix24 or run", " now.")],
            "fr": ["insert": .text("Insérer"), "outside": .around("Ouvrez cette page dans Bitrix24, ou prévisualisez-la avec ", "."),
                   "mismatch": .text("Construite pour $1, ouverte comme $2.")],
        ]))
    }

    @Test func withoutOverridesTheRuntimeIsTheShippedOne() {
        #expect(RuntimeWords().bake(into: Self.shippedScript) == Self.shippedScript)
        #expect(Self.parse("title: T\n").0.runtimeWords == RuntimeWords())
    }

    @Test func mergesOverridesOverTheShippedWordsAndEnglishForOtherLanguages() throws {
        let words = RuntimeWords(["en": ["insert": .text("Paste into chat")], "fr": ["insert": .text("Insérer")]])
        let table = try Self.table(words)
        let shipped = try #require(RuntimeWords.shipped(in: Self.shippedScript))
        #expect(Set(table.keys) == ["de", "en", "fr", "ru"])
        #expect(table["en"]?["insert"] == "Paste into chat")
        #expect(table["en"]?["inserted"] == shipped["en"]?["inserted"])
        #expect(table["fr"]?["insert"] == "Insérer")
        for key in RuntimeWords.keys where key != "insert" { #expect(table["fr"]?[key] == shipped["en"]?[key], "\(key)") }
        #expect(table["de"] == shipped["de"])
        #expect(table["ru"] == shipped["ru"])
    }

    @Test func theBakedRuntimeIsDeterministicValidAndFingerprintedByItsContent() throws {
        let words = RuntimeWords(["fr": ["insert": .text("Insérer \"ici\" \\ </script>")], "es": ["inserted": .text("Insertado")]])
        let baked = words.bake(into: Self.shippedScript)
        #expect(baked == RuntimeWords(words.overrides).bake(into: Self.shippedScript))
        let text = String(decoding: baked, as: UTF8.self)
        // Sorted keys, compact JSON in place of the table; the rest of runtime.js unchanged.
        #expect(text.contains(#"const WORDS = {"de":{"chat":"Chat","contents":"Inhalt","filter":"Antworten filtern","hint":"#))
        #expect(try Self.table(words)["fr"]?["insert"] == "Insérer \"ici\" \\ </script>")
        let shipped = String(decoding: Self.shippedScript, as: UTF8.self)
        #expect(text.hasPrefix(String(shipped[..<shipped.range(of: "const WORDS = ")!.upperBound])))
        #expect(text.hasSuffix(String(shipped[shipped.range(of: ";\n  const words = ")!.lowerBound...])))
        let plain = RuntimeAssets(stylesheet: nil), own = RuntimeAssets(stylesheet: nil, words: words)
        #expect(own.script.bytes == baked)
        #expect(own.script.name != plain.script.name && own.script.name.hasPrefix("runtime.") && own.script.name.hasSuffix(".js"))
        #expect(own.script.integrity == FingerprintedFile.integrity(of: baked))
        if let node = ["/usr/bin/node", "/usr/local/bin/node"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            let file = TestSupport.temporaryFolder("placard-words") + "/runtime.js"
            try Data(baked).write(to: URL(fileURLWithPath: file))
            let check = Process()
            check.executableURL = URL(fileURLWithPath: node)
            check.arguments = ["--check", file]
            try check.run()
            check.waitUntilExit()
            #expect(check.terminationStatus == 0)
        }
    }

    @Test func aBuildBakesTheWordsIntoEveryWidgetsRuntime() throws {
        var files = TestSupport.widget("a").merging(TestSupport.widget("b")) { a, _ in a }
        files["placard.yml"] = "hosting: static-app\nruntimeWords:\n  fr:\n    insert: Insérer\n"
        let root = TestSupport.project(files)
        let report = Pipeline.build(Project(root: root))
        #expect(!report.findings.hasErrors, "\(report.findings)")
        for widget in ["a", "b"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: "\(root)/dist/\(widget)").filter { $0.hasPrefix("runtime.") }
            #expect(names.count == 1)
            let script = try String(contentsOfFile: "\(root)/dist/\(widget)/\(names[0])", encoding: .utf8)
            #expect(script.contains(#""fr":{"chat":"Chat","contents":"Contents","filter":"Filter replies","hint":"Insert puts a reply into the message field; edit it before sending.","insert":"Insérer","inserted":"Inserted","inserting":"Inserting…","#))
            #expect(names[0] != RuntimeAssets(stylesheet: nil).script.name)
        }
    }

    @Test func findingsAtTheirKeys() {
        let (config, findings) = Self.parse("""
            runtimeWords:
              en:
                insrt: Paste
                mismatch: Built for $1 only
                inserted: [a, b]
                outside: Open it in Bitrix24
              FR:
                insert: Insérer
              es: Hola
              de:
                outside: [one, two, three]
                insert: Einfügen!

            """)
        let seen = findings.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.rule)" }
        #expect(seen == [
            "4:5 config.runtimeWords.key", "5:5 config.runtimeWords.placeholder", "6:5 config.runtimeWords.value",
            "7:5 config.runtimeWords.value", "8:3 config.runtimeWords.language", "10:3 config.runtimeWords.value",
            "12:5 config.runtimeWords.value",
        ])
        #expect(findings.first?.message.contains("Did you mean 'insert'?") == true)
        // What is valid is kept: en's mismatch (a warning only) and de's insert.
        #expect(config.runtimeWords == RuntimeWords(["en": ["mismatch": .text("Built for $1 only")], "de": ["insert": .text("Einfügen!")]]))

        let (_, notAMapping) = Self.parse("runtimeWords: [en]\n")
        #expect(notAMapping.map(\.rule) == [Rule.configRuntimeWordsValue.id])
        #expect(notAMapping.first?.location?.line == 2)
    }
}
