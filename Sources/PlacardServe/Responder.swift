import Foundation
internal import Hummingbird
internal import HummingbirdCore
internal import NIOCore
internal import HTTPTypes
import PlacardCore
import PlacardRules
import PlacardSystem

/// Every HTTP route of the preview server, as one `HTTPResponder`.
///
/// Exists so that the server is testable without a socket (HummingbirdTesting's router
/// framework) and so that path handling is explicit: the raw request path is checked by
/// `SafePath` before any file is touched, instead of relying on a router's matching.
struct PreviewResponder: HTTPResponder {
    typealias Context = PreviewContext

    let options: ServeOptions
    let live: LiveState
    let portal: FakePortal
    /// The names and port this server answers to (the DNS-rebinding check).
    let hosts: HostCheck

    init(options: ServeOptions, live: LiveState, portal: FakePortal, hosts: HostCheck? = nil) {
        self.options = options
        self.live = live
        self.portal = portal
        self.hosts = hosts ?? HostCheck(options: options)
    }

    var output: String { options.project.output }

    func respond(to request: Request, context: Context) async throws -> Response {
        guard hostAllowed(request) else {
            return Self.text(.misdirectedRequest, "This preview server only answers requests that name this machine (\(hosts.bound)) and its port.\n")
        }
        do {
            return try await route(request, context: context)
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        }
    }

    func route(_ request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/rest/") { return try await rest(request, context: context) }
        if path.hasPrefix("/_placard/") { return try await placard(request, path: String(path.dropFirst("/_placard/".count)), context: context) }
        guard [.get, .head, .post].contains(request.method) else {
            var response = Self.text(.methodNotAllowed, "Method not allowed.\n")
            response.headers[.allow] = "GET, HEAD, POST"
            return response
        }
        if path == "/" || path.isEmpty {
            let appPages = ["index", "install"].filter { FileSystem.exists(Path.join(output, $0 + ".html")) }
            return Self.html(.ok, EmulatorPages.index(widgets: widgets(), status: live.status, site: live.site, appPages: appPages))
        }
        return try await file(request, context: context)
    }

    /// A page of another site could reach the server through DNS rebinding (its own name
    /// resolving to this machine): only requests whose `Host` names this machine — a
    /// loopback name, the bound address, an interface address or the host name — are
    /// answered, whatever address the server is bound to. A `Host` port must be this port.
    func hostAllowed(_ request: Request) -> Bool {
        guard let authority = request.head.authority else { return true }
        return hosts.allows(authority: authority)
    }

    /// Why a body could not be read.
    enum BodyProblem: Error {
        /// Larger than the route's limit (by `Content-Length` or by what arrived).
        case tooLarge
        /// Not complete within `ConnectionLimits.bodyTimeout`.
        case timedOut
    }

