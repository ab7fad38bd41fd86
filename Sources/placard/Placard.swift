import ArgumentParser

/// The `placard` command: a thin layer over PlacardCore and friends.
@main
struct Placard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placard",
        abstract: "Build Bitrix24 chat widgets from Markdown and Mustache templates.",
        version: "0.1.0",
        subcommands: [Build.self, Verify.self, Serve.self, Package.self, Init.self],
        defaultSubcommand: Build.self)
}

/// Options every project command takes.
struct ProjectOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Project folder (with placard.yml, content/, templates/).")
    var root: String = "."

    @Option(name: [.short, .long], help: "Output folder (default: <root>/dist).")
    var output: String?
}
