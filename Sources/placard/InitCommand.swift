import ArgumentParser

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not built yet)")
    func run() throws { throw ValidationError("'placard init' is not available yet") }
}
