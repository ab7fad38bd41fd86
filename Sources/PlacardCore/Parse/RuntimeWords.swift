import PlacardRules
import PlacardSystem

/// The runtime's own words that a project sets in `placard.yml` (`runtimeWords:`): the
/// Insert button and its status, the outside-Bitrix24 notice, the wrong-placement warning.
///
/// Exists so that a project can reword them, or add a language the runtime does not ship,
/// without a template or a runtime of its own: the build bakes the merged table into each
/// widget's `runtime.<hash>.js`, so no page carries extra bytes.
public struct RuntimeWords: Sendable, Equatable {
    /// The runtime's words, as runtime.js names them.
    package static let keys = ["insert", "inserting", "inserted", "noChat", "notInserted", "noAnswer", "outside", "mismatch", "filter", "matches", "mobile", "updated",
                               "search", "pages", "contents", "chat", "message", "openedFrom", "hint"]
    /// The search box's words, as search.js names them (baked into `search.<hash>.js`): none
    /// found, and the count ($1) in the plural forms one, few (Russian's 2–4) and many (the rest).
    package static let searchKeys = ["searchNone", "searchOne", "searchFew", "searchMany", "searchFailed"]
    /// Every word `runtimeWords` may set.
    package static let allKeys = keys + searchKeys

    /// One word: a text, or for `outside` the texts before and after the code element.
    package enum Word: Sendable, Equatable {
        case text(String)
        case around(String, String)

        var json: JSONValue {
            switch self {
            case .text(let text): .string(text)
            case .around(let before, let after): .array([.string(before), .string(after)])
            }
        }
    }

    /// What placard.yml gives, by language code and word key.
    package var overrides: [String: [String: Word]] = [:]

    package init(_ overrides: [String: [String: Word]] = [:]) { self.overrides = overrides }

    /// Reads `runtimeWords:` (a mapping of language codes to mappings of word keys to
    /// strings); every problem is a finding at its key, and what is valid is kept.
    static func parse(_ value: YAMLValue, at: SourceLocation, file: String, findings: inout [Finding]) -> RuntimeWords {
        guard case .mapping(let languages) = value else {
            findings.append(Finding(.configRuntimeWordsValue,
                                    "runtimeWords must be a mapping of language codes to the runtime's words, such as 'fr:' with 'insert: Insérer' below it, not \(describe(value))",
                                    at: at))
            return RuntimeWords()
        }
        var words = RuntimeWords()
        for language in languages.fields {
            let languageAt = SourceLocation(file: file, line: language.line, column: language.column)
            let code = language.key
            guard code.count == 2, code.unicodeScalars.allSatisfy({ $0.value >= 0x61 && $0.value <= 0x7A }) else {
                findings.append(Finding(.configRuntimeWordsLanguage,
                                        "runtimeWords: '\(code)' is not a language code; write a 2-letter lower-case Bitrix24 code such as en, de, ru, fr",
                                        at: languageAt))
                continue
            }
            guard case .mapping(let entries) = language.value else {
                findings.append(Finding(.configRuntimeWordsValue,
                                        "runtimeWords.\(code) must be a mapping of the runtime's words (\(allKeys.joined(separator: ", "))) to strings, not \(describe(language.value))",
                                        at: languageAt))
                continue
            }
            var given: [String: Word] = [:]
            for entry in entries.fields {
                let entryAt = SourceLocation(file: file, line: entry.line, column: entry.column)
                let name = "runtimeWords.\(code).\(entry.key)"
                guard allKeys.contains(entry.key) else {
                    findings.append(Finding(.configRuntimeWordsKey,
                                            "\(name) is not one of the runtime's words and is ignored; they are \(allKeys.joined(separator: ", ")).\(Suggestion.didYouMean(entry.key, in: allKeys))",
                                            at: entryAt))
                    continue
                }
                if let word = word(entry.key, entry.value, name: name, at: entryAt, findings: &findings) { given[entry.key] = word }
            }
            if !given.isEmpty { words.overrides[code] = given }
        }
        return words
    }

    /// One word's value, judged for its key.
    private static func word(_ key: String, _ value: YAMLValue, name: String, at: SourceLocation, findings: inout [Finding]) -> Word? {
        if key == "outside" {
            let shape = "two strings (the text before and after `placard serve`), or one string with $1 where it goes"
            switch value {
            case .list(let parts) where parts.count == 2:
                if let before = parts[0].string, let after = parts[1].string {
                    if (before + after).allSatisfy(\.isWhitespace) {
                        findings.append(Finding(.configRuntimeWordsValue, "\(name) is empty around `placard serve`; write the notice, or remove the line", at: at))
                        return nil
                    }
                    return .around(before, after)
                }
            case .scalar(let text, _):
                let pieces = text.components(separatedBy: "$1")
                if pieces.count == 2 { return .around(pieces[0], pieces[1]) }
                findings.append(Finding(.configRuntimeWordsValue,
                                        "\(name) has \(pieces.count == 1 ? "no" : "more than one") $1; write \(shape)", at: at))
                return nil
            default: break
            }
            findings.append(Finding(.configRuntimeWordsValue, "\(name) must be \(shape), not \(describe(value))", at: at))
            return nil
        }
        guard let text = value.string else {
            findings.append(Finding(.configRuntimeWordsValue, "\(name) must be a string, not \(describe(value))", at: at))
            return nil
        }
        // An empty word is an empty Insert button or a blank notice: refused, so English stays.
        guard !text.allSatisfy(\.isWhitespace) else {
            findings.append(Finding(.configRuntimeWordsValue,
                                    "\(name) is empty, which would leave \(key == "insert" ? "every Insert button without a label" : "the runtime saying nothing there"); write the word, or remove the line to keep the shipped one",
                                    at: at))
            return nil
        }
        if key == "mismatch" {
            let missing = ["$1", "$2"].filter { !text.contains($0) }
            if !missing.isEmpty {
                findings.append(Finding(.configRuntimeWordsPlaceholder,
                                        "\(name) has no \(missing.joined(separator: " and ")): $1 is the placement the page was built for, $2 the one Bitrix24 opened it as",
                                        at: at))
            }
        }
        return .text(text)
    }

