import PlacardSystem
import Foundation
import Hummingbird
import Testing
@testable import PlacardServe

/// A plain TCP connection to the test server, for requests no HTTP client would send.
///
/// Exists because slow, short or oversized requests must be written byte by byte and the
/// moment the server closes the connection must be observed directly.
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    /// False once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Reads until the server closes the connection or `stop` accepts what arrived; `timeout`
    /// seconds is a safety net (a test that hits it fails), never the expected way out.
    func read(timeout: Double, until stop: (String) -> Bool = { _ in false }) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let wait = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, min(wait, 100)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[..<n]
            if stop(String(decoding: received, as: UTF8.self)) { break }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// Whether the server has closed the connection (without waiting).
    var isClosedByServer: Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK)) <= 0
    }
}

/// `placard serve`'s application on 127.0.0.1 with an ephemeral port and short timeouts.
struct LiveServer {
    let port: Int
    let task: Task<Void, any Error>
    var live: LiveState
    var portal: FakePortal

    static func start(_ project: TestProject, connections: ConnectionLimits,
                      messageLimits: FakePortal.MessageLimits = .init()) async throws -> LiveServer {
        let live = LiveState(site: SiteInfo(bx24Script: "https://api.bitrix24.com/api/v1/", defaultLanguage: "en", title: "Test"))
        var rebuilder = Rebuilder(project: project.project, live: live, print: { _ in })
        rebuilder.initialBuild()
        let portal = FakePortal(projectRoot: project.root, messageLimits: messageLimits)
        portal.register(EmulatorSession(auth: "t"))
        let options = ServeOptions(project: project.project, host: "127.0.0.1", port: 0, connections: connections)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = PreviewServer.application(options: options, live: live, portal: portal) { continuation.yield($0) }
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw POSIXError(.EADDRNOTAVAIL) }
        return LiveServer(port: port, task: task, live: live, portal: portal)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// A normal request on a fresh connection: the server is still up.
    func get(_ path: String) throws -> String {
        let connection = try RawConnection(port: port)
        connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        return connection.read(timeout: 60).text
    }
}

@Suite("Connections on a real socket", .serialized)
struct ConnectionTests {
    static let short = ConnectionLimits(idleTimeout: .seconds(1), bodyTimeout: .seconds(2), maxConnections: 256)

    @Test func aBodyShorterThanItsContentLengthDoesNotHoldTheConnection() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let server = try await LiveServer.start(project, connections: Self.short)
        let connection = try RawConnection(port: server.port)
        let started = Date()
        connection.send("POST /rest/user.current.json HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nauth=t")
        // The server's 2 s body deadline closes it; 60 s is only a safety net for a stalled machine.
        let outcome = connection.read(timeout: 60)
        #expect(outcome.closed, "still open after \(Date().timeIntervalSince(started)) s")
        #expect(try server.get("/help/").hasPrefix("HTTP/1.1 200"))
        await server.stop()
    }

    @Test func headersDrippedByteByByteAreCutOff() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let server = try await LiveServer.start(project, connections: Self.short)
        let connections = try (0..<50).map { _ in try RawConnection(port: server.port) }
        for connection in connections { connection.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n") }
        let started = Date()
        var open = Set(connections.indices)
        // Until the server has cut every one off (the 1 s idle deadline counts from the first
        // byte, however many follow); 60 s is only a safety net for a stalled machine.
        while !open.isEmpty, Date().timeIntervalSince(started) < 60 {
            for index in open.sorted() {
                if connections[index].isClosedByServer || !connections[index].send("X-Drip: 1\r\n") { open.remove(index) }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(open.isEmpty, "\(open.count) slow connections still open")
        #expect(try server.get("/help/").hasPrefix("HTTP/1.1 200"))
        await server.stop()
    }

    @Test func aBodyDrippedSlowerThanTheDeadlineIs408() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let server = try await LiveServer.start(project, connections: Self.short)
        let connection = try RawConnection(port: server.port)
        connection.send("POST /rest/user.current.json HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nauth=t&x=")
        let started = Date()
        var answer = ""
        var closed = false
        // Until the server answers and closes (its 2 s deadline; the message says which rule
        // cut it off); 60 s is only a safety net for a stalled machine.
        while Date().timeIntervalSince(started) < 60, !closed {
            connection.send("a")
            let outcome = connection.read(timeout: 0.3)
            answer += outcome.text
            closed = outcome.closed
        }
        #expect(answer.hasPrefix("HTTP/1.1 408"))
        #expect(answer.contains("did not arrive within 2 s"))
        #expect(closed)
        #expect(try server.get("/help/").hasPrefix("HTTP/1.1 200"))
        await server.stop()
    }

    @Test func a100MBBodyIs413WithoutBeingRead() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let server = try await LiveServer.start(project, connections: ConnectionLimits())
        let connection = try RawConnection(port: server.port)
        connection.send("POST /rest/im.message.add.json HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(100 << 20)\r\n\r\n")
        let answer = connection.read(timeout: 60) { $0.contains("}") }.text
        #expect(answer.hasPrefix("HTTP/1.1 413"))
        #expect(answer.contains(#""error_description":"Request body is larger than 8 MiB""#))

        // Without a Content-Length (chunked), the limit applies to what arrives.
        let chunked = try RawConnection(port: server.port)
        chunked.send("POST /rest/im.message.add.json HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 0x10000) + Array("\r\n".utf8)
        var reply = ""
        for _ in 0..<(12 << 4) where reply.isEmpty {
            guard chunked.send(chunk) else { break }
            reply = chunked.read(timeout: 0.001).text
        }
        chunked.send("0\r\n\r\n")
        reply += chunked.read(timeout: 60) { $0.contains("}") }.text
        #expect(reply.hasPrefix("HTTP/1.1 413"))
        #expect(try server.get("/help/").hasPrefix("HTTP/1.1 200"))
        await server.stop()
    }

    @Test func requestsForAnotherHostAreMisdirected() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let server = try await LiveServer.start(project, connections: Self.short)
        let connection = try RawConnection(port: server.port)
        connection.send("GET /help/ HTTP/1.1\r\nHost: rebound.example:\(server.port)\r\nConnection: close\r\n\r\n")
        #expect(connection.read(timeout: 60).text.hasPrefix("HTTP/1.1 421"))
        let otherPort = try RawConnection(port: server.port)
        otherPort.send("GET /help/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: close\r\n\r\n")
        #expect(otherPort.read(timeout: 60).text.hasPrefix("HTTP/1.1 421"))
        #expect(try server.get("/help/").hasPrefix("HTTP/1.1 200"))
        await server.stop()
    }
}
