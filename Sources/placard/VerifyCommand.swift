import ArgumentParser
import PlacardVerify

/// `placard verify [DIR]`: the same checks, options and output as `placard-verify`,
/// delegating to PlacardVerify (only the argument parsing differs).
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a built output folder against the Bitrix24 placement rules (like placard-verify).",
        discussion: "Reads only the artifact: placements.json, each <widget>/placement.json and the HTML/JS/CSS files. "
            + "Exit status: 0 no errors, 1 errors found, 2 the folder could not be read. "
            + "Run 'placard verify --list-rules' for the rule ids.")

    @Argument(help: "The output folder to verify.")
    var directory: String = "dist"

    @Flag(help: "Accept relative HANDLERs (install.html resolves them at install time).")
    var staticApp = false

    @Option(help: ArgumentHelp("Warn when a bundle is larger than this many bytes.", valueName: "bytes"))
    var budget: Int = VerifyOptions.defaultBudget

    @Option(help: "Output format: text, json or github (workflow annotations).")
    var format: VerifyFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .customLong("bx24-script"), help: ArgumentHelp("The exact BX24 library URL pages must load (default: any https URL whose path contains /api/v1/).", valueName: "url"))
    var bx24Script: String?

    @Flag(help: "Print every rule id with what it checks, and exit.")
    var listRules = false

    func validate() throws {
        guard budget > 0 else { throw ValidationError("--budget must be a positive number of bytes") }
        if let bx24Script, !(bx24Script.hasPrefix("https://") || bx24Script.hasPrefix("http://")) {
            throw ValidationError("--bx24-script must be an absolute http(s) URL")
        }
    }

    func run() throws {
        if listRules {
            print(VerifyRules.listing, terminator: "")
            return
        }
        let options = VerifyOptions(staticApp: staticApp, budget: budget, strict: strict, bx24Script: bx24Script)
        let status = VerifyCommandLine.run(directory: directory, options: options, format: format)
        if status != 0 { throw ExitCode(status) }
    }
}

extension VerifyFormat: ExpressibleByArgument {}
