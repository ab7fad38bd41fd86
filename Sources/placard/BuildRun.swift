import Foundation
import PlacardCore
import PlacardRules
import PlacardReport
import PlacardSystem

/// One run of `build` or `check` as the user sees it: the progress line on a terminal,
/// then the findings and the summary in the chosen format.
///
/// Exists so both commands print the same way; `extra` adds findings after the pipeline
/// (check's verification of the output in memory).
struct BuildRun {
    let flags: BuildFlags
    let project: Project
    let command: String
    var extra: (BuildReport) -> [Finding] = { _ in [] }

    init(flags: BuildFlags, project: Project, command: String, extra: @escaping (BuildReport) -> [Finding] = { _ in [] }) {
        (self.flags, self.project, self.command, self.extra) = (flags, project, command, extra)
    }

    /// Builds, prints, and returns the report (with `extra`'s findings in it).
    func run() -> BuildReport {
        let start = DispatchTime.now().uptimeNanoseconds
        let progress = BuildProgress()
        let line = flags.quiet || flags.reportFormat != .text ? nil : ProgressLine.start(progress)
        var report = Pipeline.build(project, overrides: flags.overrides, writes: command == "build", progress: progress)
        line?.stop()
        if let refusal = report.refusal {
            FileHandle.standardError.write(Data("error: \(DisplayText.escaped(refusal.description))\n".utf8))
            return report
        }
        let more = extra(report)
        if !more.isEmpty {
            let verifyStart = DispatchTime.now().uptimeNanoseconds
            report.findings = Self.merging(report.findings, more)
            report.stages.append(BuildReport.Stage(name: "verify", seconds: Double(DispatchTime.now().uptimeNanoseconds - verifyStart) / 1e9))
        }
        report.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(report)
        return report
    }

    /// `base` and `more` without the findings of `more` that `base` reports already (the
    /// build's own page checks are verify's).
    static func merging(_ base: [Finding], _ more: [Finding]) -> [Finding] {
        let seen = Set(base.map { "\($0.rule)\u{0}\($0.location?.description ?? "")" })
        return base + more.filter { !seen.contains("\($0.rule)\u{0}\($0.location?.description ?? "")") }
    }

    private func print(_ report: BuildReport) {
        let shown = flags.quiet ? report.findings.filter { $0.severity == .error } : report.findings
        switch flags.reportFormat {
        case .text:
            DiagnosticPrinter().print(shown)
        case .github:
            FileDescriptorText.write(GitHubAnnotations.render(shown), to: 1)
        case .json:
            let output = BuildOutput(command: command, succeeded: report.succeeded, wrote: report.wrote, widgets: report.widgets,
                                     pages: report.pages, files: report.files, seconds: report.seconds,
                                     stages: report.stagesWithRest.map { ($0.name, $0.seconds) },
                                     findings: report.findings)
            FileDescriptorText.write(output.json, to: 1)
            return
        }
        guard !flags.quiet else { return }
        FileHandle.standardError.write(Data(Summary.text(report, command: command, timings: flags.timings || flags.verbose,
                                                         widgets: flags.verbose).utf8))
    }
}

/// The summary after a build or check.
enum Summary {
    static func text(_ report: BuildReport, command: String, timings: Bool, widgets: Bool) -> String {
        var lines: [String] = []
        let ms = milliseconds(report.seconds)
        let counts = "\(report.widgets) widget\(report.widgets == 1 ? "" : "s"), \(report.pages) page\(report.pages == 1 ? "" : "s")"
        let errors = report.findings.errorCount, warnings = report.findings.warningCount
        let problems = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        switch (command, report.succeeded) {
        case ("check", true) where warnings == 0:
            lines.append("Checked \(counts) in \(ms) ms: no problems; nothing was written.")
        case ("check", _):
            lines.append("Check failed: \(problems); \(counts) checked in \(ms) ms; nothing was written.")
        case (_, true):
            lines.append("Built \(counts) (\(report.files) files) in \(ms) ms.")
        default:
            lines.append("Build failed: \(problems); \(counts) checked in \(ms) ms. The previous output was left as it was.")
        }
        if !report.unsafeWidgets.isEmpty {
            lines.append("Raw HTML allowed (unsafeHTML: true) in: \(report.unsafeWidgets.joined(separator: ", ")).")
        }
        if widgets, !report.widgetPages.isEmpty {
            lines += report.widgetPages.map { "  \($0.id): \($0.pages) page\($0.pages == 1 ? "" : "s")" }
        }
        if timings {
            lines.append(report.stagesWithRest.map { "\($0.name) \(String(format: "%.1f", $0.seconds * 1000)) ms" }.joined(separator: " · ")
                         + " = \(String(format: "%.1f", report.seconds * 1000)) ms")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func milliseconds(_ seconds: Double) -> Int { Int((seconds * 1000).rounded()) }
}
