import PlacardCore
import PlacardRules
import PlacardSystem
import PlacardServe
import PlacardVerify

/// The project folder and its `placard.yml`, resolved once into each command's options.
///
/// Exists so that `build`, `serve` and `package` agree on where the project, its output and
/// its settings are: each command asks this type for its options instead of building a
/// `Project` or reading the config itself. `verify` takes a folder; when that folder lies
/// in a project, it reads the project's settings and traces findings to its sources
/// through this type too. The config is read only by the commands whose options use it.
struct ProjectFrontEnd: Sendable {
    let project: Project

    /// `root` (default `.`) and the output folder (default `<root>/dist`).
    init(root: String, output: String?) {
        project = Project(root: root, output: output)
    }

    /// `placard.yml` as the build reads it (defaults when there is none).
    var config: Config { Config.load(project).0 }

    /// `placard serve`: the project and where to listen.
    func serveOptions(host: String, port: Int, bx24: ServeOptions.BX24Mode) -> ServeOptions {
        ServeOptions(project: project, host: host, port: port, bx24: bx24)
    }

    /// What verify takes from this project: placard.yml's settings and findings, and the
    /// trace of findings about `directory` (shown as `label`) to the sources.
    func verifyProject(label: String, directory: String) -> VerifyProject {
        let (config, findings) = Config.load(project)
        let project = self.project
        return VerifyProject(staticApp: config.isStaticApp, budget: config.sizeBudget,
                             bx24Script: config.bx24Script == Config.defaultBX24Script ? nil : config.bx24Script,
                             findings: findings) { found in
            SourceTrace.trace(found, project: project, directory: directory, label: label)
        }
    }

    /// `placard check`: verify over a build held in memory (`output`: relative path →
    /// bytes), with the project's settings as the build read them, traced to the sources.
    func verifyInMemory(_ output: [String: [UInt8]], overrides: Config.Overrides) -> [Finding] {
        let (config, _) = Config.load(project, overrides: overrides)
        let label = Path.name(of: project.output)
        let options = VerifyOptions(staticApp: config.isStaticApp, budget: config.sizeBudget,
                                    bx24Script: config.bx24Script == Config.defaultBX24Script ? nil : config.bx24Script)
        let report = Verifier(options: options).verify(VerifyInput.memory(output, label: label))
        return SourceTrace.trace(report.findings, project: project, label: label) { output[$0] }
    }

    /// The project a verified folder belongs to: the folder's parent, or the current
    /// folder when the verified folder lies inside it, whichever holds a placard.yml (or a
    /// content/ folder); nil outside a project.
    static func enclosing(_ directory: String) -> ProjectFrontEnd? {
        let folder = Path.absolute(directory)
        let here = Path.absolute(".")
        let inside = FileSystem.realPath(folder).map { real in FileSystem.realPath(here).map { FileSystem.isInside(real, $0) } ?? false } ?? false
        for root in [Path.parent(of: folder)] + (inside ? [here] : []) {
            guard FileSystem.kind(of: Path.join(root, Config.fileName)) == .file || FileSystem.isDirectory(Path.join(root, "content")) else { continue }
            return ProjectFrontEnd(root: root, output: folder)
        }
        return nil
    }
}

extension ProjectOptions {
    /// The front end for `--root` and `--output`.
    var frontEnd: ProjectFrontEnd { ProjectFrontEnd(root: root, output: output) }
}
