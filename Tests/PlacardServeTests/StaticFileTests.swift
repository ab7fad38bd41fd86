import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PlacardServe

@Suite("Serving dist/")
struct StaticFileTests {
    @Test func getAndPostServeTheSamePage() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let get = try await client.execute(uri: "/help/", method: .get)
            #expect(get.status == .ok)
            #expect(get.headers[.contentType] == "text/html; charset=utf-8")
            #expect(get.headers[.cacheControl] == "no-store")
            #expect(get.text.contains("<h1>Help</h1>"))
            let form = "AUTH_ID=token&AUTH_EXPIRES=3600&PLACEMENT=IM_SIDEBAR&PLACEMENT_OPTIONS=%7B%22dialogId%22%3A%22chat1%22%7D"
            let post = try await client.execute(
                uri: "/help/?DOMAIN=127.0.0.1%3A4224&PROTOCOL=0&LANG=de&APP_SID=0123456789abcdef", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(text: form))
            #expect(post.status == .ok)
            #expect(post.text == get.text)
            let page = try await client.execute(uri: "/help/guide.html", method: .post, body: ByteBuffer(text: "a=b"))
            #expect(page.status == .ok)
            #expect(page.text.contains("A second page."))
        }
    }

    @Test func foldersRedirectToTheirSlashForm() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let get = try await client.execute(uri: "/help", method: .get)
            #expect(get.status == .found)
            #expect(get.headers[.location] == "/help/")
            let post = try await client.execute(uri: "/help?DOMAIN=x&APP_SID=y", method: .post)
            #expect(post.status == .temporaryRedirect)
            #expect(post.headers[.location] == "/help/?DOMAIN=x&APP_SID=y")
        }
    }

    @Test(arguments: [
        "/../placard.yml", "/help/../../placard.yml", "/%2e%2e/placard.yml", "/%2E%2E/%2e%2e/etc/passwd",
        "/help/..%2f..%2fplacard.yml", "/help%2f..%2f..%2fplacard.yml", "/%2fetc%2fpasswd", "//etc/passwd",
        "/help/%00index.html", "/help/index.html%00", "/..%5cplacard.yml", "/help/%5c..%5c..%5cplacard.yml",
        "/%252e%252e/placard.yml", "/help/%2e%2e/%2e%2e/placard.yml", "/.%2e/placard.yml", "/help/%", "/help/%zz",
        "/content/help/index.md", "/%2e%2e", "/..", "/./../placard.yml",
    ])
    func traversalIsNotFound(_ path: String) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            for method in [HTTPRequest.Method.get, .post] {
                let response = try await client.execute(uri: path, method: method)
                #expect(response.status == .notFound, "\(method) \(path)")
                #expect(!response.text.contains("defaultLanguage"))
                #expect(!response.text.contains("root:"))
            }
        }
    }

    @Test func hiddenFilesAndEscapingSymlinksAreNotServed() async throws {
        let project = try TestProject()
        defer { project.remove() }
        try project.write("dist/.staging/secret.html", "secret")
        try FileManager.default.createSymbolicLink(atPath: project.output + "/help/leak.txt", withDestinationPath: project.root + "/placard.yml")
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/.staging/secret.html", method: .get).status == .notFound)
            let leak = try await client.execute(uri: "/help/leak.txt", method: .get)
            #expect(leak.status == .notFound)
            #expect(!leak.text.contains("baseURL"))
        }
    }

    @Test func contentTypes() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (app, _, _) = project.app()
        let files = try FileManager.default.contentsOfDirectory(atPath: project.output + "/help")
        let script = try #require(files.first { $0.hasPrefix("runtime.") })
        let style = try #require(files.first { $0.hasPrefix("style.") })
        try await app.test(.router) { client in
            let expected = [
                "/help/\(script)": "text/javascript; charset=utf-8", "/help/\(style)": "text/css; charset=utf-8",
                "/help/logo.svg": "image/svg+xml", "/placements.json": "application/json; charset=utf-8",
                "/help/placement.json": "application/json; charset=utf-8", "/help/guide.html": "text/html; charset=utf-8",
            ]
            for (path, type) in expected {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == type, "\(path)")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            #expect(try await client.execute(uri: "/help/missing.png", method: .get).status == .notFound)
            let put = try await client.execute(uri: "/help/", method: .put)
            #expect(put.status == .methodNotAllowed)
        }
        #expect(ContentType.of("a/b.woff2") == "font/woff2")
        #expect(ContentType.of("a/b.PNG") == "image/png")
        #expect(ContentType.of("noext") == "application/octet-stream")
    }

    @Test func onlyLoopbackHostsAreAnsweredOnLoopback() throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (_, live, portal) = project.app()
        let responder = PreviewResponder(options: ServeOptions(project: project.project), live: live, portal: portal)
        func request(_ authority: String) -> Request {
            Request(head: HTTPRequest(method: .get, scheme: "http", authority: authority, path: "/"), body: RequestBody(buffer: ByteBuffer()))
        }
        #expect(responder.hostAllowed(request("127.0.0.1:4224")))
        #expect(responder.hostAllowed(request("localhost:4224")))
        #expect(responder.hostAllowed(request("[::1]:4224")))
        #expect(!responder.hostAllowed(request("evil.example:4224")))
        let open = PreviewResponder(options: ServeOptions(project: project.project, host: "0.0.0.0"), live: live, portal: portal)
        #expect(open.hostAllowed(request("evil.example")))
        let lan = PreviewResponder(options: ServeOptions(project: project.project, host: "192.168.1.20"), live: live, portal: portal)
        #expect(lan.hostAllowed(request("192.168.1.20:4224")))
    }

    @Test func safePathDecodesEachSegmentOnce() {
        #expect(SafePath.relative("/") == "")
        #expect(SafePath.relative("/help/") == "help")
        #expect(SafePath.relative("/help/a%20b.html") == "help/a b.html")
        #expect(SafePath.relative("/help/./guide.html") == "help/guide.html")
        #expect(SafePath.relative("/caf%C3%A9/") == "café")
        #expect(SafePath.relative("/%2e%2e/x") == nil)
        #expect(SafePath.relative("/a%2fb") == nil)
        #expect(SafePath.relative("/a%ff") == nil)
        #expect(SafePath.relative("relative") == nil)
    }
}
