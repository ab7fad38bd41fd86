import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PlacardServe
import PlacardSystem

@Suite("HTML rewriting and emulator pages")
struct RewriteAndPageTests {
    @Test func servedHTMLGetsLocalBX24AndLiveReloadButDistDoesNot() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app(bx24: .local)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/help/", method: .get).text
            #expect(page.contains("<script src=\"/_placard/bx24.js\"></script>"))
            #expect(!page.contains("api.bitrix24.com"))
            #expect(page.contains("/_placard/livereload.js"))
            #expect(page.contains("integrity=\"sha384-"), "the runtime keeps its SRI")
        }
        let onDisk = try project.read("dist/help/index.html")
        #expect(onDisk.contains("<script src=\"https://api.bitrix24.com/api/v1/\"></script>"))
        #expect(!onDisk.contains("_placard"))
    }

    @Test func officialModeKeepsTheOfficialScript() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app(bx24: .official)
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/help/", method: .get).text
            #expect(page.contains("https://api.bitrix24.com/api/v1/"))
            #expect(!page.contains("/_placard/bx24.js"))
            #expect(page.contains("/_placard/livereload.js"))
        }
    }

    @Test func rewriterMatchesTheConfiguredScriptOnly() {
        let rewriter = HTMLRewriter(bx24Script: "https://api.bitrix24.com/api/v1/", useLocalBX24: true)
        let html = """
        <html><head><SCRIPT type='text/javascript' SRC='//api.bitrix24.com/api/v1' integrity="sha384-x" crossorigin="anonymous" defer></SCRIPT>
        <script src="https://example.com/api/v1/"></script><script>var a = "<script src=x>";</script></head><body></body></html>
        """
        let out = rewriter.rewrite(html)
        #expect(out.contains("<script type=\"text/javascript\" src=\"/_placard/bx24.js\" defer></SCRIPT>"))
        #expect(out.contains("<script src=\"https://example.com/api/v1/\"></script>"))
        #expect(!out.contains("sha384-x"))
        #expect(out.contains("<script src=\"/_placard/livereload.js\" data-placard-livereload></script></head>"))
        let bare = HTMLRewriter(bx24Script: "https://cdn.example.com/bx24.js", useLocalBX24: true).rewrite("<p>no head</p>")
        #expect(bare.hasSuffix("<script src=\"/_placard/livereload.js\" data-placard-livereload></script>"))
    }

    @Test func indexListsWidgetsWithPreviewLinks() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let index = try await client.execute(uri: "/", method: .get)
            #expect(index.status == .ok)
            for id in ["help", "snippets", "tool"] { #expect(index.text.contains("href=\"/_placard/preview/\(id)\"")) }
            #expect(index.text.contains("IM_TEXTAREA"))
        }
    }

    static func config(_ html: String) throws -> JSONValue {
        let start = try #require(html.range(of: "<script id=\"placard-config\" type=\"application/json\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return try #require(JSONValue.decode(Array(html[start.upperBound..<end.lowerBound].utf8)))
    }

    @Test func previewCarriesPlacementRulesAndContext() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/_placard/preview/help?dialogId=chat77&messageId=123&lang=de&admin=N", method: .get)
            #expect(page.status == .ok)
            let config = try Self.config(page.text)
            #expect(config["placement"]?["code"] == "IM_SIDEBAR")
            #expect(config["placement"]?["surface"] == "sidebar")
            #expect(config["placement"]?["deniedCommands"] == ["setTitle", "setScroll", "reloadWindow"])
            #expect(config["placement"]?["delivers"] == ["dialogId", "URI"])
            #expect(config["context"]?["dialogId"] == "chat77")
            #expect(config["context"]?["messageId"] == "123")
            #expect(config["context"]?["lang"] == "de")
            #expect(config["context"]?["admin"] == false)
            #expect(config["widget"]?["url"] == "/help/")
            #expect(config["widget"]?["options"]?["iconName"] == "fa-book")

            let slider = try Self.config(try await client.execute(uri: "/_placard/preview/tool", method: .get).text)
            #expect(slider["placement"]?["deniedCommands"] == ["setTitle", "setScroll", "reloadWindow", "resizeWindow"])
            #expect(slider["context"]?["chatKind"] == "private", "context USER defaults to a private chat")
            #expect(slider["context"]?["dialogId"] == "7")

            let custom = try Self.config(try await client.execute(uri: "/_placard/preview/snippets?deny=setTitle,resizeWindow&kind=crm", method: .get).text)
            #expect(custom["context"]?["deny"] == ["setTitle", "resizeWindow"])
            #expect(custom["context"]?["chatKind"] == "crm")
            #expect(custom["placement"]?["extraCommands"] == ["im:getImTextareaContent", "im:setImTextareaContent"])
        }
    }

    @Test func hostileQueryValuesNeverReachThePage() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/_placard/preview/help?dialogId=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&lang=%3Cb%3E&deny=%3Cimg%3E", method: .get)
            #expect(!page.text.contains("alert(1)"))
            #expect(!page.text.contains("<img>"))
            let config = try Self.config(page.text)
            #expect(config["context"]?["dialogId"] == "chat1489")
            #expect(config["context"]?["lang"] == "en")
            #expect(try await client.execute(uri: "/_placard/preview/nope", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/_placard/preview/..%2f..%2fetc", method: .get).status == .notFound)
        }
    }

    @Test func emulatorAssetsAreServed() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            for (path, type) in [("bx24.js", "text/javascript"), ("emulator.js", "text/javascript"), ("livereload.js", "text/javascript"), ("emulator.css", "text/css")] {
                let response = try await client.execute(uri: "/_placard/" + path, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix(type) == true)
                #expect(response.body.readableBytes > 500)
            }
            #expect(try await client.execute(uri: "/_placard/nothing", method: .get).status == .notFound)
        }
    }
}
