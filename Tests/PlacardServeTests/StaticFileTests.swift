import Foundation
import Hummingbird
import HummingbirdTesting
import NIOEmbedded
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

    @Test func onlyHostsNamingThisMachineAreAnswered() throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let machine = (addresses: ["127.0.0.1", "192.168.1.20", "fe80::1", "::1"], name: "devbox")
        func check(_ host: String, port: Int = 4224) -> HostCheck {
            HostCheck(options: ServeOptions(project: project.project, host: host, port: port), interfaceAddresses: machine.addresses, hostName: machine.name)
        }
        let loopback = check("127.0.0.1")
        for allowed in ["127.0.0.1:4224", "localhost:4224", "[::1]:4224", "localhost", "LOCALHOST:4224", "192.168.1.20:4224", "devbox:4224"] {
            #expect(loopback.allows(authority: allowed), "\(allowed)")
        }
        for refused in ["evil.example:4224", "evil.example", "127.0.0.1:9999", "localhost:x", "10.0.0.9:4224", "devbox.evil.example:4224", ""] {
            #expect(!loopback.allows(authority: refused), "\(refused)")
        }
        // 0.0.0.0 keeps the check: the machine's addresses and name, with the port.
        let open = check("0.0.0.0")
        for allowed in ["192.168.1.20:4224", "devbox:4224", "devbox.local:4224", "[fe80::1]:4224", "localhost:4224", "0.0.0.0:4224"] {
            #expect(open.allows(authority: allowed), "\(allowed)")
        }
        for refused in ["evil.example", "evil.example:4224", "10.0.0.9:4224", "192.168.1.20:80", "[fe80::2]:4224"] {
            #expect(!open.allows(authority: refused), "\(refused)")
        }
        let lan = check("192.168.1.30")
        #expect(lan.allows(authority: "192.168.1.30:4224"))
        #expect(!lan.allows(authority: "rebound.example:4224"))
        // --port 0: any port until the real one is known, then only that one.
        let ephemeral = check("127.0.0.1", port: 0)
        #expect(ephemeral.allows(authority: "localhost:4321"))
        ephemeral.listening(on: 5000)
        #expect(ephemeral.allows(authority: "localhost:5000"))
        #expect(!ephemeral.allows(authority: "localhost:4321"))
        // The real interfaces of this machine are found.
        #expect(HostCheck.interfaceAddresses().contains("127.0.0.1"))
    }

    @Test func misdirectedRequestsAreRefused() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let (_, live, portal) = project.app()
        let options = ServeOptions(project: project.project, host: "0.0.0.0")
        let responder = PreviewResponder(options: options, live: live, portal: portal)
        func get(_ authority: String) async throws -> Response {
            let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: authority, path: "/help/"), body: RequestBody(buffer: ByteBuffer()))
            return try await responder.respond(to: request, context: PreviewContext(source: .init(channel: EmbeddedChannel(), logger: .init(label: "test"))))
        }
        #expect(try await get("evil.example:4224").status == .misdirectedRequest)
        #expect(try await get("localhost:4224").status == .ok)
        #expect(options.isExposed)
        #expect(!ServeOptions(project: project.project).isExposed)
        #expect(!ServeOptions(project: project.project, host: "::1").isExposed)
        #expect(ServeOptions(project: project.project, host: "192.168.1.30").isExposed)
        let warning = PreviewServer.exposureWarning(options, port: 4224)
        #expect(warning.hasPrefix("warning:"))
        #expect(warning.contains("every network interface"))
        #expect(warning.contains("REST API"))
        #expect(warning.contains("port 4224"))
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
