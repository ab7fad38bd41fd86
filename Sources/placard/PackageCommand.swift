import ArgumentParser

struct Package: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not built yet)")
    func run() throws { throw ValidationError("'placard package' is not available yet") }
}
