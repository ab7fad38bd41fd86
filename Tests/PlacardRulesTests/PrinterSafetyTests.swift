import PlacardRules
import Testing
import PlacardReport

/// Findings quote file names and values; printed, they stay one line each and cannot
/// move the cursor, recolour the terminal or reorder text.
@Suite("Printing hostile text")
struct PrinterSafetyTests {
    @Test func printersEscapeControlCharacters() {
        let finding = Finding.error("x.rule", "value 'a\nx.md:1:1: note: b\u{1B}[31m\u{202E}\tc\u{7F}\u{85}\u{2028}'",
                                    at: SourceLocation(file: "content/w/a\rb.md", line: 2, column: 3))
        #expect(DisplayText.escaped("plain, ünï 😀") == "plain, ünï 😀")
        #expect(DiagnosticPrinter(color: false).render([finding])
            == "content/w/a\\rb.md:2:3: error: value 'a\\nx.md:1:1: note: b\\u{1B}[31m\\u{202E}\\tc\\u{7F}\\u{85}\\u{2028}' [x.rule]\n")
        #expect(GitHubAnnotations.line(for: finding)
            == "::error file=content/w/a\\rb.md,line=2,col=3,title=x.rule::value 'a\\nx.md%3A1%3A1%3A note%3A b\\u{1B}[31m\\u{202E}\\tc\\u{7F}\\u{85}\\u{2028}'".replacingOccurrences(of: "%3A", with: ":"))
    }
}
