/// One fuzz target: a name (its corpus folder, `Fuzz/corpus/<name>/`) and what it does
/// with one input.
///
/// Exists so that libFuzzer (`placard-fuzz`, built with `-sanitize=fuzzer` by
/// `scripts/fuzz`) and the test suite (which replays every seed and every crasher ever
/// found, `Fuzz/corpus/*/*`) run exactly the same code on an input. A harness returns
/// normally for every input; a crash, a hang or runaway memory is the bug it looks for.
public struct Harness: Sendable {
    public let name: String
    public let summary: String
    let body: @Sendable ([UInt8]) -> Void

    /// Runs the harness on one input.
    public func run(_ input: [UInt8]) { body(input) }

    /// Every harness, in the order `scripts/fuzz` runs them.
    public static let all: [Harness] = [frontMatter, template, markdown, gfm, reply, form, jsonBody, verifyJSON, verifyHTML, searchQuery]

    public static func named(_ name: String) -> Harness? { all.first { $0.name == name } }

    /// Inputs larger than this are cut: every limit Placard has is far below it, and
    /// libFuzzer's own `-max_len` is set lower still by `scripts/fuzz`.
    static let maximumInput = 1 << 20

    /// The input as text the way the loader would accept it: valid UTF-8, or nothing.
    static func text(_ input: [UInt8]) -> String? {
        String(validating: input.prefix(maximumInput), as: UTF8.self)
    }
}
