import Foundation
import PlacardCore
import PlacardRules
import PlacardSystem

/// A REST answer: HTTP status and the JSON body (envelope included).
public struct RestAnswer: Sendable, Equatable {
    public var status: Int
    public var body: JSONValue
    /// The order object keys are written in (a `batch` answer keeps its commands' order); empty = sorted.
    public var keyOrder: [String] = []

    public static func error(_ code: String, _ description: String, status: Int = 400, argument: String? = nil) -> RestAnswer {
        var body: [String: JSONValue] = ["error": .string(code), "error_description": .string(description)]
        if let argument { body["argument"] = .string(argument) }
        return RestAnswer(status: status, body: .object(body))
    }
}

/// A REST answer that ends a call early (a refused token), as an `Error` for `Result`.
public struct RestFailure: Error, Sendable, Equatable {
    public var answer: RestAnswer
    public init(_ answer: RestAnswer) { self.answer = answer }
}

/// What the emulator page tells the server about the chat it shows, keyed by its token.
public struct EmulatorSession: Sendable, Codable, Equatable {
    public var auth: String
    public var dialogId: String?
    public var chatKind: String?
    public var messageId: String?
    public var admin: Bool?
    public var expired: Bool?
}

/// The body of `POST /_placard/api/session`: the chat the emulator shows, the token it holds
/// (if any), and whether it wants a new one (`refreshAuth`).
public struct SessionRequest: Sendable, Codable, Equatable {
    public var auth: String?
    public var dialogId: String?
    public var chatKind: String?
    public var messageId: String?
    public var admin: Bool?
    public var expired: Bool?
    public var renew: Bool?
}

/// The tokens the emulator hands to its frames (`AUTH_ID`, `REFRESH_ID`, `AUTH_EXPIRES`).
public struct SessionGrant: Sendable, Codable, Equatable {
    public var auth: String
    public var refresh: String
    /// Seconds the token stays valid.
    public var expires: Int
}

/// The offline portal behind `/rest/…`: built-in fixtures, `<root>/fixtures/<method>.json`
/// overrides, and a little state (placement bindings, sent messages, sessions).
///
/// Exists so that a widget's REST calls get realistic Bitrix24 answers (envelope with
/// `time`, list `total`/`next`, error shape and status codes of docs/platform.md §5.6 and §6) without
/// a portal, and so that an install page can `placement.bind` and read its bindings back.
public final class FakePortal: Sendable {
    /// A token the portal issued: the chat it belongs to and when it expires.
    struct Issued {
        var session: EmulatorSession
        var refresh: String
        var expires: Date
    }

    struct State {
        var bindings: [[String: JSONValue]] = []
        /// Issued tokens by `AUTH_ID`, and their order (the oldest are forgotten first).
        var sessions: [String: Issued] = [:]
        var issueOrder: [String] = []
        var messages: [String: [JSONValue]] = [:]
        /// Every kept message as (dialog, its bytes), oldest first: what the byte budget drops first.
        var messageOrder: [(dialog: String, bytes: Int)] = []
        var messageOrderStart = 0
        var messageBytes = 0
        var nextMessageID = 84890
    }

    /// How much of what widgets send (`im.message.add`) the portal keeps: the newest messages
    /// of each dialog, within a total budget. A portal keeps every message and pages them;
    /// the preview shows at most the last page, so older ones are dropped, not kept forever.
    public struct MessageLimits: Sendable {
        /// Newest messages kept per dialog (`im.dialog.messages.get` answers at most 50).
        public var perDialog: Int
        /// Bytes of kept messages (text plus a fixed overhead each), over all dialogs.
        public var totalBytes: Int

        public init(perDialog: Int = 200, totalBytes: Int = 8 << 20) {
            self.perDialog = perDialog
            self.totalBytes = totalBytes
        }
    }

    let fixturesFolder: String
    /// The project's real path: a fixture is read only when its real path is inside it.
    let projectReal: String
    let builtins: [String: JSONValue]
    let state = Locked(State())
    /// Called with (dialogId, message id, text) when a widget posts a message.
    let onMessage: @Sendable (String, Int, String) -> Void
    let messageLimits: MessageLimits

    public init(projectRoot: String, messageLimits: MessageLimits = MessageLimits(),
                onMessage: @escaping @Sendable (String, Int, String) -> Void = { _, _, _ in }) {
        self.messageLimits = messageLimits
        fixturesFolder = Path.join(projectRoot, "fixtures")
        projectReal = FileSystem.realPath(projectRoot) ?? projectRoot
        builtins = JSONValue.decode(PackageResources.fixtures_json)?.object ?? [:]
        self.onMessage = onMessage
    }

    /// Seconds an issued token is valid (`AUTH_EXPIRES`, as a portal's OAuth tokens).
    public static let tokenLifetime = 3600
    /// Tokens remembered at once; issuing more forgets the oldest.
    public static let maxTokens = 1000

