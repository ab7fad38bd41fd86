import PlacardSystem

/// Where a Placard project's parts live on disk.
///
/// Exists so that every command (build, verify, serve, package) agrees on the layout:
/// `placard.yml`, `content/`, `templates/` and the output folder, `dist/` by default.
public struct Project: Sendable {
    public let root: String
    /// `root` with symlinks resolved, for confinement checks.
    package let realRoot: String
    public let output: String

    public init(root: String, output: String? = nil) {
        self.root = Path.absolute(root)
        self.realRoot = FileSystem.realPath(self.root) ?? self.root
        self.output = Path.absolute(output ?? Path.join(self.root, "dist"))
    }

    package var configPath: String { Path.join(root, Config.fileName) }
    var contentPath: String { Path.join(root, "content") }
    var templatesPath: String { Path.join(root, "templates") }

    /// Widget ids become URL path segments and file names.
    package static func isValidWidgetID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}
