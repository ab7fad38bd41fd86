import Foundation
import PlacardFuzz

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The harness libFuzzer calls; set once, before the driver starts.
nonisolated(unsafe) private var selected: Harness?

/// libFuzzer's entry point. `main` below passes it to `LLVMFuzzerRunDriver`; it is also
/// exported under libFuzzer's own name because the sanitizer runtime's `main` object is
/// linked in whole and refers to it (that `main` is never the one that runs).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected?.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#endif

/// `placard-fuzz`: runs one harness of `PlacardFuzz`.
///
/// Exists as the one binary `scripts/fuzz` drives. Built with `-sanitize=fuzzer`
/// (`PLACARD_FUZZ=1`, see Package.swift) it hands the command line to libFuzzer; built
/// normally it replays files, so a crasher can be run under a debugger.
///
///     placard-fuzz HARNESS [libFuzzer flags] [CORPUS...]   (fuzzing build)
///     placard-fuzz HARNESS FILE|FOLDER...                   (normal build: replay)
///     placard-fuzz --list
@main
enum FuzzMain {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, arguments[1] != "--help" else { usage(exit: 2) }
        if arguments[1] == "--list" {
            for harness in Harness.all { print("\(harness.name)\t\(harness.summary)") }
            return
        }
        guard let harness = Harness.named(arguments[1]) else {
            FileHandle.standardError.write(Data("placard-fuzz: no harness '\(arguments[1])'; 'placard-fuzz --list' shows them\n".utf8))
            exit(2)
        }
        #if FUZZING
        selected = harness
        // libFuzzer sees the program name and the arguments after the harness name.
        var argv: [UnsafeMutablePointer<CChar>?] = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
        var argc = CInt(argv.count - 1)
        let status = argv.withUnsafeMutableBufferPointer { buffer -> CInt in
            var base = buffer.baseAddress!
            return LLVMFuzzerRunDriver(&argc, &base, fuzzOne)
        }
        exit(status)
        #else
        var count = 0
        for path in arguments.dropFirst(2) {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("placard-fuzz: cannot read '\(file)'\n".utf8))
                    exit(1)
                }
                harness.run(Array(data))
                count += 1
            }
        }
        print("\(harness.name): ran \(count) input\(count == 1 ? "" : "s") without a crash")
        #endif
    }

    /// `path` itself, or the regular files directly inside it when it is a folder.
    static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { path + "/" + $0 }
    }

    static func usage(exit code: Int32) -> Never {
        FileHandle.standardError.write(Data("""
        usage: placard-fuzz HARNESS [libFuzzer flags] [CORPUS...]   (built by scripts/fuzz)
               placard-fuzz HARNESS FILE|FOLDER...                   (normal build: replays inputs)
               placard-fuzz --list

        """.utf8))
        exit(code)
    }
}
