/// The emulator's script, `/_placard/emulator.js`, made of its parts.
///
/// Exists so that the emulator can be written as one file per concern — frames and the
/// frame protocol, the log, the chat around the frames, the panel (`Resources/emulator-*.js`,
/// each saying why it exists) — and still reach the browser as one dependency-free classic
/// script in one function scope: the parts share the page's state (the configuration, the
/// session, the frames) by name, without a module loader, a global namespace or a request per
/// part. The order matters only for the last part, which starts the page.
enum EmulatorScript {
    /// The parts in the order they are served.
    static let parts: [(name: String, bytes: [UInt8])] = [
        ("emulator-frames.js", PackageResources.emulator_frames_js),
        ("emulator-log.js", PackageResources.emulator_log_js),
        ("emulator-bbcode.js", PackageResources.emulator_bbcode_js),
        ("emulator-chat.js", PackageResources.emulator_chat_js),
        ("emulator-panel.js", PackageResources.emulator_panel_js),
    ]

    /// The served script: the parts, each marked with its file name, inside one strict-mode function.
    static let bytes: [UInt8] = {
        var script = Array("/* Placard messenger emulator, served from the parts named below (EmulatorScript). */\n(function () {\n  'use strict';\n".utf8)
        for part in parts {
            script += Array("\n/* ---- \(part.name) ---- */\n".utf8)
            script += part.bytes
        }
        script += Array("})();\n".utf8)
        return script
    }()
}
