import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PlacardServe
import PlacardSystem

/// Inputs that used to stop `placard serve` with one request, and the bounds that stop them now.
@Suite("Request limits")
struct RequestLimitTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static let json: HTTPFields = [.contentType: "application/json"]

    /// The fuzz seeds in `Fuzz/corpus/<kind>/` (each one crashed the server once).
    static func seeds(_ kind: String) throws -> [(String, [UInt8])] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/\(kind)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    @Test func hugeIndexKeysDoNotOverflow() throws {
        #expect(try FormData.decode("9223372036854775807=1") == ["9223372036854775807": "1"])
        // After the largest index, `[]` finds no free one and is dropped (as PHP drops it).
        #expect(try FormData.decode("a[9223372036854775807]=1&a[]=2")["a"] == ["9223372036854775807": "1"])
        #expect(try FormData.decode("a%5B9223372036854775807%5D=1&a%5B%5D=2")["a"] == ["9223372036854775807": "1"])
        #expect(try FormData.decode("a[]=x&a[9223372036854775806]=y&a[]=z")["a"] == ["0": "x", "9223372036854775806": "y", "9223372036854775807": "z"])
        // Beyond Int's range, or not canonical, a key is a string key and leaves the next index alone.
        #expect(try FormData.decode("a[99999999999999999999]=1&a[]=2")["a"] == ["99999999999999999999": "1", "0": "2"])
        #expect(try FormData.decode("a[07]=1&a[]=2")["a"] == ["07": "1", "0": "2"])
        #expect(try FormData.decode("a[-5]=1&a[]=2")["a"] == ["-5": "1", "0": "2"])
        #expect(try FormData.decode("a[3]=1&a[]=2")["a"] == ["3": "1", "4": "2"])
    }

    @Test func nestingIsBounded() throws {
        let deep = "a" + String(repeating: "[]", count: 4000) + "=1"
        #expect(throws: FormData.Problem.tooDeep) { try FormData.decode(deep) }
        let limit = "a" + String(repeating: "[x]", count: RequestLimits.maxDepth - 1) + "=1"
        #expect(try FormData.decode(limit)["a"] != nil)
        #expect(throws: FormData.Problem.tooDeep) { try FormData.decode("a" + String(repeating: "[x]", count: RequestLimits.maxDepth) + "=1") }

        let deepArrays = "{\"a\":" + String(repeating: "[", count: 4000) + String(repeating: "]", count: 4000) + "}"
        #expect(throws: JSONValue.Problem.tooDeep) { try JSONValue.parse(Array(deepArrays.utf8)) }
        let deepObjects = String(repeating: "{\"a\":", count: 4000) + "1" + String(repeating: "}", count: 4000)
        #expect(throws: JSONValue.Problem.tooDeep) { try JSONValue.parse(Array(deepObjects.utf8)) }
        let atLimit = String(repeating: "[", count: RequestLimits.maxDepth) + String(repeating: "]", count: RequestLimits.maxDepth)
        #expect(try JSONValue.parse(Array(atLimit.utf8)) != .null)
        // Brackets inside strings are text, not nesting.
        let inString = "{\"a\":\"" + String(repeating: "[{", count: 4000) + "\\\"\"}"
        #expect(try JSONValue.parse(Array(inString.utf8))["a"]?.string?.count == 8001)
        #expect(throws: JSONValue.Problem.invalid) { try JSONValue.parse(Array("{".utf8)) }
    }

    @Test func parameterCountIsBounded() throws {
        let many = (0...RequestLimits.maxParameters).map { "k\($0)=v" }.joined(separator: "&")
        #expect(throws: FormData.Problem.tooManyParameters) { try FormData.decode(many) }
        let enough = (1...RequestLimits.maxParameters).map { "k\($0)=v" }.joined(separator: "&")
        #expect(try FormData.decode(enough).count == RequestLimits.maxParameters)
    }

    @Test func theFuzzSeedsDecodeWithoutCrashing() throws {
        let forms = try Self.seeds("form")
        #expect(forms.count >= 3)
        for (_, bytes) in forms { _ = try? FormData.decode(String(decoding: bytes, as: UTF8.self)) }
        let bodies = try Self.seeds("json-body")
        #expect(bodies.count >= 2)
        for (name, bytes) in bodies {
            if name.hasPrefix("deep") {
                #expect(throws: JSONValue.Problem.tooDeep, "\(name)") { try JSONValue.parse(bytes) }
            } else {
                _ = try? JSONValue.parse(bytes)
            }
        }
    }

    /// Every crashing input, as a query, a form body and a JSON body: a 4xx (or 200 for the
    /// huge index, which is valid), and the server answers normally afterwards.
    @Test func crashingRequestsGetClearAnswers() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let key = try await client.execute(uri: "/rest/user.current.json?9223372036854775807=1&auth=t", method: .get)
            #expect(key.status == .ok)
            let index = try await client.execute(uri: "/rest/user.current.json", method: .post, headers: Self.form,
                                                 body: ByteBuffer(text: "auth=t&a%5B9223372036854775807%5D=1&a%5B%5D=2"))
            #expect(index.status == .ok)
            for (name, bytes) in try Self.seeds("form") {
                let body = try await client.execute(uri: "/rest/user.current.json", method: .post, headers: Self.form, body: ByteBuffer(bytes: bytes))
                // Without a token the huge keys are a plain 401: decoded, nothing crashed.
                #expect([200, 400, 401].contains(body.status.code), "\(name)")
                let query = try await client.execute(uri: "/rest/user.current.json?auth=t&" + String(decoding: bytes, as: UTF8.self), method: .get)
                // A seed may carry its own (unknown) token: 401.
                #expect([200, 400, 401].contains(query.status.code), "\(name)")
                if name.hasPrefix("deep") {
                    #expect(body.status == .badRequest)
                    #expect(body.json?["error"] == "INVALID_REQUEST")
                    #expect(body.json?["error_description"] == "Parameters are nested more than 64 levels deep")
                }
            }
            for (name, bytes) in try Self.seeds("json-body") {
                let response = try await client.execute(uri: "/rest/user.current", method: .post, headers: Self.json, body: ByteBuffer(bytes: bytes))
                guard name.hasPrefix("deep") else {
                    #expect([200, 400, 401].contains(response.status.code), "\(name)")
                    continue
                }
                #expect(response.status == .badRequest, "\(name)")
                #expect(response.json?["error"] == "INVALID_REQUEST")
                #expect(response.json?["error_description"] == "Request body is nested more than 64 levels deep")
            }
            let many = "auth=t&" + (0...RequestLimits.maxParameters).map { "k\($0)=v" }.joined(separator: "&")
            let tooMany = try await client.execute(uri: "/rest/user.current.json", method: .post, headers: Self.form, body: ByteBuffer(text: many))
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.json?["error_description"] == "More than 1000 parameters")
            // A batch sub-command with a deep query fails alone.
            let deepCommand = "user.get?" + "F" + String(repeating: "[x]", count: 100) + "=1"
            let batch = try await client.execute(uri: "/rest/batch", method: .post, headers: Self.json,
                                                 body: ByteBuffer(text: #"{"auth":"t","cmd":{"deep":"\#(deepCommand)","me":"user.current"}}"#))
            #expect(batch.status == .ok)
            #expect(batch.json?["result"]?["result_error"]?["deep"]?["error"] == "INVALID_REQUEST")
            #expect(batch.json?["result"]?["result"]?["me"]?["NAME"] == "Anna")

            let after = try await client.execute(uri: "/rest/user.current.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(after.status == .ok)
        }
    }

    @Test func restBodiesOverTheLimitAre413() async throws {
        let project = try TestProject(build: false)
        defer { project.remove() }
        let (app, _, _) = project.app()
        try await app.test(.router) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: RequestLimits.restBody + 1)
            let response = try await client.execute(uri: "/rest/user.current.json", method: .post, headers: Self.form, body: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.json?["error"] == "INVALID_REQUEST")
            #expect(response.json?["error_description"] == "Request body is larger than 8 MiB")
            let after = try await client.execute(uri: "/rest/user.current.json", method: .post, body: ByteBuffer(text: "auth=t"))
            #expect(after.status == .ok)
        }
    }
}
