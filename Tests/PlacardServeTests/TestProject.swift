import Foundation
import PlacardTestSupport
import Hummingbird
import HummingbirdTesting
import PlacardCore
@testable import PlacardServe
import PlacardSystem

/// A small Placard project in a temporary folder: one widget per placement, built once.
struct TestProject {
    let root: String

    static let files: [String: String] = [
        "placard.yml": "title: Test widgets\ndefaultLanguage: en\nbaseURL: https://widgets.example.com/\n",
        "templates/base.mustache": """
        <!DOCTYPE html>
        <html lang="{{lang}}"><head><meta charset="utf-8">
        <meta name="b24-placement" content="{{widget.placement}}">
        <title>{{page.title}}</title>
        <link rel="stylesheet" href="{{assets.style}}" integrity="{{assets.styleIntegrity}}">
        <script src="{{assets.bx24}}"></script>
        <script src="{{assets.script}}" integrity="{{assets.scriptIntegrity}}" defer></script>
        </head><body><h1>{{widget.title}}</h1>
        <p>Dialog <code data-b24-option="dialogId">none</code></p>
        {{#versions}}<article data-b24-lang="{{lang}}">{{{html}}}</article>{{/versions}}
        </body></html>
        """,
        "templates/im-sidebar.mustache": "{{>base}}",
        "templates/im-textarea.mustache": "{{>base}}",
        "templates/im-context-menu.mustache": "{{>base}}",
        "content/help/index.md": "---\nplacement: IM_SIDEBAR\ntitle: Help\noptions:\n  iconName: fa-book\n  color: AQUA\n---\n# Help\n\nSidebar text.\n",
        "content/help/guide.md": "---\ntitle: Guide\n---\nA second page.\n",
        "content/help/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "content/snippets/index.md": "---\nplacement: IM_TEXTAREA\ntitle: Snippets\noptions:\n  iconName: fa-paste\n  width: 400\n  height: 300\n---\n```insert\nHello\n```\n",
        "content/tool/index.md": "---\nplacement: IM_CONTEXT_MENU\ntitle: Tool\noptions:\n  context: USER\n---\nMessage tool.\n",
    ]

    init(files: [String: String] = TestProject.files, build: Bool = true) throws {
        root = TestSupport.temporaryFolder("placard-serve")
        for (path, text) in files { try write(path, text) }
        if build { _ = Pipeline.build(project) }
    }

    var project: Project { Project(root: root) }
    var output: String { project.output }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// The preview application over this project, with its live state after a first build.
    func app(bx24: ServeOptions.BX24Mode = .local) -> (Application<PreviewResponder>, LiveState, FakePortal) {
        let live = LiveState(site: SiteInfo(bx24Script: Config.defaultBX24Script, defaultLanguage: "en", title: "Test"))
        var rebuilder = Rebuilder(project: project, live: live, print: { _ in })
        rebuilder.initialBuild()
        let portal = FakePortal(projectRoot: root)
        // Tokens the tests send, as if the emulator had issued them.
        for token in ["t", "token"] { portal.register(EmulatorSession(auth: token)) }
        let responder = PreviewResponder(options: ServeOptions(project: project, bx24: bx24), live: live, portal: portal)
        return (Application(responder: responder), live, portal)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: JSONValue? { JSONValue.decode(Array(body.readableBytesView)) }
}

extension ByteBuffer {
    init(text: String) { self.init(string: text) }
}
