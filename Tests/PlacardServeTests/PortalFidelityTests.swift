import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PlacardServe

/// Issue 12, point 4: REST answered the way a portal answers it — batch commands in the order
/// sent, REST v3 refused clearly, tokens the portal did not issue refused on every path.
@Suite("REST like a portal")
struct PortalFidelityTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test func formKeysKeepTheOrderSent() {
        #expect(ParameterOrder.formKeys(of: "cmd", in: "halt=0&cmd%5Bz%5D=a&cmd[b]=b%3Fx%3D1&cmd[z]=dup&cmd[10]=c&cmd[2]=d") == ["z", "b", "10", "2"])
        #expect(ParameterOrder.formKeys(of: "cmd", in: "cmd[]=a&cmd[]=b&other[k]=1") == [])
        #expect(ParameterOrder.formKeys(of: "cmd", in: "") == [])
    }

    @Test func jsonKeysKeepTheOrderSent() {
        let text = #"{"auth":"t","halt":0,"nested":{"cmd":{"no":1}},"cmd":{"zeta":"user.current","a\"b":"app.info?x=[1]","alpha":{"k":[1,{"q":"}"}]}},"last":true}"#
        #expect(ParameterOrder.jsonKeys(of: "cmd", in: Array(text.utf8)) == ["zeta", "a\"b", "alpha"])
        #expect(ParameterOrder.jsonKeys(of: "cmd", in: Array(#"{"cmd":{}}"#.utf8)) == [])
        #expect(ParameterOrder.jsonKeys(of: "cmd", in: Array(#"{"cmd":["a","b"]}"#.utf8)) == [])
        #expect(ParameterOrder.jsonKeys(of: "cmd", in: Array("not json".utf8)) == [])
        let deep = "{\"x\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + ",\"cmd\":{\"a\":1}}"
        #expect(ParameterOrder.jsonKeys(of: "cmd", in: Array(deep.utf8)) == [])
    }

    /// A later-sorted key refers to an earlier-sent one: `$result[zz]` in command `aa`. A portal
    /// runs `zz` first because it was sent first (PHP keeps insertion order; batch uses foreach).
    @Test func batchRunsCommandsInTheOrderSent() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let form = "auth=t&halt=1&cmd%5Bzz%5D=user.current&cmd%5Baa%5D=im.dialog.get%3FDIALOG_ID%3Dchat%24result%5Bzz%5D%5BID%5D"
            let classic = try await client.execute(uri: "/rest/batch.json", method: .post, body: ByteBuffer(text: form))
            #expect(classic.json?["result"]?["result_error"] == [])
            #expect(classic.json?["result"]?["result"]?["aa"]?["dialog_id"] == "chat1")

            let body = #"{"auth":"t","halt":1,"cmd":{"zz":"user.current","aa":"im.dialog.get?DIALOG_ID=chat$result[zz][ID]"}}"#
            let modern = try await client.execute(uri: "/rest/batch", method: .post, headers: Self.json, body: ByteBuffer(text: body))
            #expect(modern.json?["result"]?["result_error"] == [])
            #expect(modern.json?["result"]?["result"]?["aa"]?["dialog_id"] == "chat1")

            // The answer keeps the order sent too, in every bucket (PHP's json_encode of $result).
            let text = String(buffer: classic.body)
            let zz = try #require(text.range(of: #""zz":"#)), aa = try #require(text.range(of: #""aa":"#))
            #expect(zz.lowerBound < aa.lowerBound)
            let times = try #require(text.range(of: #""result_time":{"zz":"#))
            #expect(text[times.upperBound...].contains(#""aa":"#))

            // Sent the other way round, aa runs first and its reference is still empty.
            let reversed = "auth=t&halt=1&cmd%5Baa%5D=im.dialog.get%3FDIALOG_ID%3D%24result%5Bzz%5D%5BID%5D&cmd%5Bzz%5D=user.current"
            let early = try await client.execute(uri: "/rest/batch.json", method: .post, body: ByteBuffer(text: reversed))
            #expect(early.json?["result"]?["result_error"]?["aa"]?["error"] == "DIALOG_ID_EMPTY")
            #expect(early.json?["result"]?["result"]?["zz"] == nil)
        }
    }

    @Test func restV3IsRefusedInItsOwnShapeAfterTheTokenCheck() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let answer = try await client.execute(uri: "/rest/api/user.current?bx24_request_id=1", method: .post, headers: Self.json,
                                                  body: ByteBuffer(text: #"{"auth":"t"}"#))
            #expect(answer.status == .notImplemented)
            #expect(answer.json?["error"]?["code"] == "PLACARD_V3_NOT_EMULATED")
            #expect(answer.json?["error"]?["message"]?.string?.contains("REST v3") == true)
            #expect(answer.json?["result"] == nil)

            let foreign = try await client.execute(uri: "/rest/api/user.current", method: .post, headers: Self.json,
                                                   body: ByteBuffer(text: #"{"auth":"made-up"}"#))
            #expect(foreign.status == .unauthorized)
            #expect(foreign.json?["error"] == "invalid_token")

            let none = try await client.execute(uri: "/rest/api/user.current", method: .post, headers: Self.json, body: ByteBuffer(text: "{}"))
            #expect(none.status == .unauthorized)
            #expect(none.json?["error"] == "NO_AUTH_FOUND")

            // v2 stays v2, and a token the portal did not issue is refused there too.
            let v2 = try await client.execute(uri: "/rest/user.current", method: .post, headers: Self.json, body: ByteBuffer(text: #"{"auth":"made-up"}"#))
            #expect(v2.status == .unauthorized)
            #expect(v2.json?["error"] == "invalid_token")
        }
    }

    @Test func initDelayIsAWholeNumberOfMillisecondsWithALimit() {
        #expect(PreviewConfig.initDelay(nil) == 0)
        #expect(PreviewConfig.initDelay("300") == 300)
        #expect(PreviewConfig.initDelay("-5") == 0)
        #expect(PreviewConfig.initDelay("3e2") == 0)
        #expect(PreviewConfig.initDelay("999999") == PreviewConfig.maxInitDelay)
        #expect(PreviewConfig.initDelay("9999999999999") == 0)
    }

    /// Issue 21: `im.dialog.get` (and `im.dialog.messages.get`) check DIALOG_ID as the im module does.
    @Test func dialogIdsAreCheckedLikeTheImModule() {
        for id in ["7", "chat1489", "CHAT3", "sg12", "crm|DEAL|12"] { #expect(FakePortal.isDialogID(id), "\(id)") }
        for id in ["", "0", "undefined", "nonsense!!", "chat", "chat12x", "-5", "sg", "crm|DEAL|", "crm||1", "7 ", "chat1|x"] {
            #expect(!FakePortal.isDialogID(id), "\(id)")
        }
        let portal = FakePortal(projectRoot: "/nonexistent")
        portal.register(EmulatorSession(auth: "t"))
        for method in ["im.dialog.get", "im.dialog.messages.get"] {
            let refused = portal.call(method, params: ["DIALOG_ID": "undefined"], auth: "t")
            #expect(refused.status == 400 && refused.body["error"]?.string == "DIALOG_ID_EMPTY")
            #expect(portal.call(method, params: ["DIALOG_ID": "chat42"], auth: "t").status == 200)
        }
    }
}
