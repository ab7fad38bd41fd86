import PlacardRules
import PlacardSystem

/// Where a file sits: in a bundle (with the bundle's placement) or among the app's files.
struct FileContext: Sendable {
    /// The bundle folder, or "" for files outside bundles (`index.html`, `install.html`).
    var root: String
    /// PLACEMENT as the bundle's `placement.json` writes it.
    var placementCode: String?
    /// The placement whose delivered keys pages may use; nil when unknown or archived.
    var placement: Placement?
}

/// What checking one file found.
struct FileResult: Sendable {
    var findings: [Finding] = []
    var isPage = false
    /// For an HTML file: the ids (and `<a name>`s) it has, which links' fragments may name.
    var ids: Set<String>?
    /// For an HTML file: its links to a fragment of an HTML file of the input (or of itself).
    var fragments: [FragmentReference] = []
}

/// A link to `target#fragment`, checked once every file's ids are known.
struct FragmentReference: Sendable {
    var url: String
    var target: String
    var fragment: String
    var location: SourceLocation
}

/// The per-file checks: pages (placement meta, BX24 library, option keys), references,
/// option reads in scripts, `url()` in stylesheets, and tokens in every text file.
///
/// Exists as one pure function of a file so the verifier can run it for every file in
/// parallel; each file is read exactly once.
struct FileChecks: Sendable {
    let input: VerifyInput
    let resolver: ReferenceResolver
    let integrity: IntegrityChecker
    /// Which local scripts are copies of b24jssdk (read once per verification).
    let sdkCopies = FrameSDKCopies()

    static let textExtensions: Set<String> = [
        "html", "htm", "js", "mjs", "cjs", "css", "json", "txt", "md", "svg", "xml", "map", "webmanifest", "csv", "yml", "yaml", "ts",
    ]

