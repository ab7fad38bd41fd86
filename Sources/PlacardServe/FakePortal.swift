import Foundation
import PlacardCore
import PlacardRules

/// A REST answer: HTTP status and the JSON body (envelope included).
public struct RestAnswer: Sendable, Equatable {
    public var status: Int
    public var body: JSONValue

    public static func error(_ code: String, _ description: String, status: Int = 400, argument: String? = nil) -> RestAnswer {
        var body: [String: JSONValue] = ["error": .string(code), "error_description": .string(description)]
        if let argument { body["argument"] = .string(argument) }
        return RestAnswer(status: status, body: .object(body))
    }
}

/// What the emulator page tells the server about the chat it shows, keyed by its fake token.
public struct EmulatorSession: Sendable, Codable, Equatable {
    public var auth: String
    public var dialogId: String?
    public var chatKind: String?
    public var messageId: String?
    public var admin: Bool?
    public var expired: Bool?
}

/// The offline portal behind `/rest/…`: built-in fixtures, `<root>/fixtures/<method>.json`
/// overrides, and a little state (placement bindings, sent messages, sessions).
///
/// Exists so that a widget's REST calls get realistic Bitrix24 answers (envelope with
/// `time`, list `total`/`next`, error shape and status codes of spec §5.6 and §6) without
/// a portal, and so that an install page can `placement.bind` and read its bindings back.
public final class FakePortal: Sendable {
    struct State {
        var bindings: [[String: JSONValue]] = []
        var sessions: [String: EmulatorSession] = [:]
        var messages: [String: [JSONValue]] = [:]
        var nextMessageID = 84890
    }

    let fixturesFolder: String
    /// The project's real path: a fixture is read only when its real path is inside it.
    let projectReal: String
    let builtins: [String: JSONValue]
    let state = Locked(State())
    /// Called with (dialogId, message id, text) when a widget posts a message.
    let onMessage: @Sendable (String, Int, String) -> Void

    public init(projectRoot: String, onMessage: @escaping @Sendable (String, Int, String) -> Void = { _, _, _ in }) {
        fixturesFolder = Path.join(projectRoot, "fixtures")
        projectReal = FileSystem.realPath(projectRoot) ?? projectRoot
        builtins = JSONValue.decode(PackageResources.fixtures_json)?.object ?? [:]
        self.onMessage = onMessage
    }

    public func register(_ session: EmulatorSession) {
        state.withLock { $0.sessions[session.auth] = session }
    }

    /// The successful `placement.bind` calls, in order, with their parameters.
    public var bindings: [JSONValue] { state.withLock { $0.bindings.map(JSONValue.object) } }

    public func resetBindings() { state.withLock { $0.bindings = [] } }

    public func call(_ rawMethod: String, params: [String: JSONValue], auth: String?) -> RestAnswer {
        let started = Date()
        var answer = dispatch(rawMethod.lowercased(), params: params, auth: auth)
        if answer.status < 300, case .object(var body) = answer.body, body["time"] == nil {
            body["time"] = Self.time(started)
            answer.body = .object(body)
        }
        return answer
    }

    func dispatch(_ method: String, params: [String: JSONValue], auth: String?) -> RestAnswer {
        guard let auth, !auth.isEmpty else {
            return .error("NO_AUTH_FOUND", "Wrong authorization data", status: 401)
        }
        let session = state.withLock { $0.sessions[auth] }
        if session?.expired == true {
            return .error("expired_token", "The access token provided has expired.", status: 401)
        }
        guard Self.isMethodName(method) else { return Self.notFound }
        if let override = fixtureFile(method) { return override }
        switch method {
        case "batch": return batch(params, auth: auth)
        case "placement.bind": return bind(params, session: session)
        case "placement.unbind": return unbind(params, session: session)
        case "placement.get": return placements(session: session)
        case "im.message.add": return addMessage(params)
        case "im.dialog.get": return dialog(params, session: session)
        case "im.dialog.messages.get": return messages(params)
        case "user.get": return users(params)
        default:
            guard let fixture = builtins[method] else { return Self.notFound }
            return Self.envelope(fixture)
        }
    }

    static let notFound = RestAnswer.error("ERROR_METHOD_NOT_FOUND", "Method not found!", status: 404)

    static func isMethodName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_"
        }
    }

    /// `fixtures/<method>.json`: an envelope (`result` or `error`, optional `httpStatus`) or a bare result.
    func fixtureFile(_ method: String) -> RestAnswer? {
        guard let bytes = try? FileSystem.readConfined(Path.join(fixturesFolder, method + ".json"), inside: projectReal) else { return nil }
        guard let value = JSONValue.decode(bytes) else {
            return .error("INTERNAL_SERVER_ERROR", "fixtures/\(method).json is not valid JSON", status: 500)
        }
        return Self.envelope(value)
    }

    static func envelope(_ value: JSONValue) -> RestAnswer {
        guard case .object(var fields) = value, fields["result"] != nil || fields["error"] != nil else {
            return RestAnswer(status: 200, body: ["result": value])
        }
        var status = fields["error"] == nil ? 200 : 400
        if case .number(let code)? = fields.removeValue(forKey: "httpStatus"), (100...599).contains(Int(code)) { status = Int(code) }
        return RestAnswer(status: status, body: .object(fields))
    }

    static func time(_ started: Date) -> JSONValue {
        let finished = Date()
        let formatter = ISO8601DateFormatter()
        let start = started.timeIntervalSince1970, finish = finished.timeIntervalSince1970
        let duration = (finish - start)
        return [
            "start": .number(start), "finish": .number(finish),
            "duration": .number(duration), "processing": .number(duration),
            "date_start": .string(formatter.string(from: started)), "date_finish": .string(formatter.string(from: finished)),
            "operating_reset_at": .number((start + 600).rounded()), "operating": 0,
        ]
    }
}
