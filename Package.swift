// swift-tools-version:6.0
import PackageDescription

// `PLACARD_FUZZ=1 swift build --product placard-fuzz` (what scripts/fuzz runs) builds the
// fuzz driver for libFuzzer: Placard's own modules get coverage instrumentation, the
// driver links libFuzzer. Without it the same driver replays inputs (the tests use it).
let fuzzing = Context.environment["PLACARD_FUZZ"] == "1"
let instrumented: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer"])] : []

// Placard: a static site generator for Bitrix24 chat widgets.
// A core library (`PlacardCore`) with thin executables on top. Under everything,
// `PlacardSystem` (the POSIX layer and shared plumbing, no third-party code); the platform
// rules (`PlacardRules`) and their presentation (`PlacardReport`) are shared by the build
// and the verifier (`PlacardVerify`, which never sees PlacardCore).
let package = Package(
    name: "Placard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "placard", targets: ["placard"]),
        .executable(name: "placard-verify", targets: ["placard-verify"]),
        .library(name: "PlacardCore", targets: ["PlacardCore"]),
        .library(name: "PlacardRules", targets: ["PlacardRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // cmark from Debian's libcmark-dev; only Render/CommonMark.swift imports it.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Low-level plumbing shared by every module, one copy each: the POSIX layer, file
        // reads and the folder walk, paths, percent-decoding, the HTML attribute tokeniser,
        // JSONValue, the parallel map, the lock. Foundation only.
        .target(name: "PlacardSystem", swiftSettings: instrumented),
        // Platform facts: placement codes, OPTIONS rules, contexts, findings. Foundation only.
        .target(name: "PlacardRules", swiftSettings: instrumented),
        // Presentation: what a verification found and how findings are printed (text,
        // GitHub workflow commands, the JSON report).
        .target(name: "PlacardReport", dependencies: ["PlacardRules"], swiftSettings: instrumented),
        // Checks a built dist/ against the rules. Never cmark, Mustache, Yams or Hummingbird.
        .target(
            name: "PlacardVerify",
            dependencies: [
                "PlacardRules", "PlacardReport", "PlacardSystem",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: instrumented
        ),
        // The build pipeline: load → parse → render → bundle → write.
        .target(
            name: "PlacardCore",
            dependencies: [
                "PlacardRules",
                "PlacardSystem",
                // The build runs verify's page and reference rules on its own output.
                "PlacardVerify",
                "CCmark",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [
                .embedInCode("Resources/runtime.js"),
                .embedInCode("Resources/search.js"),
                .embedInCode("Resources/runtime.css"),
                .embedInCode("Resources/install.js"),
                .embedInCode("Resources/app.css"),
                .embedInCode("Resources/buttons.css"),
            ],
            swiftSettings: instrumented
        ),
        // Preview server with live reload and the Bitrix24 messenger emulator.
        .target(
            name: "PlacardServe",
            dependencies: [
                "PlacardCore",
                "PlacardReport",
                "PlacardRules",
                "PlacardSystem",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [
                .embedInCode("Resources/emulator.html"),
                .embedInCode("Resources/emulator-frames.js"),
                .embedInCode("Resources/emulator-log.js"),
                .embedInCode("Resources/emulator-bbcode.js"),
                .embedInCode("Resources/emulator-chat.js"),
                .embedInCode("Resources/emulator-panel.js"),
                .embedInCode("Resources/emulator.css"),
                .embedInCode("Resources/bx24-local.js"),
                .embedInCode("Resources/livereload.js"),
                .embedInCode("Resources/fixtures.json"),
            ],
            swiftSettings: instrumented
        ),
        // `placard package` and `placard init`.
        .target(
            name: "PlacardDeploy",
            dependencies: [
                "PlacardCore",
                "PlacardRules",
                "PlacardSystem",
                "PlacardVerify",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "placard",
            dependencies: [
                "PlacardCore",
                "PlacardReport",
                "PlacardRules",
                "PlacardSystem",
                "PlacardVerify",
                "PlacardServe",
                "PlacardDeploy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "placard-verify", dependencies: ["PlacardVerify", "PlacardSystem"]),
        // Fuzz harnesses (Fuzz/Harnesses) and their driver; corpora in Fuzz/corpus/<harness>/.
        .target(
            name: "PlacardFuzz",
            dependencies: ["PlacardCore", "PlacardReport", "PlacardRules", "PlacardServe", "PlacardSystem", "PlacardVerify"],
            path: "Fuzz/Harnesses",
            swiftSettings: instrumented
        ),
        .executableTarget(
            name: "placard-fuzz",
            dependencies: ["PlacardFuzz"],
            path: "Fuzz/Driver",
            swiftSettings: fuzzing ? [.define("FUZZING")] : [],
            linkerSettings: fuzzing ? [.unsafeFlags(["-sanitize=fuzzer", "-use-ld=lld"])] : []
        ),
        .target(name: "PlacardTestSupport", dependencies: ["PlacardCore"], path: "Tests/Support"),
        // glibc's mallinfo2 for memory tests (it returns a struct by value, which Swift cannot call).
        .target(name: "CMallocInfo", path: "Tests/CMallocInfo"),
        .testTarget(name: "PlacardRulesTests", dependencies: ["PlacardRules", "PlacardReport"]),
        .testTarget(name: "PlacardSystemTests", dependencies: ["PlacardSystem"]),
        // Fixtures are whole projects and built outputs the tests read from disk by path: excluded,
        // so SwiftPM neither bundles them nor warns about each of their files.
        .testTarget(
            name: "PlacardCoreTests", dependencies: ["PlacardCore", "PlacardReport", "PlacardSystem", "PlacardTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PlacardVerifyTests", dependencies: ["PlacardVerify", "PlacardCore", "PlacardReport", "PlacardSystem", "PlacardTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PlacardServeTests",
            dependencies: [
                "PlacardServe", "PlacardSystem", "PlacardTestSupport", "CMallocInfo",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "PlacardDeployTests", dependencies: ["PlacardDeploy", "PlacardTestSupport"]),
        .testTarget(name: "PlacardCLITests", dependencies: ["PlacardReport", "PlacardTestSupport"]),
        .testTarget(name: "PlacardFuzzTests", dependencies: ["PlacardFuzz", "PlacardTestSupport"], exclude: ["Fixtures"]),
    ]
)
