import Foundation
internal import Hummingbird
import PlacardCore
import PlacardRules
import PlacardSystem

/// `/rest/<method>.json` (classic, form-encoded, `auth=`) and `/rest/<method>` (JSON, as
/// b24jssdk sends it), answered by the `FakePortal`, with CORS for the widget's origin.
extension PreviewResponder {
    /// One REST call as the emulator's log shows it (never with the token).
    struct RestLogEntry: Encodable {
        var method: String
        var transport: String
        var status: Int
        var error: String?
        /// The parameters and the answer as JSON text, cut at 2,000 characters.
        var params: String
        var result: String
        var milliseconds: Int
    }

    func rest(_ request: Request, context: Context) async throws -> Response {
        if request.method == .options { return preflight(request) }
        guard request.method == .post || request.method == .get else {
            return withCORS(restResponse(.error("ERROR_METHOD_NOT_FOUND", "Method not found!", status: 405)), request)
        }
        // b24jssdk's REST v3 base is /rest/api/ (core/http/v3.ts); a portal answers it with v3, not v2.
        let v3 = request.uri.path.hasPrefix("/rest/api/")
        var name = String(request.uri.path.split(separator: "/").last ?? "")
        let classic = !v3 && name.hasSuffix(".json")
        if classic { name.removeLast(".json".count) }
        name = PercentEncoding.decode(name, plusAsSpace: true)

        var params: [String: JSONValue]
        // The order of batch's cmd keys as sent: a portal runs them in that order (ParameterOrder).
        let isBatch = name.lowercased() == "batch"
        var commandOrder = isBatch ? ParameterOrder.formKeys(of: "cmd", in: request.uri.query ?? "") : []
        do { params = try FormData.decode(request.uri.query ?? "") } catch {
            return withCORS(restResponse(.error("INVALID_REQUEST", error.description, status: 400)), request)
        }
        // The emulator's own calls (its chat history) stay out of the log.
        let fromEmulator = params.removeValue(forKey: "placard_internal") != nil
        for key in params.keys where key.hasPrefix("bx24_") { params.removeValue(forKey: key) }
        let bytes: [UInt8]
        switch await readBody(request, limit: RequestLimits.restBody) {
        case .success(let body): bytes = Array(body.readableBytesView)
        case .failure(.tooLarge):
            return closing(withCORS(restResponse(.error("INVALID_REQUEST", "Request body is larger than \(RequestLimits.restBody >> 20) MiB", status: 413)), request), context)
        case .failure(.timedOut):
            return withCORS(restResponse(.error("INVALID_REQUEST", "Request body did not arrive within \(options.connections.bodyTimeoutText)", status: 408)), request)
        }
        if !bytes.isEmpty {
            let type = request.headers[.contentType]?.lowercased() ?? ""
            if type.contains("json") {
                switch Result(catching: { () throws(JSONValue.Problem) in try JSONValue.parse(bytes) }) {
                case .success(.object(let fields)):
                    params.merge(fields) { _, body in body }
                    if isBatch, fields["cmd"] != nil {
                        commandOrder = ParameterOrder.jsonKeys(of: "cmd", in: bytes)
                    }
                case .failure(.tooDeep):
                    return withCORS(restResponse(.error("INVALID_REQUEST", "Request body is nested more than \(RequestLimits.maxDepth) levels deep", status: 400)), request)
                default:
                    return withCORS(restResponse(.error("INVALID_REQUEST", "Request body is not a JSON object", status: 400)), request)
                }
            } else {
                do {
                    let text = String(decoding: bytes, as: UTF8.self)
                    let fields = try FormData.decode(text)
                    params.merge(fields) { _, body in body }
                    if isBatch, fields["cmd"] != nil { commandOrder = ParameterOrder.formKeys(of: "cmd", in: text) }
                } catch {
                    return withCORS(restResponse(.error("INVALID_REQUEST", error.description, status: 400)), request)
                }
            }
        }
        let auth = params.removeValue(forKey: "auth")?.string
        let started = Date()
        let answer = v3 ? portal.callV3(name, auth: auth) : portal.call(name, params: params, auth: auth, commandOrder: commandOrder)
        if !fromEmulator {
            live.broadcast("rest", RestLogEntry(method: v3 ? "api/" + name : name, transport: classic ? "form" : "json", status: answer.status,
                                                error: answer.body["error"]?.string ?? answer.body["error"]?["code"]?.string,
                                                params: Self.logText(JSONValue.object(params).text),
                                                result: Self.logText(answer.body.text(keyOrder: answer.keyOrder)),
                                                milliseconds: Int(Date().timeIntervalSince(started) * 1000)))
        }
        return withCORS(restResponse(answer), request)
    }

    static func logText(_ text: String) -> String {
        text.count > 2000 ? String(text.prefix(2000)) + "…" : text
    }

    func restResponse(_ answer: RestAnswer) -> Response {
        Self.bytes(HTTPResponse.Status(code: answer.status), "application/json; charset=utf-8", Array(answer.body.text(keyOrder: answer.keyOrder).utf8))
    }

    /// The request's `Origin` if it is this server's own (the preview page and the widget
    /// frames it opens), else nil: another site — even one on another loopback port — gets
    /// no CORS headers, so it cannot read REST answers.
    func allowedOrigin(_ request: Request) -> String? {
        guard let origin = request.headers[.origin], let own = ownOrigin(request), Self.normalizedOrigin(origin) == own else { return nil }
        return origin
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
