import PlacardRules
import PlacardReport
import Testing
@testable import PlacardVerify

/// `placard-verify`'s arguments (the one `VerifyCommand`, parsed by ArgumentParser) and its
/// exit statuses (0 clean, 1 errors, 2 unreadable input or invalid command line).
@Suite("Command line and exit statuses")
struct CommandLineTests {
    @Test("defaults")
    func defaults() throws {
        let line = try VerifyCommand.parse([])
        #expect(line.directory == "dist")
        #expect(line.options == VerifyOptions(staticApp: false, budget: 1_048_576, strict: false, bx24Script: nil))
        #expect(line.reportFormat == .text)
        #expect(!line.listRules)
    }

    @Test("every option, both spellings of values")
    func options() throws {
        let line = try VerifyCommand.parse(["out", "--static-app", "--budget", "2048", "--format=github", "--strict", "--bx24-script", "https://cdn.example.com/api/v1/"])
        #expect(line.directory == "out")
        #expect(line.options == VerifyOptions(staticApp: true, budget: 2048, strict: true, bx24Script: "https://cdn.example.com/api/v1/"))
        #expect(line.reportFormat == .github)
        #expect(try VerifyCommand.parse(["--format", "json", "--", "-odd-name"]).directory == "-odd-name")
        #expect(helpRequested(["-h"]))
        #expect(try VerifyCommand.parse(["--list-rules"]).listRules)
    }

    /// True when parsing `arguments` asks for the help (a clean exit, status 0).
    func helpRequested(_ arguments: [String]) -> Bool {
        do {
            _ = try VerifyCommand.parse(arguments)
            return false
        } catch {
            return VerifyCommand.exitCode(for: error) == .success
        }
    }

    static let mistakes: [([String], String)] = [
        (["--budget", "lots"], "--budget must be a positive number of bytes, not 'lots'"),
        (["--budget", "0"], "--budget must be a positive number of bytes, not '0'"),
        (["--budget"], "Missing value for '--budget <bytes>'"),
        (["--format", "xml"], "--format must be text, json or github, not 'xml'"),
        (["--bx24-script", "api.bitrix24.com"], "--bx24-script must be an absolute http(s) URL, not 'api.bitrix24.com'"),
        (["--colour"], "Unknown option '--colour'"),
        (["a", "b"], "Unexpected argument 'b'"),
    ]

    @Test("mistakes are usage errors", arguments: mistakes)
    func usageErrors(_ arguments: [String], _ message: String) {
        do {
            _ = try VerifyCommand.parse(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(VerifyCommand.message(for: error) == message)
            #expect(VerifyCommand.exitCode(for: error) != .success)
        }
        let outcome = VerifyCommand.respond(to: arguments)
        #expect(outcome.status == 2)
        #expect(outcome.error.hasPrefix("error: \(message)\n\nUSAGE: placard-verify"))
        #expect(outcome.output.isEmpty)
    }

    static let statuses: [([String], Int32)] = [
        (["valid"], 0),
        (["handler.http"], 0),
        (["handler.http", "--strict"], 1),
        (["options.color.invalid"], 1),
        (["valid-static-app"], 1),
        (["valid-static-app", "--static-app"], 0),
        (["valid", "--format", "json"], 0),
        (["ref.missing", "--format", "github"], 1),
    ]

    @Test("exit statuses", arguments: statuses)
    func exitStatus(_ arguments: [String], _ status: Int32) {
        let outcome = VerifyCommand.respond(to: [Fixtures.dist(arguments[0])] + arguments.dropFirst())
        #expect(outcome.status == status)
        #expect(outcome.error.isEmpty)
    }

    @Test("a folder that cannot be read exits 2 with a message on standard error")
    func unreadable() {
        let missing = VerifyCommand.respond(to: [Fixtures.root + "/no-such-folder"])
        #expect(missing.status == 2)
        #expect(missing.output.isEmpty)
        #expect(missing.error == "error: cannot read '\(Fixtures.root)/no-such-folder': No such file or directory; run 'placard build' first, or name the built folder\n")
        let file = VerifyCommand.respond(to: [Fixtures.root + "/generate.py"])
        #expect(file.status == 2)
        #expect(file.error == "error: cannot read '\(Fixtures.root)/generate.py': not a folder\n")
    }

    @Test("--help and --list-rules print and exit 0")
    func helpAndRules() {
        let help = VerifyCommand.respond(to: ["--help"])
        #expect(help.status == 0 && help.output == VerifyCommand.standaloneHelp)
        #expect(help.output.contains("USAGE: placard-verify"))
        let rules = VerifyCommand.respond(to: ["--list-rules"])
        #expect(rules.status == 0)
        for rule in VerifyRules.all { #expect(rules.output.contains("\n" + rule.id + " ") || rules.output.hasPrefix(rule.id + " ")) }
    }

    @Test("the path label is the verified folder's name")
    func labels() {
        #expect(VerifyInput.label(for: "dist") == "dist")
        #expect(VerifyInput.label(for: "build/site/") == "site")
        #expect(VerifyInput.label(for: "/") == "")
        #expect(!VerifyInput.label(for: ".").isEmpty)
    }
}
