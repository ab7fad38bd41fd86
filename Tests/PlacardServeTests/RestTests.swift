import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PlacardServe

@Suite("Emulated REST API")
struct RestTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test func classicFormAndJSONTransports() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let classic = try await client.execute(uri: "/rest/user.current.json", method: .post, body: ByteBuffer(text: "auth=token"))
            #expect(classic.status == .ok)
            #expect(classic.headers[.contentType] == "application/json; charset=utf-8")
            #expect(classic.json?["result"]?["NAME"] == "Anna")
            #expect(classic.json?["time"]?["start"] != nil)
            #expect(classic.json?["time"]?["date_start"] != nil)

            let modern = try await client.execute(uri: "/rest/im.dialog.get?bx24_request_id=1&bx24_sdk_ver=2.1.0", method: .post, headers: Self.json,
                                                  body: ByteBuffer(text: #"{"auth":"token","DIALOG_ID":"chat42"}"#))
            #expect(modern.json?["result"]?["dialog_id"] == "chat42")
            #expect(modern.json?["result"]?["id"] == 42)

            let get = try await client.execute(uri: "/rest/app.info.json?auth=token", method: .get)
            #expect(get.json?["result"]?["INSTALLED"] == true)

            let list = try await client.execute(uri: "/rest/user.get.json", method: .post, headers: Self.form, body: ByteBuffer(text: "auth=t&FILTER%5BID%5D%5B%5D=7&FILTER%5BID%5D%5B%5D=12"))
            #expect(list.json?["total"] == 2)
            #expect(list.json?["result"].map { if case .array(let users) = $0 { users.count } else { 0 } } == 2)
        }
    }

    @Test func errorsHaveBitrix24Shapes() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, portal) = project.app()
        try await app.test(.router) { client in
            let unknown = try await client.execute(uri: "/rest/no.such.method.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(unknown.status == .notFound)
            #expect(unknown.json == ["error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"])

            let noAuth = try await client.execute(uri: "/rest/user.current.json", method: .post)
            #expect(noAuth.status == .unauthorized)
            #expect(noAuth.json?["error"] == "NO_AUTH_FOUND")

            portal.register(EmulatorSession(auth: "old", expired: true))
            let expired = try await client.execute(uri: "/rest/user.current.json", method: .post, body: ByteBuffer(text: "auth=old"))
            #expect(expired.status == .unauthorized)
            #expect(expired.json?["error"] == "expired_token")

            let empty = try await client.execute(uri: "/rest/im.dialog.get.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(empty.status == .badRequest)
            #expect(empty.json?["error"] == "DIALOG_ID_EMPTY")

            let traversal = try await client.execute(uri: "/rest/..%2f..%2fplacard.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(traversal.status == .notFound)
        }
    }

    @Test func batchResolvesEarlierResults() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let cmd = "auth=t&halt=0&cmd%5Bme%5D=user.current&cmd%5Bsame%5D=user.get%3FID%3D%24result%5Bme%5D%5BID%5D&cmd%5Bbad%5D=nope.nope"
            let batch = try await client.execute(uri: "/rest/batch.json", method: .post, body: ByteBuffer(text: cmd))
            #expect(batch.status == .ok)
            let result = try #require(batch.json?["result"])
            #expect(result["result"]?["me"]?["ID"] == "1")
            if case .array(let users)? = result["result"]?["same"] { #expect(users.first?["ID"] == "1") } else { Issue.record("no users") }
            #expect(result["result_error"]?["bad"]?["error"] == "ERROR_METHOD_NOT_FOUND")
            #expect(result["result_total"]?["same"] == 1)
            #expect(batch.json?["time"] != nil)

            let list = try await client.execute(uri: "/rest/batch", method: .post, headers: Self.json,
                                                body: ByteBuffer(text: #"{"auth":"t","halt":1,"cmd":["app.info","nope.nope","user.current"]}"#))
            let inner = try #require(list.json?["result"])
            if case .array(let results)? = inner["result"] { #expect(results.count == 1) } else { Issue.record("expected a list") }
        }
    }

    @Test func placementBindStoresAndReadsBack() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, portal) = project.app()
        try await app.test(.router) { client in
            let body = #"{"auth":"t","PLACEMENT":"im_sidebar","HANDLER":"https://widgets.example.com/help/","TITLE":"Help","LANG_ALL":{"en":{"TITLE":"Help"}},"OPTIONS":{"iconName":"fa-book","color":"AQUA","bogus":"1"}}"#
            let bind = try await client.execute(uri: "/rest/placement.bind", method: .post, headers: Self.json, body: ByteBuffer(text: body))
            #expect(bind.status == .ok)
            #expect(bind.json?["result"] == true)

            let get = try await client.execute(uri: "/rest/placement.get.json", method: .post, body: ByteBuffer(text: "auth=t"))
            guard case .array(let items)? = get.json?["result"] else { Issue.record("no list"); return }
            #expect(items.count == 1)
            #expect(items.first?["placement"] == "IM_SIDEBAR")
            #expect(items.first?["handler"] == "https://widgets.example.com/help/")
            #expect(items.first?["options"] == ["iconName": "fa-book", "color": "AQUA"])
            #expect(items.first?["langAll"]?["en"]?["TITLE"] == "Help")

            let recorded = try await client.execute(uri: "/_placard/api/bindings", method: .get)
            #expect(recorded.json.map { if case .array(let all) = $0 { all.count } else { 0 } } == 1)
            #expect(portal.bindings.first?["PLACEMENT"] == "IM_SIDEBAR")

            let unbind = try await client.execute(uri: "/rest/placement.unbind.json", method: .post, body: ByteBuffer(text: "auth=t&PLACEMENT=IM_SIDEBAR"))
            #expect(unbind.json?["result"]?["count"] == 2)
            #expect(portal.bindings.isEmpty)
        }
    }

    @Test(arguments: [
        ("PLACEMENT=IM_SIDEBAR&OPTIONS%5BiconName%5D=fa-x", "ERROR_ARGUMENT"),
        ("PLACEMENT=IM_SIDEBAR&HANDLER=http%3A%2F%2Flocalhost%3A4224%2Fhelp%2F&OPTIONS%5BiconName%5D=fa-x", "ERROR_WRONG_HANDLER_URL"),
        ("PLACEMENT=IM_SIDEBAR&HANDLER=ftp%3A%2F%2Fa.example%2F&OPTIONS%5BiconName%5D=fa-x", "ERROR_UNSUPPORTED_PROTOCOL"),
        ("PLACEMENT=IM_TEXTAREA&HANDLER=https%3A%2F%2Fa.example%2F", "ERROR_ARGUMENT"),
        ("PLACEMENT=IM_SIDEBAR&HANDLER=https%3A%2F%2Fa.example%2F&OPTIONS%5BiconName%5D=fa-x&OPTIONS%5Bcontext%5D=user", "INVALID_ERROR_CONTEXT"),
        ("PLACEMENT=IM_SIDEBAR&HANDLER=https%3A%2F%2Fa.example%2F&OPTIONS%5BiconName%5D=fa-x&OPTIONS%5Bcolor%5D=TEAL", "INVALID_ERROR_COLOR"),
        ("PLACEMENT=IM_SIDEBAR&HANDLER=https%3A%2F%2Fa.example%2F&OPTIONS%5BiconName%5D=fa-x&USER_ID=5", "ERROR_PLACEMENT_USER_MODE"),
        ("PLACEMENT=DEFAULT&HANDLER=https%3A%2F%2Fa.example%2F", "ERROR_ARGUMENT"),
        ("PLACEMENT=IM_NOPE&HANDLER=https%3A%2F%2Fa.example%2F", "ERROR_PLACEMENT_NOT_FOUND"),
    ])
    func placementBindValidates(_ params: String, _ code: String) async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, portal) = project.app()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/rest/placement.bind.json", method: .post, body: ByteBuffer(text: "auth=t&" + params))
            #expect(response.status.code >= 400)
            #expect(response.json?["error"] == .string(code))
            #expect(portal.bindings.isEmpty)
        }
    }

    @Test func nonAdministratorsCannotBind() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, portal) = project.app()
        portal.register(EmulatorSession(auth: "user", admin: false))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/rest/placement.bind.json", method: .post,
                                                    body: ByteBuffer(text: "auth=user&PLACEMENT=IM_SIDEBAR&HANDLER=https%3A%2F%2Fa.example%2F&OPTIONS%5BiconName%5D=fa-x"))
            #expect(response.status == .forbidden)
            #expect(response.json?["error"] == "ACCESS_DENIED")
        }
    }

    @Test func fixtureFilesOverrideBuiltIns() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        try project.write("fixtures/user.current.json", #"{"result": {"ID": "99", "NAME": "Override"}}"#)
        try project.write("fixtures/crm.deal.list.json", #"[{"ID": "1", "TITLE": "Deal"}]"#)
        try project.write("fixtures/app.info.json", #"{"error": "ACCESS_DENIED", "error_description": "Nope", "httpStatus": 403}"#)
        try project.write("fixtures/broken.json", "{")
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let me = try await client.execute(uri: "/rest/user.current.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(me.json?["result"]?["NAME"] == "Override")
            let deals = try await client.execute(uri: "/rest/crm.deal.list.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(deals.json?["result"] == [["ID": "1", "TITLE": "Deal"]])
            let denied = try await client.execute(uri: "/rest/app.info.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(denied.status == .forbidden)
            #expect(denied.json == ["error": "ACCESS_DENIED", "error_description": "Nope"])
            let broken = try await client.execute(uri: "/rest/broken.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(broken.status == .internalServerError)
        }
    }

    @Test func messagesAreAddedAndListed() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let add = try await client.execute(uri: "/rest/im.message.add.json", method: .post, body: ByteBuffer(text: "auth=t&DIALOG_ID=chat5&MESSAGE=Hi+there"))
            #expect(add.json?["result"] == 84890)
            let next = try await client.execute(uri: "/rest/im.message.add.json", method: .post, body: ByteBuffer(text: "auth=t&DIALOG_ID=chat5&MESSAGE=Again"))
            #expect(next.json?["result"] == 84891)
            let empty = try await client.execute(uri: "/rest/im.message.add.json", method: .post, body: ByteBuffer(text: "auth=t&DIALOG_ID=chat5&MESSAGE=+"))
            #expect(empty.json?["error"] == "MESSAGE_EMPTY")
            let history = try await client.execute(uri: "/rest/im.dialog.messages.get.json", method: .post, body: ByteBuffer(text: "auth=t&DIALOG_ID=chat5"))
            guard case .array(let messages)? = history.json?["result"]?["messages"] else { Issue.record("no messages"); return }
            #expect(messages.first?["text"] == "Again")
            #expect(history.json?["result"]?["chat_id"] == 5)
        }
    }

    @Test func corsAnswersTheServersOwnOriginOnly() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        // The router test client names the server "localhost" (no port).
        try await app.test(.router) { client in
            let preflight = try await client.execute(uri: "/rest/user.current", method: .options,
                                                     headers: [.origin: "http://localhost", .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "http://localhost")
            #expect(preflight.headers[.accessControlAllowHeaders] == "content-type")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            let call = try await client.execute(uri: "/rest/user.current.json", method: .post, headers: [.origin: "http://localhost"], body: ByteBuffer(text: "auth=t"))
            #expect(call.headers[.accessControlAllowOrigin] == "http://localhost")
            for other in ["https://evil.example", "http://127.0.0.1:3000", "http://localhost:3000", "https://localhost", "null"] {
                let foreign = try await client.execute(uri: "/rest/user.current", method: .options, headers: [.origin: other])
                #expect(foreign.headers[.accessControlAllowOrigin] == nil, "\(other)")
                let read = try await client.execute(uri: "/rest/user.current.json", method: .post, headers: [.origin: other], body: ByteBuffer(text: "auth=t"))
                #expect(read.headers[.accessControlAllowOrigin] == nil, "\(other)")
            }
        }
    }

    @Test func formDataFollowsPHPBrackets() throws {
        let decoded = try FormData.decode("a=1&b%5Bc%5D=2&b%5Bd%5D%5B%5D=3&b%5Bd%5D%5B%5D=4&e=x+y%21&f&g%5B0%5D=p&g%5B1%5D=q&h=%zz")
        #expect(decoded["a"] == "1")
        #expect(decoded["b"] == ["c": "2", "d": ["3", "4"]])
        #expect(decoded["e"] == "x y!")
        #expect(decoded["f"] == "")
        #expect(decoded["g"] == ["p", "q"])
        #expect(decoded["h"] == "%zz")
        #expect(try FormData.decode("cmd%5Bx%5D=user.get%3FID%3D1")["cmd"] == ["x": "user.get?ID=1"])
    }
}
