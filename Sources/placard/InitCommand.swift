import ArgumentParser
import Foundation
import PlacardDeploy
import PlacardRules
import PlacardSystem

/// `placard init <dir>`: a new project with one widget per messenger placement.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new project: one widget per placement, templates, placard.yml, README and CI.",
        discussion: """
            The folder may exist, but no file of the new project may: 'placard init' never \
            overwrites anything, and writes nothing when one of its files is already there.
            """)

    @Argument(help: "The folder for the new project (created when missing).")
    var directory: String

    @Option(help: "The application's name, shown on index.html and install.html.")
    var title: String = "My chat widgets"

    @Option(name: .customLong("base-url"), help: ArgumentHelp("A self-hosted project: the public https URL of dist/ (default: a Bitrix24 static app, 'hosting: static-app').", valueName: "url"))
    var baseURL: String?

    func validate() throws {
        if directory.isEmpty { throw ValidationError("the project folder must not be empty") }
        if title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--title must not be empty") }
        if title.count > Scaffold.maxTitleLength {
            throw ValidationError("--title is \(title.count) characters long; an application's name is at most \(Scaffold.maxTitleLength) (it heads index.html and install.html)")
        }
        if let scalar = title.unicodeScalars.first(where: DisplayText.needsEscape) {
            throw ValidationError("--title contains the control character \(DisplayText.escaped(String(scalar))); an application's name is one line of text")
        }
        if let baseURL {
            let url = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
            if let problem = HandlerRules.check(url, relativeAllowed: false).first(where: { $0.severity == .error }) {
                throw ValidationError("--base-url: \(problem.message)")
            }
        }
    }

    func run() throws {
        do throws(ScaffoldError) {
            let url = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
            let written = try Scaffold(title: title, baseURL: url).write(into: directory)
            let widgets = written.filter { $0.hasSuffix("/index.md") }.count
            FileHandle.standardError.write(Data("""
                Created \(written.count) files in \(DisplayText.escaped(directory)): \(widgets) widgets (one per placement), templates, placard.yml, README.md and a CI workflow.
                Next: cd \(ShellWord.quoted(directory)) && placard build && placard serve

                """.utf8))
        } catch {
            FileHandle.standardError.write(Data("error: \(DisplayText.escaped(error.description))\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// A path as one word a POSIX shell reads back as that path: printed in "Next: cd …" so
/// pasting the line is safe whatever the folder is called.
enum ShellWord {
    /// `text` unchanged when it holds only characters no shell treats specially; else in
    /// single quotes (a `'` as `'\''`), or — when it holds control characters, which
    /// would break the printed line — as `$'…'` with those characters escaped (bash, zsh,
    /// ksh and POSIX 2024 sh read it).
    static func quoted(_ text: String) -> String {
        if !text.isEmpty, !text.hasPrefix("-"), !text.hasPrefix("~"),
           text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/._-+,:@%=".unicodeScalars.contains($0)) }) {
            return text
        }
        let word = text.hasPrefix("-") ? "./" + text : text
        guard word.unicodeScalars.contains(where: DisplayText.needsEscape) else {
            return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        var out = "$'"
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if DisplayText.needsEscape(scalar) {
                    if scalar.value < 0x80 {
                        out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                    } else {
                        out += "\\u" + String(repeating: "0", count: max(0, 4 - String(scalar.value, radix: 16).count)) + String(scalar.value, radix: 16)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }
}
