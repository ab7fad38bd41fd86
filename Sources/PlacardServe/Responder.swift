import Foundation
import Hummingbird
import PlacardCore
import PlacardRules

/// Every HTTP route of the preview server, as one `HTTPResponder`.
///
/// Exists so that the server is testable without a socket (HummingbirdTesting's router
/// framework) and so that path handling is explicit: the raw request path is checked by
/// `SafePath` before any file is touched, instead of relying on a router's matching.
public struct PreviewResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    public let options: ServeOptions
    public let live: LiveState
    public let portal: FakePortal

    public init(options: ServeOptions, live: LiveState, portal: FakePortal) {
        self.options = options
        self.live = live
        self.portal = portal
    }

    var output: String { options.project.output }

    public func respond(to request: Request, context: Context) async throws -> Response {
        guard hostAllowed(request) else {
            return Self.text(.misdirectedRequest, "This preview server only answers requests for localhost.\n")
        }
        let path = request.uri.path
        if path.hasPrefix("/rest/") { return try await rest(request) }
        if path.hasPrefix("/_placard/") { return try await placard(request, path: String(path.dropFirst("/_placard/".count))) }
        guard [.get, .head, .post].contains(request.method) else {
            var response = Self.text(.methodNotAllowed, "Method not allowed.\n")
            response.headers[.allow] = "GET, HEAD, POST"
            return response
        }
        if path == "/" || path.isEmpty { return Self.html(.ok, EmulatorPages.index(widgets: widgets(), status: live.status, site: live.site)) }
        return try await file(request)
    }

    /// A page of another site could reach a loopback server through DNS rebinding; when
    /// bound to loopback, only requests that name a loopback host are answered.
    func hostAllowed(_ request: Request) -> Bool {
        let bound = options.host.lowercased()
        guard HandlerRules.isLoopback(host: bound), bound != "0.0.0.0", bound != "::", bound != "[::]" else { return true }
        guard let authority = request.head.authority else { return true }
        return HandlerRules.host(of: "http://" + authority).map(HandlerRules.isLoopback(host:)) ?? false
    }

    // MARK: Files

    func file(_ request: Request) async throws -> Response {
        guard let relative = SafePath.relative(request.uri.path) else { return Self.notFound() }
        var full = relative.isEmpty ? output : Path.join(output, relative)
        if FileSystem.isDirectory(full) {
            guard request.uri.path.hasSuffix("/") else {
                let query = request.uri.query.map { "?" + $0 } ?? ""
                var response = Self.text(request.method == .post ? .temporaryRedirect : .found, "")
                response.headers[.location] = request.uri.path + "/" + query
                return response
            }
            full = Path.join(full, "index.html")
        }
        guard let bytes = await read(full) else { return Self.notFound() }
        if request.method == .post { _ = try? await request.body.collect(upTo: 1 << 20) }
        let type = ContentType.of(full)
        var body = bytes
        if type.hasPrefix("text/html") {
            let site = live.site
            let rewriter = HTMLRewriter(bx24Script: site.bx24Script, useLocalBX24: options.bx24 == .local)
            body = Array(rewriter.rewrite(String(decoding: bytes, as: UTF8.self)).utf8)
        }
        return Self.bytes(.ok, type, request.method == .head ? [] : body, length: body.count)
    }

    /// Reads a regular file inside the output folder (symlinks must stay inside too). A file
    /// missing during a rebuild's folder swap is tried once more.
    func read(_ path: String) async -> [UInt8]? {
        for attempt in 0..<2 {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(40)) }
            guard let real = FileSystem.realPath(path), let root = FileSystem.realPath(output),
                  real.hasPrefix(root + "/"), FileSystem.kind(of: real) == .file else { continue }
            if let bytes = try? FileSystem.read(real) { return bytes }
        }
        return nil
    }

    /// Widgets of the last good output, from `dist/placements.json`.
    func widgets() -> [PreviewWidget] {
        guard let bytes = try? FileSystem.read(Path.join(output, "placements.json")),
              let bindings = try? JSONDecoder().decode([PlacementBinding].self, from: Data(bytes)) else { return [] }
        return bindings.compactMap(PreviewWidget.init(binding:))
    }

    // MARK: /_placard/

    func placard(_ request: Request, path: String) async throws -> Response {
        switch (request.method, path) {
        case (.get, "events"): return events()
        case (.get, "emulator.js"): return Self.bytes(.ok, "text/javascript; charset=utf-8", PackageResources.emulator_js)
        case (.get, "emulator.css"): return Self.bytes(.ok, "text/css; charset=utf-8", PackageResources.emulator_css)
        case (.get, "bx24.js"): return Self.bytes(.ok, "text/javascript; charset=utf-8", PackageResources.bx24_local_js)
        case (.get, "livereload.js"): return Self.bytes(.ok, "text/javascript; charset=utf-8", PackageResources.livereload_js)
        case (.get, "api/state"): return Self.json(.ok, live.status)
        case (.get, "api/bindings"): return Self.json(.ok, JSONValue.array(portal.bindings))
        case (.delete, "api/bindings"):
            portal.resetBindings()
            return Self.text(.noContent, "")
        case (.post, "api/session"):
            let body = try await request.body.collect(upTo: 64 << 10)
            guard let session = try? JSONDecoder().decode(EmulatorSession.self, from: Data(body.readableBytesView)) else {
                return Self.text(.badRequest, "Expected an emulator session as JSON.\n")
            }
            portal.register(session)
            return Self.text(.noContent, "")
        default:
            guard request.method == .get, path.hasPrefix("preview/") else { return Self.notFound() }
            let id = String(path.dropFirst("preview/".count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard let widget = widgets().first(where: { $0.id == id }) else { return Self.notFound("No widget '\(id)' in the last good build.") }
            let page = EmulatorPages.preview(widget: widget, widgets: widgets(), query: request.uri.queryParameters,
                                             site: live.site, bx24: options.bx24, appPage: FileSystem.exists(Path.join(output, "index.html")))
            return Self.html(.ok, page)
        }
    }

    func events() -> Response {
        let stream = live.subscribe()
        var headers = Self.baseHeaders("text/event-stream; charset=utf-8")
        headers[.connection] = "keep-alive"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for await chunk in stream { try await writer.write(ByteBuffer(string: chunk)) }
            try await writer.finish(nil)
        })
    }

    // MARK: Responses

    static func baseHeaders(_ type: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return headers
    }

    static func bytes(_ status: HTTPResponse.Status, _ type: String, _ bytes: [UInt8], length: Int? = nil) -> Response {
        var headers = baseHeaders(type)
        headers[.contentLength] = String(length ?? bytes.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        bytes(status, "text/plain; charset=utf-8", Array(text.utf8))
    }

    static func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
        bytes(status, "text/html; charset=utf-8", Array(text.utf8))
    }

    static func json<T: Encodable>(_ status: HTTPResponse.Status, _ value: T) -> Response {
        let data = (try? LiveState.encoder.encode(value)) ?? Data("null".utf8)
        return bytes(status, "application/json; charset=utf-8", Array(data))
    }

    static func notFound(_ message: String = "Not found.") -> Response {
        html(.notFound, EmulatorPages.notFound(message))
    }
}
