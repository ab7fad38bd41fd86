import PlacardCore
import PlacardServe
import PlacardVerify

/// The project folder and its `placard.yml`, resolved once into each command's options.
///
/// Exists so that `build`, `serve` and `package` agree on where the project, its output and
/// its settings are: each command asks this type for its options instead of building a
/// `Project` or reading the config itself. (`verify` reads only the artifact: it takes a
/// folder, not a project.) The config is read only by the commands whose options use it.
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

    /// `placard package`: the checks verify runs first (relative HANDLERs accepted, since
    /// install.html resolves them), with the project's size budget and BX24 library.
    func packageVerifyOptions() -> VerifyOptions {
        let config = config
        return VerifyOptions(staticApp: true, budget: config.sizeBudget,
                             bx24Script: config.bx24Script == Config.defaultBX24Script ? nil : config.bx24Script)
    }
}

extension ProjectOptions {
    /// The front end for `--root` and `--output`.
    var frontEnd: ProjectFrontEnd { ProjectFrontEnd(root: root, output: output) }
}
