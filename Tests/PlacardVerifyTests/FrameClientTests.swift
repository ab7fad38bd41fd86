import Testing
import PlacardRules
import PlacardSystem
@testable import PlacardVerify

/// Issue 21 §3: a page's frame client is BX24.js or the official b24jssdk (on unpkg as its
/// documentation loads it, or a copy in the bundle), and only a script that runs counts.
@Suite("Frame clients: BX24.js or b24jssdk, and only scripts that run")
struct FrameClientTests {
    static let unpkg = "https://unpkg.com/@bitrix24/b24jssdk@2.1.0/dist/umd/index.min.js"
    /// What the SDK's UMD build defines, as a stand-in for a copy of it.
    static let sdkCopy = "(function (g, f) { g.B24Js = f(); })(this, function () { async function initializeB24Frame() {} return { initializeB24Frame }; });\n"

    /// The rules found on `dist/handbook/index.html` when its <head> loads `scripts` instead of BX24.js.
    func rules(head scripts: String, body: String = "", extra: [String: [UInt8]] = [:]) throws -> [String] {
        let valid = try VerifyInput.directory(Fixtures.dist("valid"))
        var files: [String: [UInt8]] = [:]
        for path in valid.files.keys { files[path] = valid.read(path) }
        let page = String(decoding: try #require(files["handbook/index.html"]), as: UTF8.self)
            .replacingAll("<script src=\"https://api.bitrix24.com/api/v1/\"></script>", with: scripts)
            .replacingAll("<main>", with: "<main>" + body)
        files["handbook/index.html"] = Array(page.utf8)
        for (path, bytes) in extra { files[path] = bytes }
        let report = Verifier().verify(VerifyInput.memory(files))
        return report.findings.filter { $0.location?.file == "dist/handbook/index.html" }.map(\.rule)
    }

    @Test func theBX24LibraryIsAFrameClient() throws {
        #expect(try rules(head: "<script src=\"https://api.bitrix24.com/api/v1/\"></script>") == [])
    }

    @Test func b24jssdkFromItsDocumentedURLIsAFrameClient() throws {
        #expect(try rules(head: "<script src=\"\(Self.unpkg)\"></script>") == [])
        #expect(try rules(head: "<script src=\"https://unpkg.com/@bitrix24/b24jssdk@2/dist/umd/index.min.js\"></script>") == [])
        // Another file of the package, or another host, is a remote script like any other.
        #expect(try rules(head: "<script src=\"https://unpkg.com/@bitrix24/b24jssdk@2/dist/esm/index.js\"></script>").sorted()
                == ["page.bx24.missing", "ref.script.remote"])
        #expect(try rules(head: "<script src=\"https://cdn.example.com/@bitrix24/b24jssdk@2/dist/umd/index.min.js\"></script>").sorted()
                == ["page.bx24.missing", "ref.script.remote"])
    }

    @Test func aCopyOfB24jssdkInTheBundleIsAFrameClient() throws {
        #expect(try rules(head: "<script src=\"assets/b24jssdk.min.js\"></script>", extra: ["handbook/assets/b24jssdk.min.js": Array(Self.sdkCopy.utf8)]) == [])
        // Named like the SDK but something else: no frame client.
        #expect(try rules(head: "<script src=\"assets/b24jssdk.min.js\"></script>", extra: ["handbook/assets/b24jssdk.min.js": Array("console.log(1)\n".utf8)])
                == ["page.bx24.missing"])
    }

    @Test(arguments: [
        "<template><script src=\"https://api.bitrix24.com/api/v1/\"></script></template>",
        "<noscript><script src=\"https://api.bitrix24.com/api/v1/\"></script></noscript>",
        "<script type=\"text/plain\" src=\"https://api.bitrix24.com/api/v1/\"></script>",
        "<script nomodule src=\"https://api.bitrix24.com/api/v1/\"></script>",
        "<TEMPLATE id=t><div><script src=\"\(unpkg)\"></script></div></TEMPLATE>",
    ])
    func aFrameClientThatDoesNotRunIsNoFrameClient(_ scripts: String) throws {
        #expect(try rules(head: scripts) == ["page.bx24.missing"])
    }

    @Test func scriptsAfterATemplateRunAgain() throws {
        #expect(try rules(head: "<template><p>x</p></template><script src=\"https://api.bitrix24.com/api/v1/\" type=\"text/javascript\"></script>") == [])
        #expect(try rules(head: "<script type=\"module\" src=\"https://api.bitrix24.com/api/v1/\"></script>") == [])
    }

    @Test func theSDKsURLIsRecognisedExactly() {
        #expect(ReferenceResolver.isFrameSDK(Self.unpkg))
        #expect(ReferenceResolver.isFrameSDK("https://unpkg.com/@bitrix24/b24jssdk/dist/umd/index.min.js"))
        #expect(ReferenceResolver.isFrameSDK("https://unpkg.com/@bitrix24/b24jssdk@latest/dist/umd/index.min.js?v=1"))
        #expect(!ReferenceResolver.isFrameSDK("http://unpkg.com/@bitrix24/b24jssdk@2/dist/umd/index.min.js"))
        #expect(!ReferenceResolver.isFrameSDK("https://unpkg.com/@bitrix24/b24jssdk@2/../evil/dist/umd/index.min.js"))
        #expect(!ReferenceResolver.isFrameSDK("https://unpkg.com/@bitrix24/b24jssdk-evil@2/dist/umd/index.min.js"))
    }
}
