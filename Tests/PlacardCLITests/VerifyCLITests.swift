import Foundation
import PlacardTestSupport
import Testing

/// `placard verify` and `placard-verify` are one command: the same output and exit status
/// for the same arguments (only the name in usage lines differs).
@Suite("verify in both executables")
struct VerifyCLITests {
    let cli = CLITests()

    /// Runs `arguments` through `placard verify` and `placard-verify`.
    func both(_ arguments: [String], in folder: String) throws -> (CLITests.Run, CLITests.Run) {
        (try cli.run(["verify"] + arguments, in: folder), try cli.run(arguments, in: folder, executable: "placard-verify"))
    }

    @Test("a built project: the same report in every format, exit 0")
    func sameReport() throws {
        let root = TestSupport.exampleProject()
        #expect(try cli.run(["build"], in: root).status == 0)
        for format in ["text", "json", "github"] {
            let (placard, verify) = try both(["dist", "--format", format], in: root)
            #expect(placard.status == 0 && verify.status == 0, "\(placard.stderr)\(verify.stderr)")
            #expect(placard.stdout == verify.stdout)
            #expect(!verify.stdout.isEmpty)
        }
        let (strictPlacard, strictVerify) = try both(["dist", "--strict", "--budget", "100"], in: root)
        #expect(strictPlacard.status == 1 && strictVerify.status == 1)
        #expect(strictPlacard.stdout == strictVerify.stdout)
    }

    @Test("usage mistakes and unreadable folders exit 2 in both")
    func failures() throws {
        let root = TestSupport.exampleProject()
        for arguments in [["--budget", "0"], ["--format", "xml"], ["--colour"], ["a", "b"]] {
            let (placard, verify) = try both(arguments, in: root)
            #expect(placard.status == 2 && verify.status == 2, "\(arguments)")
            #expect(placard.stdout.isEmpty && verify.stdout.isEmpty)
        }
        let (placard, verify) = try both(["no-such-folder"], in: root)
        #expect(placard.status == 2 && verify.status == 2)
        #expect(placard.stderr == verify.stderr)
        #expect(verify.stderr == "error: cannot read 'no-such-folder': No such file or directory; run 'placard build' first, or name the built folder\n")
    }

    @Test("--list-rules prints the same list in both")
    func rules() throws {
        let root = TestSupport.exampleProject()
        let (placard, verify) = try both(["--list-rules"], in: root)
        #expect(placard.status == 0 && verify.status == 0)
        #expect(placard.stdout == verify.stdout && verify.stdout.contains("structure."))
    }
}
