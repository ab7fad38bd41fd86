import ArgumentParser
import Foundation
import PlacardRules
import PlacardVerify

/// The `placard` command: a thin layer over PlacardCore and friends.
@main
struct Placard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placard",
        abstract: "Build Bitrix24 chat widgets from Markdown and Mustache templates.",
        version: Placard.version,
        subcommands: [Build.self, Check.self, Verify.self, Serve.self, Package.self, Init.self, Version.self],
        defaultSubcommand: Build.self)

    /// Runs the command, mapping usage errors to exit code 2 (ArgumentParser's default is 64).
    static func main() async {
        // `-V` alone is the version, as `--version` is (ArgumentParser knows only the long
        // form); both print the line `placard version` prints.
        if ["-V", "--version"].contains(Array(CommandLine.arguments.dropFirst()).first ?? ""), CommandLine.arguments.count == 2 {
            print(versionLine)
            return
        }
        if let mistake = unknownCommand(in: Array(CommandLine.arguments.dropFirst())) {
            FileHandle.standardError.write(Data((mistake + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension Placard {
    static let version = "0.1.0"
    /// What `placard version`, `placard --version` and `placard -V` print.
    static var versionLine: String { "placard \(version)" }

    /// The subcommands' names, as typed.
    static var commandNames: [String] {
        configuration.subcommands.map { $0.configuration.commandName ?? String(describing: $0).lowercased() } + ["help"]
    }

    /// A sentence for a first argument that is neither an option nor a command (`placard
    /// serv`), with the nearest command; nil when the arguments start otherwise. `build`,
    /// the default command, takes no plain arguments, so such a word can only be a typo.
    static func unknownCommand(in arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first) else { return nil }
        let suggestion = Suggestion.closest(to: first, in: commandNames.filter { $0 != "help" })
        let hint = suggestion.map { " Did you mean '\($0)'?" } ?? ""
        return "error: unknown command '\(DisplayText.escaped(first))'.\(hint) The commands are \(commandNames.filter { $0 != "help" }.joined(separator: ", ")); see 'placard --help'."
    }
}

/// Options every project command takes.
struct ProjectOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Project folder (with placard.yml, content/, templates/).")
    var root: String = "."

    @Option(name: [.short, .long], help: "Output folder (default: <root>/dist).")
    var output: String?
}

/// `placard version`: the version, as `placard --version` and `placard -V` print it (Hugo
/// has `hugo version`; both spellings are common).
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Placard's version (also 'placard --version' or 'placard -V').")

    func run() throws { print(Placard.versionLine) }
}
