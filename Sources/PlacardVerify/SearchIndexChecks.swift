internal import Crypto
import Foundation
import PlacardRules
import PlacardSystem

/// Checks of the search index a build writes into a bundle (`<bundle>/search/`, see
/// docs/search.md): the entry names only files that exist, each map names only pages that
/// exist (a result links to them, and the browser cuts excerpts from them), every
/// fingerprinted file of the index hashes to the name it carries, and the search script the
/// runtime loads exists and matches the integrity baked into it.
///
/// Exists because the index is many small files fetched by name on the reader's first
/// keystroke: one missing or stale file (a partial upload, a hand edit, a cache) breaks
/// search without any error on the page. Each file is checked while verify reads it anyway.
enum SearchIndexChecks {
    /// What a path of the output is to the index.
    enum Kind: Equatable {
        /// `<bundle>/search/index.json`.
        case entry(bundle: String)
        /// `<bundle>/search/<lang>/<stem>.<10 hex>.<ext>`.
        case part(bundle: String, language: String, stem: String, hash: String)
        /// `<bundle>/runtime.<10 hex>.js`.
        case runtime(bundle: String)
    }

    static func kind(of path: String) -> Kind? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, FileChecks.isPlacardRuntime(path) { return .runtime(bundle: parts[0]) }
        guard parts.count >= 3, parts[1] == "search" else { return nil }
        if parts.count == 3, parts[2] == "index.json" { return .entry(bundle: parts[0]) }
        guard parts.count == 4 else { return nil }
        let name = parts[3].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard name.count == 3, ["t", "m"].contains(name[0]), isHash(name[1]) else { return nil }
        return .part(bundle: parts[0], language: parts[2], stem: name[0], hash: name[1])
    }

    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 10 && text.utf8.allSatisfy(TextScanners.isLowerHex)
    }

    /// The first 10 hex digits of the SHA-256 of `bytes`, as the build names files.
    static func hash(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    static func check(_ file: SourceFile, input: VerifyInput) -> [Finding] {
        switch kind(of: file.path) {
        case nil: return []
        case .entry(let bundle)?: return entry(file, bundle: bundle, input: input)
        case .runtime(let bundle)?: return runtime(file, bundle: bundle, input: input)
        case .part(let bundle, let language, let stem, let expected)?:
            let actual = hash(file.bytes)
            guard actual == expected else {
                return [Finding(.searchIndexHash,
                                "this file of the search index hashes to \(actual), not to the \(expected) in its name: it was changed after the build, or is a stale copy; rebuild and upload the whole bundle",
                                at: file.whole)]
            }
            guard stem == "m" else { return [] }
            var findings: [Finding] = []
            var offset = 0
            for line in file.bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                defer { offset += line.count + 1 }
                if line.isEmpty { continue }
                guard let tab = line.firstIndex(of: 0x09) else {
                    findings.append(Finding(.searchIndexInvalid, "a line of a page map is not 'path TAB title' with a path inside the bundle", at: file.location(offset)))
                    continue
                }
                let path = PercentEncoding.decode(String(decoding: line[line.startIndex..<tab], as: UTF8.self))
                if path.isEmpty || path.utf8.first == UInt8(ascii: "/") || Self.hasParentStep(path) {
                    findings.append(Finding(.searchIndexInvalid, "a line of a page map is not 'path TAB title' with a path inside the bundle", at: file.location(offset)))
                } else if input.files[bundle + "/" + path] == nil {
                    findings.append(missing(bundle + "/" + path, input: input, at: file.location(offset)))
                }
            }
            return findings
        }
    }

    /// Whether a `/`-separated path has a `..` part.
    static func hasParentStep(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "/") {
                if i - start == 2, bytes[start] == UInt8(ascii: "."), bytes[start + 1] == UInt8(ascii: ".") { return true }
                start = i + 1
            }
            return false
        }
    }

    private static func missing(_ target: String, input: VerifyInput, at location: SourceLocation) -> Finding {
        Finding(.searchIndexMissing,
                "the search index names \(input.display(target)), which is not in the output: searches that need it fail; rebuild and upload the whole bundle",
                at: location)
    }

    private static func entry(_ file: SourceFile, bundle: String, input: VerifyInput) -> [Finding] {
        let invalid = { (what: String) in
            [Finding(.searchIndexInvalid, "\(what); Placard's search script cannot read this index: rebuild the widget", at: file.whole)]
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any] else {
            return invalid("this is not a JSON object")
        }
        guard json["version"] as? Int == 2 else { return invalid("its version is not 2") }
        guard let map = json["map"] as? Int, map > 0 else { return invalid("'map' is not a positive page count") }
        guard let languages = json["languages"] as? [String: Any], !languages.isEmpty else { return invalid("it has no languages") }
        var findings: [Finding] = []
        for code in languages.keys.sorted() {
            guard let language = languages[code] as? [String: Any], let pages = language["pages"] as? Int, pages >= 0,
                  let chunks = language["chunks"] as? [[String]], let maps = language["maps"] as? [String],
                  !code.isEmpty, !code.contains("/"), !code.hasPrefix(".") else {
                findings += invalid("language '\(code)' is not {pages, chunks: [[first term, hash]], maps: [hash]}")
                continue
            }
            guard chunks.allSatisfy({ $0.count == 2 && isHash($0[1]) }), maps.allSatisfy(isHash) else {
                findings += invalid("language '\(code)' names a chunk or map by something other than 10 hex digits")
                continue
            }
            let firsts = chunks.map(\.[0])
            if firsts.first.map({ !$0.isEmpty }) ?? false
                || zip(firsts, firsts.dropFirst()).contains(where: { !$0.utf16.lexicographicallyPrecedes($1.utf16) }) {
                findings += invalid("the chunks of language '\(code)' do not start with \"\" and ascend")
            }
            if maps.count != (pages + map - 1) / map {
                findings += invalid("language '\(code)' has \(pages) pages, which need \((pages + map - 1) / map) maps, not \(maps.count)")
            }
            for target in chunks.map({ "\(bundle)/search/\(code)/t.\($0[1]).txt" }) + maps.map({ "\(bundle)/search/\(code)/m.\($0).txt" })
            where input.files[target] == nil {
                findings.append(missing(target, input: input, at: file.whole))
            }
        }
        return findings
    }

    /// The search script baked into the runtime (`const SEARCH = {"script": …, "integrity": …}`)
    /// of a bundle with an index.
    private static func runtime(_ file: SourceFile, bundle: String, input: VerifyInput) -> [Finding] {
        guard input.files[bundle + "/search/index.json"] != nil,
              let start = file.bytes.firstRange(of: Array("const SEARCH = ".utf8))?.upperBound,
              let end = file.bytes[start...].firstIndex(of: UInt8(ascii: ";")),
              let json = try? JSONSerialization.jsonObject(with: Data(file.bytes[start..<end])) as? [String: String],
              let script = json["script"], let integrity = json["integrity"] else { return [] }
        let target = bundle + "/" + script
        guard !script.isEmpty, !script.contains("/"), input.files[target] != nil else {
            return [missing(target, input: input, at: file.location(start))]
        }
        guard (input.files[target] ?? 0) <= VerifyInput.maximumScannedSize, let bytes = input.read(target) else { return [] }
        let actual = SubresourceIntegrity.integrity(.sha384, of: bytes)
        guard actual == integrity else {
            return [Finding(.searchIndexHash,
                            "the runtime loads \(script) with integrity \(integrity), but the file hashes to \(actual); browsers refuse it and search fails: rebuild and upload the whole bundle",
                            at: file.location(start))]
        }
        return []
    }
}
