import Foundation
import PlacardReport
import PlacardTestSupport
import Testing

/// The CLI conventions users bring from other tools: a misspelt command gets the nearest
/// one, and colour follows `NO_COLOR`, `CLICOLOR_FORCE`/`FORCE_COLOR` and `TERM=dumb`, on a
/// real pseudo-terminal where that matters.
@Suite("CLI conventions")
struct ConventionTests {
    let cli = CLITests()

    /// A project whose build fails with one error (so there is something to colour).
    func failingProject() -> String {
        TestSupport.project(["placard.yml": "baseURL: https://w.example.com/\n",
                             "content/a/index.md": "---\nplacement: IM_SIDEBARR\ntitle: A\n---\n"])
    }

    @Test func aMisspeltCommandGetsTheNearestOne() throws {
        let serv = try cli.run(["serv"])
        #expect(serv.status == 2)
        #expect(serv.stderr == "error: unknown command 'serv'. Did you mean 'serve'? The commands are build, check, verify, serve, package, init, version; see 'placard --help'.\n")
        let bild = try cli.run(["bild", "--root", "."])
        #expect(bild.status == 2 && bild.stderr.contains("Did you mean 'build'?"))
        let other = try cli.run(["zzz"])
        #expect(other.status == 2 && !other.stderr.contains("Did you mean") && other.stderr.hasPrefix("error: unknown command 'zzz'."))
        #expect(try cli.run(["--version"]).stdout == "placard 0.1.0\n")
    }

    @Test func colourRules() {
        let wants = DiagnosticPrinter.wantsColor
        #expect(wants([:], true))
        #expect(!wants([:], false))
        #expect(!wants(["TERM": "dumb"], true))
        #expect(!wants(["NO_COLOR": "1"], true))
        #expect(wants(["NO_COLOR": ""], true), "an empty NO_COLOR is not set")
        #expect(wants(["FORCE_COLOR": "1"], false))
        #expect(wants(["CLICOLOR_FORCE": "1", "TERM": "dumb"], false))
        #expect(!wants(["FORCE_COLOR": "0"], false))
        #expect(!wants(["FORCE_COLOR": "false"], false))
        #expect(!wants(["NO_COLOR": "1", "FORCE_COLOR": "1"], false), "NO_COLOR wins")
    }

    @Test func forcedColourReachesAPipe() throws {
        let root = failingProject()
        let plain = try cli.run(["build", "--root", root], environment: ["NO_COLOR": ""])
        #expect(plain.status == 1 && !plain.stderr.contains("\u{1B}["))
        let forced = try cli.run(["build", "--root", root], environment: ["NO_COLOR": "", "FORCE_COLOR": "1"])
        #expect(forced.status == 1 && forced.stderr.contains("\u{1B}["))
    }

    @Test func aTerminalGetsColourUnlessItIsDumb() throws {
        let root = failingProject()
        let xterm = try onTerminal(["build", "--root", root], environment: ["TERM": "xterm-256color", "NO_COLOR": ""])
        #expect(xterm.contains("\u{1B}["), "the pseudo-terminal is a terminal: \(xterm)")
        let dumb = try onTerminal(["build", "--root", root], environment: ["TERM": "dumb", "NO_COLOR": ""])
        #expect(dumb.contains("error:") && !dumb.contains("\u{1B}["))
    }

    @Test func aBusyPortIsSaidBeforeAnythingIsBuilt() throws {
        // A listening socket on a free port of 127.0.0.1, as another server would hold it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let root = TestSupport.exampleProject()
        let result = try cli.run(["serve", "--root", root, "--port", String(port)])
        #expect(result.status == 1)
        #expect(result.stderr == "error: port \(port) on 127.0.0.1 is already in use (another 'placard serve'?); stop that program, or pick another port with --port N (--port 0 takes any free one)\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/dist"), "nothing is built for a server that cannot start")
    }

    /// Runs `placard` with standard error on a new pseudo-terminal; returns what it printed there.
    func onTerminal(_ arguments: [String], environment: [String: String]) throws -> String {
        var primary: Int32 = -1, replica: Int32 = -1
        try #require(openpty(&primary, &replica, nil, nil, nil) == 0)
        defer { close(primary) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binaryFolder + "/placard")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(fileDescriptor: replica, closeOnDealloc: false)
        try process.run()
        close(replica)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(primary, &buffer, buffer.count)
            if count <= 0 { break }
            output += buffer[..<count]
        }
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
