import ArgumentParser

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not built yet)")
    func run() throws { throw ValidationError("'placard verify' is not available yet") }
}