    /// `handbook/guide/a.html` → `handbook/guide`.
    static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    static func fileExtension(_ path: String) -> String {
        let bytes = path.utf8
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
        if let slash, dot <= bytes.index(after: slash) { return "" }
        if slash == nil, dot == bytes.startIndex { return "" }
        return String(decoding: bytes[bytes.index(after: dot)...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Placard's own runtime (`runtime.<10 hex>.js`) reads every key defensively, so its
    /// option reads are not the page author's.
    static func isPlacardRuntime(_ path: String) -> Bool {
        let bytes = path.utf8
        let name = Array(bytes[(bytes.lastIndex(of: UInt8(ascii: "/")).map(bytes.index(after:)) ?? bytes.startIndex)...])
        guard name.count == "runtime.0123456789.js".count, name.starts(with: Array("runtime.".utf8)), name.suffix(3) == Array(".js".utf8)[...] else { return false }
        return name[8..<18].allSatisfy(TextScanners.isLowerHex)
    }

    func check(_ path: String, context: FileContext) -> FileResult {
        let ext = Self.fileExtension(path)
        guard Self.textExtensions.contains(ext) else { return FileResult() }
        if let size = input.files[path], size > VerifyInput.maximumScannedSize {
            return FileResult(findings: [Finding(.structureFileTooLarge,
                                                "this file has \(size) bytes; verify reads text files (HTML, CSS, JS, JSON) of at most \(VerifyInput.maximumScannedSize) bytes, and a widget's page or script should be far smaller",
                                                at: SourceLocation(file: input.display(path)))])
        }
        guard let bytes = input.read(path) else {
            return FileResult(findings: [Finding(.structureFileUnreadable, "cannot read this file", at: SourceLocation(file: input.display(path)))])
        }
        return check(path, bytes: bytes, context: context)
    }

    /// The checks of a text file whose bytes are at hand (read, or just rendered); `tokens`:
    /// whether to look for OAuth tokens too (the build, whose pages hold only what the
    /// project wrote, leaves that to verify).
    func check(_ path: String, bytes: [UInt8], context: FileContext, tokens scansTokens: Bool = true) -> FileResult {
        let ext = Self.fileExtension(path)
        guard Self.textExtensions.contains(ext) else { return FileResult() }
        let file = SourceFile(path: path, display: input.display(path), bytes: bytes)
        var result = FileResult()
        switch ext {
        case "html", "htm": html(file, context: context, into: &result)
        case "css": css(file, context: context, into: &result)
        case "js", "mjs", "cjs":
            if !context.root.isEmpty, !Self.isPlacardRuntime(path) {
                result.findings += optionReads(file, range: 0..<bytes.count, context: context)
            }
        default: break
        }
        if !context.root.isEmpty { result.findings += SearchIndexChecks.check(file, input: input) }
        if scansTokens { result.findings += tokens(file) }
        return result
    }

    private func html(_ file: SourceFile, context: FileContext, into result: inout FileResult) {
        let scan = HTMLScan.scan(file.bytes)
        var loadsBX24 = false
        let folder = Self.folder(of: file.path)
        result.ids = scan.ids
        links(scan.links, in: file, folder: folder, context: context, into: &result)
        for reference in scan.references {
            // Only a script that runs gives the page its frame client: not one in a <template>.
            let client = reference.isScript && reference.runs
            if client, !loadsBX24, resolver.isBX24(reference.url.text) || ReferenceResolver.isFrameSDK(reference.url.text) { loadsBX24 = true }
            switch resolver.resolve(reference.url.text, in: file, folder: folder, at: reference.url.offset, root: context.root, isScript: reference.isScript) {
            case .ignore: break
            case .finding(let finding): result.findings.append(finding)
            case .local(let target):
                if client, !loadsBX24, sdkCopies.isFrameSDK(target, input: input) { loadsBX24 = true }
                if let value = reference.integrity,
                   let finding = integrity.check(value.text, url: reference.url.text, target: target, file: file, offset: value.offset) {
                    result.findings.append(finding)
                }
            }
        }
        // Pages are the bundle's HTML files; copies of content/_shared/ are assets.
        guard !context.root.isEmpty, !file.path.hasPrefix(context.root + "/_shared/") else { return }
        result.isPage = true
        let code = context.placementCode ?? ""
        if scan.placementMetas.isEmpty {
            let example = code.isEmpty ? "IM_SIDEBAR" : code
            result.findings.append(Finding(.pagePlacementMissing,
                                           "this page has no <meta name=\"b24-placement\" content=\"\(example)\">; the Placard runtime needs it to detect being opened in the wrong placement",
                                           at: file.whole))
        }
        for meta in scan.placementMetas where !code.isEmpty && meta.text.trimmingASCIIWhitespace != code {
            result.findings.append(Finding(.pagePlacementMismatch,
                                           "<meta name=\"b24-placement\"> says '\(meta.text)', but this bundle's placement.json binds \(code)",
                                           at: file.location(meta.offset)))
        }
        if !loadsBX24 {
            let library = resolver.bx24Script ?? BX24Library.officialURL
            result.findings.append(Finding(.pageBx24Missing,
                                           "this page runs no frame client — the BX24 library (<script src=\"\(library)\">) or the official b24jssdk — so it never receives its placement context (a script inside <template> or <noscript>, nomodule, or of another type does not run)",
                                           at: file.whole))
        }
        if let placement = context.placement {
            for key in scan.optionKeys where !placement.delivers(key.text) {
                result.findings.append(Finding(.pageOptionNotDelivered,
                                               "data-b24-option '\(key.text)' is never filled: \(placement.code) delivers only \(placement.delivers.joined(separator: ", "))\(Self.hint(key.text))",
                                               at: file.location(key.offset)))
            }
            for key in scan.ifKeys where !placement.delivers(key.text) {
                result.findings.append(Finding(.pageIfNotDelivered,
                                               "data-b24-if '\(key.text)' is never true: \(placement.code) delivers only \(placement.delivers.joined(separator: ", ")), so this element always stays hidden\(Self.hint(key.text))",
                                               at: file.location(key.offset)))
            }
            for range in scan.inlineScripts { result.findings += optionReads(file, range: range, context: context) }
        }
    }

    /// The fragments links name (checked across files by the verifier), and links to other
    /// sites that would open inside the widget's frame.
    private func links(_ links: [HTMLScan.Link], in file: SourceFile, folder: String, context: FileContext, into result: inout FileResult) {
        var locator = SourceFile.Locator(file)
        for link in links {
            let url = link.href.text.trimmingASCIIWhitespace
            if let scheme = ReferenceResolver.scheme(of: url) {
                guard scheme == "http" || scheme == "https" else { continue }
            } else if !url.hasPrefix("//") {
                guard let hash = url.utf8.firstIndex(of: UInt8(ascii: "#")) else { continue }
                let fragment = PercentEncoding.decode(url[url.index(after: hash)...])
                let path = url[..<hash].prefix { $0 != "?" }
                var target = file.path
                if !path.isEmpty {
                    guard case .local(let local) = resolver.resolve(url, in: file, folder: folder, at: link.href.offset, root: context.root, isScript: false),
                          ["html", "htm"].contains(Self.fileExtension(local)) else { continue }
                    target = local
                }
                result.fragments.append(FragmentReference(url: url, target: target, fragment: fragment, location: locator.location(link.href.offset)))
                continue
            }
            // Another site: in Bitrix24 the page is a frame, and a link followed in it replaces the widget.
            if let host = HandlerRules.host(of: url), HandlerRules.isLoopback(host: host) { continue } // ref.loopback says it
            let blank = link.target?.trimmingASCIIWhitespace.lowercased() == "_blank"
            let rel = Set((link.rel ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }).map(String.init))
            guard !blank || (rel.isDisjoint(with: ["noopener", "noreferrer"])) else { continue }
            let missing = blank ? "rel=\"noopener\" (the opened site could otherwise navigate the widget through window.opener)"
                                : "target=\"_blank\" (followed inside the widget's frame, it replaces the widget, and many sites refuse to be framed at all)"
            result.findings.append(Finding(.refExternalFrame,
                                           "the link to '\(url)' leads to another site but has no \(missing); add target=\"_blank\" rel=\"noopener noreferrer\", as Placard gives the links written in Markdown",
                                           at: file.location(link.href.offset)))
        }
    }

    /// ". Did you mean 'dialogId'?" for a near miss of a key some placement delivers.
    private static func hint(_ key: String) -> String {
        let all = TextScanners.optionKeys.map { String(decoding: $0, as: UTF8.self) }
        let hint = all.contains(key) ? "" : Suggestion.didYouMean(key, in: all)
        return hint.isEmpty ? "" : "." + hint
    }

    private func optionReads(_ file: SourceFile, range: Range<Int>, context: FileContext) -> [Finding] {
        guard let placement = context.placement else { return [] }
        let reads = file.bytes.withUnsafeBufferPointer { TextScanners.optionReads(in: $0, range: range) }
        return reads.filter { !placement.delivers($0.key) }.map { read in
            Finding(.scriptOptionNotDelivered,
                    "script reads placement option '\(read.key)', which \(placement.code) never delivers (it delivers only \(placement.delivers.joined(separator: ", "))); the value is always undefined",
                    at: file.location(read.offset))
        }
    }

    private func css(_ file: SourceFile, context: FileContext, into result: inout FileResult) {
        let urls = file.bytes.withUnsafeBufferPointer { TextScanners.cssURLs(in: $0) }
        let folder = Self.folder(of: file.path)
        for url in urls where !url.url.hasPrefix("data:") {
            if case .finding(let finding) = resolver.resolve(url.url, in: file, folder: folder, at: url.offset, root: context.root, isScript: false) {
                result.findings.append(finding)
            }
        }
    }

    private func tokens(_ file: SourceFile) -> [Finding] {
        let found = file.bytes.withUnsafeBufferPointer { TextScanners.tokens(in: $0) }
        return found.map { token in
            let preview = String(decoding: file.bytes[token.offset..<token.offset + 8], as: UTF8.self)
            return Finding(.secretToken,
                           "'\(preview)…' looks like a Bitrix24 OAuth token (AUTH_ID/REFRESH_ID shape); anyone who downloads this file could act as that user: remove it, and revoke the token",
                           at: file.location(token.offset))
        }
    }
}

/// Recognises a local copy of the official b24jssdk's UMD build, a frame client as BX24.js is.
///
/// Exists because the SDK may be bundled (a widget must not depend on unpkg being reachable):
/// a page that loads `b24jssdk.min.js` from its own bundle has a frame client. A copy is known
/// by what its build defines — the global `B24Js` and `initializeB24Frame` — not by its name,
/// so a file merely named like the SDK does not pass. Each file is read at most once.
final class FrameSDKCopies: Sendable {
    private let known = Locked<[String: Bool]>([:])

    func isFrameSDK(_ target: String, input: VerifyInput) -> Bool {
        guard ["js", "mjs", "cjs"].contains(FileChecks.fileExtension(target)) else { return false }
        if let cached = known.withLock({ $0[target] }) { return cached }
        var found = false
        if let size = input.files[target], size <= VerifyInput.maximumScannedSize, let bytes = input.read(target) {
            found = Self.contains(bytes, "B24Js") && Self.contains(bytes, "initializeB24Frame")
        }
        known.withLock { $0[target] = found }
        return found
    }

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count, let first = needle.first else { return false }
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first, bytes[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
