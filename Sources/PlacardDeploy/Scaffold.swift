import Foundation
import PlacardCore
import PlacardSystem

/// Why `placard init` wrote nothing.
public enum ScaffoldError: Error, Sendable, CustomStringConvertible {
    /// A file the new project needs is already there (the first one, in write order).
    case exists(String)
    case notAFolder(String)
    case io(String)

    public var description: String {
        switch self {
        case .exists(let path):
            return "\(path) already exists; 'placard init' never overwrites files — choose an empty or new folder"
        case .notAFolder(let path):
            return "\(path) exists and is not a folder"
        case .io(let message):
            return message
        }
    }
}

/// A new Placard project: one widget per messenger placement, templates, `placard.yml`,
/// a README and a CI workflow, as files embedded in the binary.
///
/// Exists so that `placard init` gives a project that builds and verifies cleanly on the
/// first run, shows every placement's context, and can be edited rather than written from
/// scratch. The files are Swift string literals (`Scaffold*.swift`) because the
/// PlacardDeploy target declares no resources.
public struct Scaffold: Sendable {
    /// Project-relative paths and contents, in the order they are written.
    public var files: [ScaffoldFile]
    /// The longest `--title` (in characters) `placard init` accepts: a name for the page
    /// heading and the browser tab, far below what placard.yml's 64 KiB YAML limit allows.
    public static let maxTitleLength = 200

    /// The project with `title` in `placard.yml` and the README: a static app, or
    /// self-hosted at `baseURL` (the public URL of `dist/`, ending in `/`).
    public init(title: String = "My chat widgets", baseURL: String? = nil) {
        files = ScaffoldProject.files(title: title, baseURL: baseURL) + ScaffoldContent.files + ScaffoldTemplates.files
    }

    /// Writes every file under `directory`, creating folders as needed. Checks all paths
    /// first: if any file already exists, nothing is written.
    @discardableResult
    public func write(into directory: String) throws(ScaffoldError) -> [String] {
        let root = Path.absolute(directory)
        let kind = FileSystem.kind(of: root)
        guard kind == .missing || kind == .directory || (kind == .symlink && FileSystem.isDirectory(root)) else {
            throw .notAFolder(root)
        }
        for file in files {
            let path = Path.join(root, file.path)
            if FileSystem.kind(of: path) != .missing { throw .exists(path) }
        }
        var written: [String] = []
        do throws(FileSystem.Error) {
            for file in files {
                let path = Path.join(root, file.path)
                try FileSystem.makeDirectories(Path.parent(of: path))
                try FileSystem.write(file.text, to: path)
                written.append(path)
            }
        } catch {
            throw .io(error.description)
        }
        return written
    }
}

/// One file of a new project, as a value, so the whole project can be checked before
/// anything is written (and listed by tests).
public struct ScaffoldFile: Sendable, Hashable {
    public var path: String
    public var text: String

    public init(_ path: String, _ text: String) {
        self.path = path
        self.text = text
    }
}

/// Small helpers for the embedded files.
enum ScaffoldText {
    /// `text` as a YAML double-quoted scalar (JSON string syntax is valid YAML).
    static func yamlString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
