import ArgumentParser

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not built yet)")
    func run() throws { throw ValidationError("'placard serve' is not available yet") }
}
