import Foundation
import PlacardCore
import PlacardRules
import PlacardTestSupport

/// Builds test projects for the deploy tests.
enum Deploy {
    /// Builds the project at `root` into `<root>/dist` and returns the report.
    static func build(_ root: String) -> BuildReport {
        Pipeline.build(Project(root: root))
    }

    /// A built copy of the repository's example project; returns its root.
    static func builtExample() -> String {
        let root = TestSupport.exampleProject()
        let report = build(root)
        precondition(report.succeeded, "example build failed: \(report.findings.filter { $0.severity == .error })")
        return root
    }

    static func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    static func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    /// The text between `<script type="application/json" id="placard-widgets">` and `</script>`.
    static func inlineWidgets(_ html: String) -> String? {
        guard let open = html.range(of: "<script type=\"application/json\" id=\"placard-widgets\">"),
              let close = html.range(of: "</script>", range: open.upperBound..<html.endIndex) else { return nil }
        return String(html[open.upperBound..<close.lowerBound])
    }

    static func json(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}
