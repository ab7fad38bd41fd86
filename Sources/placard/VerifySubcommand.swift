import ArgumentParser
import PlacardVerify

/// `placard verify`: `placard-verify`'s command (the same flags, help and output), judging
/// the folder with the project it was built from when it lies in one.
///
/// Exists because PlacardVerify never reads a project: this front end adds placard.yml's
/// settings and the trace of findings to their sources (`ProjectFrontEnd.enclosing`).
struct Verify: ParsableCommand {
    static var configuration: CommandConfiguration { VerifyCommand.configuration }

    @OptionGroup var verify: VerifyCommand

    func run() throws {
        let project = ProjectFrontEnd.enclosing(verify.directory)?.verifyProject(label: VerifyInput.label(for: verify.directory),
                                                                                 directory: verify.directory)
        try verify.run(project: project)
    }
}
