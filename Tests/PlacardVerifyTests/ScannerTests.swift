import PlacardRules
import Testing
@testable import PlacardVerify
import PlacardSystem

/// The byte scanners and parsers under the checks: JSON with offsets, HTML attributes,
/// option reads, CSS `url()`, tokens, SHA-2, paths.
@Suite("Scanners and parsers")
struct ScannerTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: JSON

    @Test("JSON values keep the offsets of their keys")
    func jsonOffsets() throws {
        let text = "{\n  \"A\" : [1, 2.5, true, null],\n  \"B\" : {\"c\": \"\\u00e9\\ud83d\\ude00\\n\"}\n}"
        let value = try JSONParser.parse(bytes(text)).get()
        let b = try #require(value.member("B"))
        #expect(SourceFile.position(of: b.keyOffset, in: bytes(text), file: "f").description == "f:3:3")
        #expect(b.value.member("c")?.value.string == "é😀\n")
        #expect(value.member("A")?.value.compact == "[1,2.5,true,null]")
    }

    static let syntaxErrors: [(String, String, Int)] = [
        ("{\"a\": 1,}", "expected a key in double quotes", 8),
        ("[1 2]", "expected ',' or ']'", 3),
        ("{\"a\" 1}", "expected ':' after the key", 5),
        ("\"abc", "unterminated string", 4),
        ("[01]", "invalid number (leading zero)", 1),
        ("{} x", "unexpected text after the JSON value", 3),
        ("", "unexpected end of file, expected a value", 0),
    ]

    @Test("JSON syntax errors carry the offset of the problem", arguments: syntaxErrors)
    func jsonErrors(_ text: String, _ message: String, _ offset: Int) {
        guard case .failure(let error) = JSONParser.parse(Array(text.utf8)) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(error.message == message)
        #expect(error.offset == offset)
    }

    @Test("JSON comparison ignores key order and number spelling, and names the first difference")
    func jsonDifference() throws {
        let a = try JSONParser.parse(bytes(#"{"X": 1, "O": {"c": "RED", "w": 10}}"#)).get()
        let b = try JSONParser.parse(bytes(#"{"O": {"w": 10.0, "c": "RED"}, "X": 1}"#)).get()
        #expect(a.firstDifference(from: b) == nil)
        let c = try JSONParser.parse(bytes(#"{"X": 1, "O": {"c": "GREEN", "w": 10}}"#)).get()
        #expect(a.firstDifference(from: c)?.path == "O.c")
        let d = try JSONParser.parse(bytes(#"{"X": 1}"#)).get()
        let missing = try #require(a.firstDifference(from: d))
        #expect(missing.path == "O" && missing.theirs == nil)
        #expect(Verifier.offset(of: "O.c", in: a) == 15)
    }

    // MARK: Locations

    @Test("columns count characters, not bytes")
    func columns() {
        let text = bytes("ä\n  «x» y")
        let y = text.count - 1
        #expect(SourceFile.position(of: y, in: text, file: "f") == SourceLocation(file: "f", line: 2, column: 7))
        #expect(SourceFile.position(of: 0, in: text, file: "f") == SourceLocation(file: "f", line: 1, column: 1))
    }

    @Test("a locator gives every offset the location position(of:) gives, in any order")
    func locator() {
        let text = bytes("ä\n  «x» y\n\nлинк\r\nend")
        let file = SourceFile(path: "f", display: "f", bytes: text)
        var locator = SourceFile.Locator(file)
        for offset in Array(0...text.count + 2) + [9, 3, 0, text.count, 5, -1] {
            #expect(locator.location(offset) == SourceFile.position(of: offset, in: text, file: "f"), "offset \(offset)")
        }
    }

    // MARK: HTML

    @Test("HTML: attributes in any quoting and case, entities, comments and raw text skipped")
    func html() {
        let page = """
            <!DOCTYPE html><!-- <img src="commented.png"> -->
            <META NAME="B24-Placement" content=IM_SIDEBAR>
            <link rel=stylesheet href='style.css' integrity="sha384-abc">
            <style>a[href="not-a-tag.png"] { }</style>
            <a href="a.html?x=1&amp;y=2" data-b24-option="dialogId">x</a>
            <img srcset="a.png 1x, b%20c.png 2x" data-b24-if=URI>
            <script>if (a < b) { x = "<img src='inline.png'>"; }</script>
            <script src="https://api.bitrix24.com/api/v1/"></script>
            """
        let scan = HTMLScan.scan(bytes(page))
        #expect(scan.placementMetas.map(\.text) == ["IM_SIDEBAR"])
        #expect(scan.references.map(\.url.text) == ["style.css", "a.html?x=1&y=2", "a.png", "b%20c.png", "https://api.bitrix24.com/api/v1/"])
        #expect(scan.references.map(\.tag) == ["link", "a", "img", "img", "script"])
        #expect(scan.references[0].integrity?.text == "sha384-abc")
        #expect(scan.references[1].integrity == nil)
        #expect(scan.optionKeys.map(\.text) == ["dialogId"])
        #expect(scan.ifKeys.map(\.text) == ["URI"])
        #expect(scan.inlineScripts.count == 1)
        let script = scan.inlineScripts[0]
        #expect(String(decoding: bytes(page)[script], as: UTF8.self) == #"if (a < b) { x = "<img src='inline.png'>"; }"#)
        let srcset = scan.references[3].url
        #expect(String(decoding: bytes(page)[srcset.offset..<srcset.offset + 9], as: UTF8.self) == "b%20c.png")
    }

    @Test("HTML: a truncated page does not crash")
    func htmlTruncated() {
        for text in ["<", "<a", "<a href", "<a href=\"x", "<script>", "<!--", "<a href='x' "] {
            _ = HTMLScan.scan(bytes(text))
        }
    }

    // MARK: Scripts, stylesheets, tokens

    @Test("option reads in scripts")
    func optionReads() {
        let js = bytes(#"o.messageId; o?.URI; o["dialogId"]; o['messageId']; o.messageIds; o.URIx; x..messageId; o[`URI`]"#)
        let reads = js.withUnsafeBufferPointer { TextScanners.optionReads(in: $0, range: 0..<js.count) }
        #expect(reads.map(\.key) == ["messageId", "URI", "dialogId", "messageId", "URI"])
        #expect(reads[0].offset == 2)
    }

    @Test("CSS url() outside comments")
    func cssURLs() {
        let css = bytes(#"/* url(no.png) */ a { background: url( "a b.png" ) } b { mask: URL(c.svg#x) } c { x: my-url(d) }"#)
        let urls = css.withUnsafeBufferPointer { TextScanners.cssURLs(in: $0) }
        #expect(urls.map(\.url) == ["a b.png", "c.svg#x"])
    }

    static let tokenShapes: [(String, Bool)] = [
        ("var t = '717e0567006e9f06006b12e400000001000007c2ebc8f80264531d4fc09a27052a7fe2';", true),
        ("AUTH_ID=s6re4n8qilgqab41x1xcrf63z1esrzig&x=1", true),
        (#"{"refresh_token": "61fd2c67006e9f06006b12e4000000010000070914b54013c4"}"#, true),
        ("AUTH_ID: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'", false),
        ("sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", false),
        ("const auth = getAuth(); // AUTH_ID comes from BX24.getAuth()", false),
    ]

    @Test("token shapes", arguments: tokenShapes)
    func tokens(_ text: String, _ found: Bool) {
        let data = bytes(text)
        let tokens = data.withUnsafeBufferPointer { TextScanners.tokens(in: $0) }
        #expect(!tokens.isEmpty == found)
    }

    /// The byte-by-byte reading `TextScanners.tokens` replaced (each identifier run in turn;
    /// after a token name, the separator and the value read forwards), kept as its reference.
    static func referenceTokens(_ p: [UInt8]) -> [[Int]] {
        func identifier(_ b: UInt8) -> Bool { TextScanners.isAlphanumeric(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") }
        let names = ["AUTH_ID", "REFRESH_ID", "access_token", "refresh_token", "auth", "APPLICATION_TOKEN"].map { Array($0.utf8) }
        var result: [[Int]] = []
        var i = 0
        let n = p.count
        while i < n {
            guard identifier(p[i]) else { i += 1; continue }
            let start = i
            while i < n, identifier(p[i]) { i += 1 }
            if i - start == 70, p[start..<i].allSatisfy(TextScanners.isLowerHex) { result.append([start, 70]); continue }
            guard i - start <= 17, names.contains(Array(p[start..<i])) else { continue }
            var j = i
            while j < n, j - i < 3, p[j] == 0x22 || p[j] == 0x27 || p[j] == UInt8(ascii: "]") { j += 1 }
            while j < n, p[j] == 0x20 { j += 1 }
            guard j < n, p[j] == UInt8(ascii: "=") || p[j] == UInt8(ascii: ":") else { continue }
            j += 1
            while j < n, p[j] == 0x20 { j += 1 }
            if j < n, p[j] == 0x22 || p[j] == 0x27 { j += 1 }
            let value = j
            while j < n, TextScanners.isAlphanumeric(p[j]) { j += 1 }
            let run = p[value..<j]
            guard run.count >= 32, run.contains(where: { $0 <= 0x39 }), run.contains(where: { $0 > 0x39 }),
                  j == n || !identifier(p[j]) else { continue }
            result.append([value, run.count])
            i = j
        }
        return result
    }

    @Test("tokens: the same as the byte-by-byte reading, on generated text")
    func tokensMatchTheReference() {
        // Pieces that make names, separators and values meet in every order.
        let pieces = ["AUTH_ID", "auth", "refresh_token", "x", "_", "$", "=", ":", " ", "  ", "'", "\"", "]", "\n", "<p>",
                      "0123456789abcdef", "s6re4n8qilgqab41", "ZZZZ", "9", "-", "717e0567006e9f06006b12e400000001000007c2ebc8f80264531d4fc09a27052a7fe2"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D // xorshift, fixed seed: the same cases on every run
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        var compared = 0, found = 0
        for _ in 0..<4000 {
            var text: [UInt8] = []
            for _ in 0..<next(40) { text += Array(pieces[next(pieces.count)].utf8) }
            let fast = text.withUnsafeBufferPointer { TextScanners.tokens(in: $0) }.map { [$0.offset, $0.length] }
            #expect(fast == Self.referenceTokens(text), "\(String(decoding: text, as: UTF8.self).debugDescription)")
            compared += 1
            found += fast.count
        }
        #expect(compared == 4000 && found > 100, "the generated text holds tokens (\(found))")
        // The edges of the separator, each with a value of 32 letters and digits.
        let value = "s6re4n8qilgqab41x1xcrf63z1esrzig"
        let edges = ["auth=", "auth\"]'=", "auth\"]'\"=", "auth '=", "auth' = '", "auth=''", "auth:\"", "xauth=", "auth_=", "$auth=",
                     "AUTH_ID  :  \"", "auth]]]=", "auth]]]]=", "auth\n=", "=", "auth=\"\"", "AUTH_ID=" + value + "_", "auth=0"]
        for edge in edges {
            for text in [edge + value, edge + value + "x", "(" + edge + value + ")", edge + String(value.dropFirst())] {
                let data = bytes(text)
                #expect(data.withUnsafeBufferPointer { TextScanners.tokens(in: $0) }.map { [$0.offset, $0.length] } == Self.referenceTokens(data),
                        "\(text.debugDescription)")
            }
        }
        #expect(bytes("auth]]]=" + value).withUnsafeBufferPointer { TextScanners.tokens(in: $0) }.count == 1)
        #expect(bytes("auth]]]]=" + value).withUnsafeBufferPointer { TextScanners.tokens(in: $0) }.isEmpty, "at most three closers")
        for (text, _) in Self.tokenShapes {
            let data = bytes(text)
            #expect(data.withUnsafeBufferPointer { TextScanners.tokens(in: $0) }.map { [$0.offset, $0.length] } == Self.referenceTokens(data))
        }
    }

    // MARK: SHA-2

    @Test("SHA-2 test vectors (FIPS 180-4)")
    func sha2() {
        func hex(_ algorithm: SubresourceIntegrity.Algorithm, _ text: String) -> String {
            SubresourceIntegrity.digest(algorithm, Array(text.utf8)).map { String($0, radix: 16).leftPadded }.joined()
        }
        #expect(hex(.sha256, "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(.sha256, "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(.sha384, "abc") == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(hex(.sha512, "abc") == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        let long = String(repeating: "a", count: 1000)
        #expect(hex(.sha256, long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(SubresourceIntegrity.integrity(.sha384, of: Array("alert('Hello, world.');".utf8)) == "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO")
    }

    // MARK: Paths and URLs

    @Test("paths normalise; climbing out is nil")
    func normalize() {
        #expect(Path.normalize("a/b/c.html") == "a/b/c.html")
        #expect(Path.normalize("a/./b/../c.html") == "a/c.html")
        #expect(Path.normalize("a//b/") == "a/b")
        #expect(Path.normalize("a/../../x") == nil)
        #expect(Path.normalize("a/..") == "")
        #expect(Path.normalize("a/.well-known/x") == "a/.well-known/x")
    }

    @Test("schemes")
    func schemes() {
        #expect(ReferenceResolver.scheme(of: "HTTPS://x") == "https")
        #expect(ReferenceResolver.scheme(of: "mailto:a@b") == "mailto")
        #expect(ReferenceResolver.scheme(of: "a/b:c") == nil)
        #expect(ReferenceResolver.scheme(of: "1x:y") == nil)
        #expect(ReferenceResolver.scheme(of: "page.html") == nil)
    }

    @Test("the BX24 library: any https …/api/v1/ URL, or exactly --bx24-script")
    func bx24() {
        let input = VerifyInput.memory([:])
        let any = ReferenceResolver(input: input, bx24Script: nil)
        #expect(any.isBX24("https://api.bitrix24.com/api/v1/"))
        #expect(any.isBX24(" https://cdn.example.com/b24/api/v1/?v=2 "))
        #expect(!any.isBX24("http://api.bitrix24.com/api/v1/"))
        #expect(!any.isBX24("//api.bitrix24.com/api/v1/"))
        #expect(!any.isBX24("https://api.bitrix24.com/api/v2/"))
        #expect(!any.isBX24("https://example.com/x?u=/api/v1/"))
        let exact = ReferenceResolver(input: input, bx24Script: "https://cdn.example.com/bx24.js")
        #expect(exact.isBX24("https://cdn.example.com/bx24.js"))
        #expect(!exact.isBX24("https://api.bitrix24.com/api/v1/"))
    }

    @Test("a HANDLER's bundle folder")
    func handlerFolders() {
        #expect(HandlerRules.folder(ofHandler: "https://x.example/placard/handbook/") == "handbook")
        #expect(HandlerRules.folder(ofHandler: "https://x.example/handbook/index.html?x=1") == "handbook")
        #expect(HandlerRules.folder(ofHandler: "handbook/") == "handbook")
        #expect(HandlerRules.folder(ofHandler: "./handbook") == "handbook")
        #expect(HandlerRules.folder(ofHandler: "https://x.example/") == nil)
        #expect(HandlerRules.folder(ofHandler: "https://x.example") == nil)
        #expect(HandlerRules.folder(ofHandler: "") == nil)
    }

    @Test("hosts, loopback and Bitrix24 static hosts")
    func hosts() {
        #expect(HandlerRules.host(of: "https://User@Example.COM:8443/x") == "example.com")
        #expect(HandlerRules.host(of: "//[::1]:80/x") == "[::1]")
        #expect(HandlerRules.host(of: "page.html") == nil)
        for host in ["localhost", "a.localhost", "127.0.0.1", "127.1.2.3", "[::1]", "0.0.0.0"] {
            #expect(HandlerRules.isLoopback(host: host), "\(host)")
        }
        #expect(!HandlerRules.isLoopback(host: "10.0.0.1"))
        #expect(!HandlerRules.isLoopback(host: "example.com"))
        #expect(HandlerRules.isBitrix24StaticHost("https://abc.apps-bitrix24.com/app_local/1/x/"))
        #expect(!HandlerRules.isBitrix24StaticHost("https://widgets.example.com/x/"))
    }

    @Test("Placard's runtime file is recognised by name")
    func runtimeName() {
        #expect(FileChecks.isPlacardRuntime("handbook/runtime.7cdea6a348.js"))
        #expect(!FileChecks.isPlacardRuntime("handbook/runtime.js"))
        #expect(!FileChecks.isPlacardRuntime("handbook/my-runtime.7cdea6a348.js"))
        #expect(FileChecks.fileExtension("a/b.HTML") == "html")
        #expect(FileChecks.fileExtension("a.b/c") == "")
        #expect(FileChecks.fileExtension(".hidden") == "")
    }

    @Test("byte counts read well")
    func byteCounts() {
        #expect(ByteCount.format(999) == "999 bytes")
        #expect(ByteCount.format(1_048_576) == "1 MiB (1048576 bytes)")
        #expect(ByteCount.format(1_363_148) == "1.3 MiB (1363148 bytes)")
        #expect(ByteCount.format(2849) == "2.8 KiB (2849 bytes)")
    }
}

extension String {
    /// Two hex digits.
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
