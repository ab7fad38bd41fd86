import Foundation
import Hummingbird
import PlacardCore
import PlacardRules

/// `/rest/<method>.json` (classic, form-encoded, `auth=`) and `/rest/<method>` (JSON, as
/// b24jssdk sends it), answered by the `FakePortal`, with CORS for the widget's origin.
extension PreviewResponder {
    /// One REST call as the emulator's log shows it (never with the token).
    struct RestLogEntry: Encodable {
        var method: String
        var transport: String
        var status: Int
        var error: String?
        var params: String
        var milliseconds: Int
    }

    func rest(_ request: Request) async throws -> Response {
        if request.method == .options { return preflight(request) }
        guard request.method == .post || request.method == .get else {
            return withCORS(restResponse(.error("ERROR_METHOD_NOT_FOUND", "Method not found!", status: 405)), request)
        }
        var name = String(request.uri.path.split(separator: "/").last ?? "")
        let classic = name.hasSuffix(".json")
        if classic { name.removeLast(".json".count) }
        name = FormData.percentDecode(name)

        var params = FormData.decode(request.uri.query ?? "")
        // The emulator's own calls (its chat history) stay out of the log.
        let fromEmulator = params.removeValue(forKey: "placard_internal") != nil
        for key in params.keys where key.hasPrefix("bx24_") { params.removeValue(forKey: key) }
        let body = try await request.body.collect(upTo: 8 << 20)
        let bytes = Array(body.readableBytesView)
        if !bytes.isEmpty {
            let type = request.headers[.contentType]?.lowercased() ?? ""
            if type.contains("json") {
                guard case .object(let fields)? = JSONValue.decode(bytes) else {
                    return withCORS(restResponse(.error("INVALID_REQUEST", "Request body is not a JSON object", status: 400)), request)
                }
                params.merge(fields) { _, body in body }
            } else {
                params.merge(FormData.decode(String(decoding: bytes, as: UTF8.self))) { _, body in body }
            }
        }
        let auth = params.removeValue(forKey: "auth")?.string
        let started = Date()
        let answer = portal.call(name, params: params, auth: auth)
        var logged = JSONValue.object(params).text
        if logged.count > 2000 { logged = String(logged.prefix(2000)) + "…" }
        if !fromEmulator {
            live.broadcast("rest", RestLogEntry(method: name, transport: classic ? "form" : "json", status: answer.status,
                                            error: answer.body["error"]?.string, params: logged,
                                                milliseconds: Int(Date().timeIntervalSince(started) * 1000)))
        }
        return withCORS(restResponse(answer), request)
    }

    func restResponse(_ answer: RestAnswer) -> Response {
        Self.bytes(HTTPResponse.Status(code: answer.status), "application/json; charset=utf-8", Array(answer.body.text.utf8))
    }

    /// The request's `Origin` if it is this server or a loopback page, else nil.
    func allowedOrigin(_ request: Request) -> String? {
        guard let origin = request.headers[.origin], let host = HandlerRules.host(of: origin) else { return nil }
        let own = request.head.authority.flatMap { HandlerRules.host(of: "http://" + $0) }
        return HandlerRules.isLoopback(host: host) || host == own ? origin : nil
    }

    func withCORS(_ response: Response, _ request: Request) -> Response {
        guard let origin = allowedOrigin(request) else { return response }
        var response = response
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }

    func preflight(_ request: Request) -> Response {
        var response = Self.text(.noContent, "")
        guard let origin = allowedOrigin(request) else { return response }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
        response.headers[.accessControlAllowHeaders] = request.headers[.accessControlRequestHeaders] ?? "Content-Type"
        response.headers[.accessControlMaxAge] = "600"
        response.headers[.vary] = "Origin"
        return response
    }
}
