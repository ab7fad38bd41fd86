import ArgumentParser
import Foundation
import PlacardCore
import PlacardRules
import PlacardReport

/// `placard build`: every widget of the project into the output folder, findings on standard error.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build every widget in content/ into dist/ (one bundle per widget).")

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Print the time each stage took.")
    var timings = false

    @Flag(help: "Print every rule id the build reports with what it checks, and exit.")
    var listRules = false

    func run() throws {
        if listRules {
            print(Rule.listing(Rule.reported(by: .build)), terminator: "")
            return
        }
        let project = project.frontEnd.project
        let report = Pipeline.build(project)
        if let refusal = report.refusal {
            FileHandle.standardError.write(Data("error: \(refusal)\n".utf8))
            throw ExitCode(2)
        }
        DiagnosticPrinter().print(report.findings)
        Summary.print(report, timings: timings)
        if !report.succeeded { throw ExitCode(1) }
    }
}

/// The one-paragraph summary after a build.
enum Summary {
    static func print(_ report: BuildReport, timings: Bool) {
        var lines: [String] = []
        let ms = Int((report.seconds * 1000).rounded())
        let counts = "\(report.widgets) widget\(report.widgets == 1 ? "" : "s"), \(report.pages) page\(report.pages == 1 ? "" : "s")"
        if report.succeeded {
            lines.append("Built \(counts) (\(report.files) files) in \(ms) ms.")
        } else {
            let errors = report.findings.errorCount
            lines.append("Build failed: \(errors) error\(errors == 1 ? "" : "s"), \(report.findings.warningCount) warning(s); \(counts) checked in \(ms) ms. The previous output was left as it was.")
        }
        if !report.unsafeWidgets.isEmpty {
            lines.append("Raw HTML allowed (unsafeHTML: true) in: \(report.unsafeWidgets.joined(separator: ", ")).")
        }
        if timings {
            lines.append(report.stages.map { "\($0.name) \(String(format: "%.1f", $0.seconds * 1000)) ms" }.joined(separator: " · "))
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