    /// Remembers `session.auth` as a token this portal issued (valid for `tokenLifetime`).
    public func register(_ session: EmulatorSession) {
        state.withLock { store in
            if var known = store.sessions[session.auth] {
                known.session = session
                store.sessions[session.auth] = known
            } else {
                Self.remember(Issued(session: session, refresh: Self.newToken(), expires: Date().addingTimeInterval(Double(Self.tokenLifetime))), in: &store)
            }
        }
    }

    /// `POST /_placard/api/session`: updates the chat of a token the portal issued, or
    /// issues a new one (no token, an unknown one, or `renew` as `refreshAuth` asks).
    public func session(_ request: SessionRequest) -> SessionGrant {
        state.withLock { store in
            var session = EmulatorSession(auth: "", dialogId: request.dialogId, chatKind: request.chatKind,
                                          messageId: request.messageId, admin: request.admin, expired: request.expired)
            if let auth = request.auth, var known = store.sessions[auth], request.renew != true {
                session.auth = auth
                known.session = session
                store.sessions[auth] = known
                return SessionGrant(auth: auth, refresh: known.refresh,
                                    expires: max(0, Int(known.expires.timeIntervalSinceNow.rounded(.down))))
            }
            session.auth = Self.newToken()
            if request.renew == true { session.expired = nil }
            let issued = Issued(session: session, refresh: Self.newToken(), expires: Date().addingTimeInterval(Double(Self.tokenLifetime)))
            Self.remember(issued, in: &store)
            return SessionGrant(auth: session.auth, refresh: issued.refresh, expires: Self.tokenLifetime)
        }
    }

    static func remember(_ issued: Issued, in store: inout State) {
        store.sessions[issued.session.auth] = issued
        store.issueOrder.append(issued.session.auth)
        while store.issueOrder.count > maxTokens {
            store.sessions.removeValue(forKey: store.issueOrder.removeFirst())
        }
    }

    /// 32 random bytes in hex, like a portal's `AUTH_ID`.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The successful `placement.bind` calls, in order, with their parameters.
    public var bindings: [JSONValue] { state.withLock { $0.bindings.map(JSONValue.object) } }

    public func resetBindings() { state.withLock { $0.bindings = [] } }

    /// Answers one REST call. `commandOrder` is the order the request named `batch`'s `cmd`
    /// keys in (see `ParameterOrder`); without it the keys run sorted.
    public func call(_ rawMethod: String, params: [String: JSONValue], auth: String?, commandOrder: [String] = []) -> RestAnswer {
        let started = Date()
        var answer = dispatch(rawMethod.lowercased(), params: params, auth: auth, commandOrder: commandOrder)
        if answer.status < 300, case .object(var body) = answer.body, body["time"] == nil {
            body["time"] = Self.time(started)
            answer.body = .object(body)
        }
        return answer
    }

    /// The session of a token this portal issued and that has not expired, or the 401 a portal
    /// answers instead: `NO_AUTH_FOUND` without a token, `invalid_token` for one it did not issue.
    func authorize(_ auth: String?) -> Result<EmulatorSession, RestFailure> {
        guard let auth, !auth.isEmpty else {
            return .failure(RestFailure(.error("NO_AUTH_FOUND", "Wrong authorization data", status: 401)))
        }
        guard let issued = state.withLock({ $0.sessions[auth] }) else {
            return .failure(RestFailure(.error("invalid_token", "The access token provided is invalid.", status: 401)))
        }
        if issued.session.expired == true || issued.expires < Date() {
            return .failure(RestFailure(.error("expired_token", "The access token provided has expired.", status: 401)))
        }
        return .success(issued.session)
    }

    /// `/rest/api/<method>` (REST v3, b24jssdk's `actions.v3`): the token is checked as for v2,
    /// then the call is refused in v3's error shape (`{"error": {"code", "message"}}`), since
    /// answering it from the v2 fixtures would show a widget results no portal gives.
    public func callV3(_ method: String, auth: String?) -> RestAnswer {
        if case .failure(let failure) = authorize(auth) { return failure.answer }
        let message = "placard serve emulates REST v2 only (/rest/<method>); REST v3 (/rest/api/\(method)) is not emulated. Call the method through v2 in the preview, or try v3 on a portal."
        return RestAnswer(status: 501, body: ["error": ["code": "PLACARD_V3_NOT_EMULATED", "message": .string(message)]])
    }

    func dispatch(_ method: String, params: [String: JSONValue], auth: String?, commandOrder: [String] = []) -> RestAnswer {
        let session: EmulatorSession?
        switch authorize(auth) {
        case .failure(let failure): return failure.answer
        case .success(let issued): session = issued
        }
        let auth = auth ?? ""
        guard Self.isMethodName(method) else { return Self.notFound }
        if let override = fixtureFile(method) { return override }
        switch method {
        case "batch": return batch(params, auth: auth, order: commandOrder)
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
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readConfined(Path.join(fixturesFolder, method + ".json"), inside: projectReal, limit: Loader.maximumTextFileSize)
        } catch {
            guard error.code == EFBIG else { return nil }
            return .error("INTERNAL_SERVER_ERROR", "fixtures/\(method).json is too large: \(error.reason ?? "")", status: 500)
        }
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
