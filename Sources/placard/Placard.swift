import ArgumentParser
import Foundation
import PlacardVerify

/// The `placard` command: a thin layer over PlacardCore and friends.
@main
struct Placard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placard",
        abstract: "Build Bitrix24 chat widgets from Markdown and Mustache templates.",
        version: "0.1.0",
        subcommands: [Build.self, VerifyCommand.self, Serve.self, Package.self, Init.self],
        defaultSubcommand: Build.self)

    /// Runs the command, mapping usage errors to exit code 2 (ArgumentParser's default is 64).
    static func main() async {
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

/// Options every project command takes.
struct ProjectOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Project folder (with placard.yml, content/, templates/).")
    var root: String = "."

    @Option(name: [.short, .long], help: "Output folder (default: <root>/dist).")
    var output: String?
}
