import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PlacardServe

/// Another web app on this machine must not read the preview's REST answers, use tokens
/// the emulator never issued, or change the emulator's state.
@Suite("Origins and tokens")
struct OriginAndTokenTests {
    /// What the router test client's requests name as the server.
    static let own = "http://localhost"

    static func session(_ body: String, origin: String? = OriginAndTokenTests.own, type: String? = "application/json",
                        site: String? = nil) -> HTTPFields {
        var headers = HTTPFields()
        if let origin { headers[.origin] = origin }
        if let type { headers[.contentType] = type }
        if let site { headers[.secFetchSite] = site }
        return headers
    }

    @Test func onlyIssuedTokensAreAccepted() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let made = try await client.execute(uri: "/rest/user.current.json", method: .post, body: ByteBuffer(text: "auth=made-up"))
            #expect(made.status == .unauthorized)
            #expect(made.json == ["error": "invalid_token", "error_description": "The access token provided is invalid."])
            let message = try await client.execute(uri: "/rest/im.message.add.json", method: .post,
                                                   body: ByteBuffer(text: "auth=x&DIALOG_ID=chat1&MESSAGE=hi"))
            #expect(message.status == .unauthorized)

            let issue = try await client.execute(uri: "/_placard/api/session", method: .post, headers: Self.session(""),
                                                 body: ByteBuffer(text: #"{"dialogId":"chat7","admin":true}"#))
            #expect(issue.status == .ok)
            let grant = try JSONDecoder().decode(SessionGrant.self, from: Data(issue.body.readableBytesView))
            #expect(grant.auth.count == 64)
            #expect(grant.expires == FakePortal.tokenLifetime)
            let me = try await client.execute(uri: "/rest/user.current.json", method: .post, body: ByteBuffer(text: "auth=" + grant.auth))
            #expect(me.status == .ok)

            // The same token, now expired (the emulator's "Expire token" button).
            let expire = try await client.execute(uri: "/_placard/api/session", method: .post, headers: Self.session(""),
                                                  body: ByteBuffer(text: #"{"auth":"\#(grant.auth)","expired":true}"#))
            #expect(try JSONDecoder().decode(SessionGrant.self, from: Data(expire.body.readableBytesView)).auth == grant.auth)
            let expired = try await client.execute(uri: "/rest/user.current.json", method: .post, body: ByteBuffer(text: "auth=" + grant.auth))
            #expect(expired.status == .unauthorized)
            #expect(expired.json?["error"] == "expired_token")

            // refreshAuth: a new token that works, and the old one stays expired.
            let renew = try await client.execute(uri: "/_placard/api/session", method: .post, headers: Self.session(""),
                                                 body: ByteBuffer(text: #"{"auth":"\#(grant.auth)","renew":true,"dialogId":"chat7"}"#))
            let fresh = try JSONDecoder().decode(SessionGrant.self, from: Data(renew.body.readableBytesView))
            #expect(fresh.auth != grant.auth)
            #expect(try await client.execute(uri: "/rest/app.info.json?auth=" + fresh.auth, method: .get).status == .ok)
            #expect(try await client.execute(uri: "/rest/app.info.json?auth=" + grant.auth, method: .get).json?["error"] == "expired_token")
        }
    }

    @Test func tokensExpireAfterTheirLifetime() {
        let portal = FakePortal(projectRoot: FileManager.default.temporaryDirectory.appendingPathComponent("placard-no-project").path)
        let grant = portal.session(SessionRequest())
        #expect(portal.call("app.info", params: [:], auth: grant.auth).status == 200)
        portal.state.withLock { $0.sessions[grant.auth]?.expires = Date().addingTimeInterval(-1) }
        #expect(portal.call("app.info", params: [:], auth: grant.auth).body["error"] == "expired_token")
        // The portal remembers a bounded number of tokens.
        for _ in 0..<(FakePortal.maxTokens + 5) { _ = portal.session(SessionRequest()) }
        #expect(portal.state.withLock { $0.sessions.count } == FakePortal.maxTokens)
        #expect(portal.call("app.info", params: [:], auth: grant.auth).body["error"] == "invalid_token")
    }

    @Test func crossOriginWritesToTheEmulatorAPIAreRefused() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, portal) = project.app()
        let body = ByteBuffer(text: #"{"dialogId":"chat7"}"#)
        try await app.test(.router) { client in
            let refused: [(String, HTTPFields)] = [
                ("text/plain (a CSRF form)", Self.session("", type: "text/plain")),
                ("form-encoded", Self.session("", type: "application/x-www-form-urlencoded")),
                ("no type", Self.session("", type: nil)),
                ("foreign origin", Self.session("", origin: "https://evil.example")),
                ("other loopback port", Self.session("", origin: "http://localhost:3000")),
                ("no origin", Self.session("", origin: nil)),
                ("cross-site fetch", Self.session("", origin: nil, site: "cross-site")),
                ("same-site fetch", Self.session("", origin: nil, site: "same-site")),
                ("same origin but cross-site fetch", Self.session("", site: "cross-site")),
            ]
            for (label, headers) in refused {
                let response = try await client.execute(uri: "/_placard/api/session", method: .post, headers: headers, body: body)
                #expect(response.status == .forbidden, "\(label)")
                #expect(response.text.hasPrefix("Refused:"), "\(label)")
            }
            portal.state.withLock { $0.bindings = [["PLACEMENT": "IM_SIDEBAR"]] }
            let delete = try await client.execute(uri: "/_placard/api/bindings", method: .delete, headers: [.origin: "https://evil.example"])
            #expect(delete.status == .forbidden)
            #expect(portal.bindings.count == 1)

            let fetch = try await client.execute(uri: "/_placard/api/session", method: .post,
                                                 headers: Self.session("", origin: nil, site: "same-origin"), body: body)
            #expect(fetch.status == .ok)
            let page = try await client.execute(uri: "/_placard/api/session", method: .post, headers: Self.session("", type: "application/json; charset=utf-8"), body: body)
            #expect(page.status == .ok)
            let reset = try await client.execute(uri: "/_placard/api/bindings", method: .delete, headers: Self.session(""))
            #expect(reset.status == .noContent)
            #expect(portal.bindings.isEmpty)
            // Reads stay open (without CORS headers another site cannot see them).
            #expect(try await client.execute(uri: "/_placard/api/state", method: .get).status == .ok)
            let big = ByteBuffer(repeating: UInt8(ascii: " "), count: RequestLimits.apiBody + 1)
            #expect(try await client.execute(uri: "/_placard/api/session", method: .post, headers: Self.session(""), body: big).status == .contentTooLarge)
        }
    }
}