    private static func describe(_ value: YAMLValue) -> String {
        if case .scalar = value { return "a single value" }
        return value.typeName
    }

    /// runtime.js with its `WORDS` table replaced by the shipped words merged with these: a
    /// language it does not ship gets English for any word it does not give. Keys are
    /// sorted, so the same settings give the same bytes. Without overrides, runtime.js as it is.
    package func bake(into script: [UInt8]) -> [UInt8] {
        bake(into: script, keys: Self.keys, before: Self.runtimeTableEnd)
    }

    /// search.js with its `WORDS` table (the search box's words, `searchKeys`) merged the same way.
    package func bakeSearch(into script: [UInt8]) -> [UInt8] {
        bake(into: script, keys: Self.searchKeys, before: Self.searchTableEnd)
    }

    /// What follows the words table in runtime.js and in search.js.
    static let runtimeTableEnd = ";\n  const words = ", searchTableEnd = ";\n  const said = "

    private func bake(into script: [UInt8], keys: [String], before end: String) -> [UInt8] {
        guard overrides.values.contains(where: { words in keys.contains { words[$0] != nil } }) else { return script }
        let text = String(decoding: script, as: UTF8.self)
        guard let (range, shipped) = Self.table(in: text, before: end) else { return script }
        let english = shipped["en"] ?? [:]
        var merged: [String: JSONValue] = [:]
        for language in Set(shipped.keys).union(overrides.keys) {
            var entries: [String: JSONValue] = [:]
            for key in keys {
                entries[key] = overrides[language]?[key]?.json ?? shipped[language]?[key] ?? english[key]
            }
            merged[language] = .object(entries)
        }
        var baked = text
        baked.replaceSubrange(range, with: JSONValue.object(merged).text)
        return Array(baked.utf8)
    }

    /// The words in `language` as the default templates write them into the page before the
    /// runtime runs (`{{words.search}}`, next to `data-b24-word="search"`, which the runtime
    /// replaces with the reader's language): the project's word, else the shipped one, else
    /// English. `outside` is one text, with `placard serve` where its code element goes.
    package func templateWords(_ language: String) -> [String: String] {
        let shipped = Self.shippedWords
        let code = String(language.prefix(2))
        var out: [String: String] = [:]
        for key in Self.keys {
            if let word = overrides[code]?[key] {
                switch word {
                case .text(let text): out[key] = text
                case .around(let before, let after): out[key] = before + "placard serve" + after
                }
                continue
            }
            let value = shipped[code]?[key] ?? shipped["en"]?[key]
            switch value {
            case .string(let text)?: out[key] = text
            case .array(let parts)?: out[key] = parts.compactMap { if case .string(let part) = $0 { part } else { nil } }.joined(separator: "placard serve")
            default: break
            }
        }
        return out
    }

    /// The table of the embedded runtime.js, read once.
    static let shippedWords: [String: [String: JSONValue]] = shipped(in: PackageResources.runtime_js) ?? [:]

    /// The words runtime.js ships, by language and key.
    package static func shipped(in script: [UInt8]) -> [String: [String: JSONValue]]? {
        table(in: String(decoding: script, as: UTF8.self), before: runtimeTableEnd)?.words
    }

    /// The words search.js ships, by language and key.
    package static func shippedSearch(in script: [UInt8]) -> [String: [String: JSONValue]]? {
        table(in: String(decoding: script, as: UTF8.self), before: searchTableEnd)?.words
    }

    /// Where the script writes `const WORDS = {…};` (the object, as JSON, up to `end`:
    /// `;` and the next declaration) and what it holds.
    private static func table(in text: String, before end: String) -> (range: Range<String.Index>, words: [String: [String: JSONValue]])? {
        guard let declaration = text.range(of: "const WORDS = "),
              let next = text.range(of: end, range: declaration.upperBound..<text.endIndex) else { return nil }
        let range = declaration.upperBound..<next.lowerBound
        guard let object = JSONValue.decode(Array(text[range].utf8))?.object else { return nil }
        var words: [String: [String: JSONValue]] = [:]
        for (language, entries) in object {
            guard let entries = entries.object else { return nil }
            words[language] = entries
        }
        return (range, words)
    }
}
