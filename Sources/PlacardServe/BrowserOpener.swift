import Foundation
import PlacardSystem

/// `serve --open`: the preview opened in the user's browser, when this machine has one.
///
/// Exists because a laptop user expects the page to appear, while the same flag on a
/// server, in a container or over SSH must not hang or fail: there, serve says where the
/// preview is instead. `BROWSER` (the convention of Python's `webbrowser` and many CLIs)
/// names the program; otherwise `xdg-open` on Linux with a display, `open` on macOS.
enum BrowserOpener {
    /// Starts the browser on `url`; returns a sentence when no browser could be started.
    static func open(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let program = program(environment) else {
            return "--open: no browser on this machine (no DISPLAY or WAYLAND_DISPLAY, no BROWSER); open \(url) in a browser yourself."
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = [url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "--open: cannot start \(program) (\(error.localizedDescription)); open \(url) in a browser yourself."
        }
        return nil
    }

    /// The program that opens a URL here, as an absolute path, or nil.
    static func program(_ environment: [String: String]) -> String? {
        if let browser = environment["BROWSER"], !browser.isEmpty {
            // BROWSER may be a list ("firefox:chromium"); the first that exists wins.
            for name in browser.split(separator: ":").map(String.init) {
                if let path = find(name, environment) { return path }
            }
            return nil
        }
        #if os(macOS)
        return find("open", environment)
        #else
        let display = !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty
        return display ? find("xdg-open", environment) : nil
        #endif
    }

    /// `name` if it is a path to an executable, else the first executable of that name on PATH.
    static func find(_ name: String, _ environment: [String: String]) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let path = folder + "/" + name
            if access(path, X_OK) == 0, !FileSystem.isDirectory(path) { return path }
        }
        return nil
    }
}