    /// The request body, at most `limit` bytes, read within the body deadline. A
    /// `Content-Length` over the limit is refused before anything is read.
    func readBody(_ request: Request, limit: Int) async -> Result<ByteBuffer, BodyProblem> {
        if let declared = request.headers[.contentLength], let length = Int(declared), length > limit { return .failure(.tooLarge) }
        let body = request.body
        let deadline = options.connections.bodyTimeout
        return await withTaskGroup(of: Result<ByteBuffer, BodyProblem>?.self) { group in
            group.addTask {
                do { return .success(try await body.collect(upTo: limit)) } catch is NIOTooManyBytesError { return .failure(.tooLarge) } catch {
                    // The connection closed (or the read was cancelled): nothing to answer.
                    return .failure(.timedOut)
                }
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return Task.isCancelled ? nil : .failure(.timedOut)
            }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let next { return next }
            }
            return .failure(.timedOut)
        }
    }

    /// Reads the request body to its end within the body deadline, keeping none of it: true
    /// when it ended, false when it was longer than `limit` (by `Content-Length` or by what
    /// arrived), too slow, or the connection closed.
    func drainBody(_ request: Request, limit: Int) async -> Bool {
        if let declared = request.headers[.contentLength], let length = Int(declared), length > limit { return false }
        let body = request.body
        let deadline = options.connections.bodyTimeout
        return await withTaskGroup(of: Bool?.self) { group in
            group.addTask {
                var seen = 0
                do {
                    for try await chunk in body {
                        seen += chunk.readableBytes
                        if seen > limit { return false }
                    }
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return Task.isCancelled ? nil : false
            }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let next { return next }
            }
            return false
        }
    }

    // MARK: Files

    func file(_ request: Request, context: Context) async throws -> Response {
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
        guard let bytes = read(full) else { return Self.notFound() }
        // Bitrix24's form POST is read and dropped chunk by chunk (nothing is kept); a body too
        // large or too slow is not waited for: the page is the answer, and the connection closes.
        var drained = true
        if request.method == .post { drained = await drainBody(request, limit: RequestLimits.pageBody) }
        let type = ContentType.of(full)
        var body = bytes
        if type.hasPrefix("text/html") {
            let site = live.site
            let rewriter = HTMLRewriter(bx24Script: site.bx24Script, useLocalBX24: options.bx24 == .local)
            body = Array(rewriter.rewrite(String(decoding: bytes, as: UTF8.self)).utf8)
        }
        let response = Self.bytes(.ok, type, request.method == .head ? [] : body, length: body.count)
        return drained ? response : closing(response, context)
    }

    /// Reads a regular file inside the output folder (symlinks must stay inside too). A
    /// rebuild swaps the output folder atomically, so a file that is in both versions is
    /// always there; no retry is needed.
    func read(_ path: String) -> [UInt8]? {
        guard let real = FileSystem.realPath(path), let root = FileSystem.realPath(output),
              real.hasPrefix(root + "/"), FileSystem.kind(of: real) == .file else { return nil }
        return try? FileSystem.read(real)
    }

    /// Widgets of the last good output, as the build that wrote it published them.
    func widgets() -> [PreviewWidget] { live.widgets }

    // MARK: /_placard/

    func placard(_ request: Request, path: String, context: Context) async throws -> Response {
        if path.hasPrefix("api/"), ![.get, .head].contains(request.method), let refusal = refuseCrossOriginWrite(request) {
            return Self.text(.forbidden, refusal)
        }
        switch (request.method, path) {
        case (.get, "events"): return events(context)
        case (.get, "emulator.js"): return Self.bytes(.ok, "text/javascript; charset=utf-8", EmulatorScript.bytes)
        case (.get, "emulator.css"): return Self.bytes(.ok, "text/css; charset=utf-8", PackageResources.emulator_css)
        case (.get, "bx24.js"): return Self.bytes(.ok, "text/javascript; charset=utf-8", PackageResources.bx24_local_js)
        case (.get, "livereload.js"): return Self.bytes(.ok, "text/javascript; charset=utf-8", PackageResources.livereload_js)
        case (.get, "api/state"): return Self.json(.ok, live.status)
        case (.get, "api/bindings"): return Self.json(.ok, JSONValue.array(portal.bindings))
        case (.delete, "api/bindings"):
            portal.resetBindings()
            return Self.text(.noContent, "")
        case (.post, "api/session"):
            let body: ByteBuffer
            switch await readBody(request, limit: RequestLimits.apiBody) {
            case .success(let bytes): body = bytes
            case .failure(.tooLarge): return closing(Self.text(.contentTooLarge, "An emulator session is at most \(RequestLimits.apiBody >> 10) KiB.\n"), context)
            case .failure(.timedOut): return Self.text(.requestTimeout, "The body did not arrive within \(options.connections.bodyTimeoutText).\n")
            }
            guard let session = try? JSONDecoder().decode(SessionRequest.self, from: Data(body.readableBytesView)) else {
                return Self.text(.badRequest, "Expected an emulator session as JSON.\n")
            }
            return Self.json(.ok, portal.session(session))
        case (.get, "app/install"), (.get, "app/index"):
            return appPreview(String(path.dropFirst("app/".count)))
        default:
            guard request.method == .get, path.hasPrefix("preview/") else { return Self.notFound() }
            let id = String(path.dropFirst("preview/".count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let widgets = widgets()
            guard let widget = widgets.first(where: { $0.id == id }) else { return Self.notFound("No widget '\(id)' in the last good build.") }
            let page = EmulatorPages.preview(widget: widget, widgets: widgets, query: request.uri.queryParameters,
                                             site: live.site, bx24: options.bx24, appPage: FileSystem.exists(Path.join(output, "index.html")),
                                             installPage: FileSystem.exists(Path.join(output, "install.html")))
            return Self.html(.ok, page)
        }
    }

    /// `/_placard/app/install` and `/_placard/app/index`: the application's own page in the
    /// emulator's application frame (placement DEFAULT; install.html in install mode, as
    /// Bitrix24 opens it when the app is installed), over the chat of the first widget.
    func appPreview(_ name: String) -> Response {
        guard FileSystem.exists(Path.join(output, name + ".html")) else {
            return Self.notFound("There is no \(name).html in the last good build.")
        }
        guard let first = widgets().first else { return Self.notFound("No widget in the last good build: the emulator needs one to show the chat around the application.") }
        var response = Self.text(.found, "")
        response.headers[.location] = "/_placard/preview/\(first.id)?app=\(name)"
        return response
    }

    /// Why a state-changing `/_placard/api/…` request is refused, or nil when it comes from
    /// the preview's own pages: the browser must say it is same-origin (`Sec-Fetch-Site`, or
    /// an `Origin` equal to this server's), and the body must be declared JSON — a type no
    /// other site can send without a CORS preflight, which this server never grants.
    func refuseCrossOriginWrite(_ request: Request) -> String? {
        let site = request.headers[.secFetchSite]?.lowercased()
        if let site, site != "same-origin" {
            return "Refused: a request from another site (Sec-Fetch-Site: \(site)) cannot change the preview's state.\n"
        }
        if let origin = request.headers[.origin] {
            guard let own = ownOrigin(request), Self.normalizedOrigin(origin) == own else {
                return "Refused: Origin \(origin) is not this preview server; only its own pages can change its state.\n"
            }
        } else if site == nil {
            return "Refused: a request that changes the preview's state must carry the preview's own Origin.\n"
        }
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else {
            return "Refused: a request that changes the preview's state must be sent as application/json.\n"
        }
        return nil
    }

    /// This server's origin as the request names it (`http://` + its `Host`), normalized.
    func ownOrigin(_ request: Request) -> String? {
        request.head.authority.map { Self.normalizedOrigin("http://" + $0) }
    }

    /// Lower-case, without a trailing `/` and without the default port `:80`.
    static func normalizedOrigin(_ origin: String) -> String {
        var text = origin.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasPrefix("http://"), text.hasSuffix(":80") { text.removeLast(3) }
        return text
    }

    /// A live-reload stream, or 503 when `ConnectionLimits.maxStreams` are open: streams never
    /// idle out, so without their own cap a few hundred stale tabs would take every connection
    /// and ordinary requests would get no answer. A stream ends when its connection closes.
    func events(_ context: Context) -> Response {
        guard let (id, stream) = live.subscribe(limit: options.connections.streamLimit) else {
            if live.isClosed { return closing(Self.text(.serviceUnavailable, "The preview server is shutting down.\n"), context) }
            var response = Self.text(.serviceUnavailable, "\(options.connections.streamLimit) live-reload streams are open already (each preview tab, emulator and widget frame holds one); close some tabs. Pages still load; they only stop reloading by themselves.\n")
            response.headers[.retryAfter] = "10"
            return closing(response, context)
        }
        if let channel = context.channel {
            let live = self.live
            ClientGoneHandler.watch(channel) { live.unsubscribe(id) }
        }
        var headers = Self.baseHeaders("text/event-stream; charset=utf-8")
        headers[.connection] = "keep-alive"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for await chunk in stream { try await writer.write(ByteBuffer(string: chunk)) }
            try await writer.finish(nil)
        })
    }

    /// `response`, after which the connection is closed: its output once the answer is out,
    /// then the whole connection, so a client still sending a refused body is not read for
    /// the rest of it (Hummingbird would read the body to its end before the next request).
    func closing(_ response: Response, _ context: Context) -> Response {
        guard let channel = context.channel else { return response }
        var response = response
        response.headers[.connection] = "close"
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer {
                channel.close(mode: .output).whenComplete { _ in channel.close(promise: nil) }
            }
            try await body.write(writer)
        }
        return response
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

extension HTTPField.Name {
    /// Fetch metadata: set by the browser (a page cannot forge it), `same-origin` for the preview's own requests.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
