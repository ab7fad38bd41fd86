// swift-tools-version:6.0
import PackageDescription

// `PLACARD_FUZZ=1 swift build --product placard-fuzz` (what scripts/fuzz runs) builds the
// fuzz driver for libFuzzer: Placard's own modules get coverage instrumentation, the
// driver links libFuzzer. Without it the same driver replays inputs (the tests use it).
let fuzzing = Context.environment["PLACARD_FUZZ"] == "1"
let instrumented: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer"])] : []

// Placard: a static site generator for Bitrix24 chat widgets.
// A core library (`PlacardCore`) with thin executables on top; the platform rules
// (`PlacardRules`) are a small module shared by the build and the verifier.
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
        // Platform facts: placement codes, OPTIONS rules, contexts, findings. Foundation only.
        .target(name: "PlacardRules", swiftSettings: instrumented),
        // Checks a built dist/ against the rules. Foundation + PlacardRules only.
        .target(name: "PlacardVerify", dependencies: ["PlacardRules"], swiftSettings: instrumented),
        // The build pipeline: load → parse → render → bundle → write.
        .target(
            name: "PlacardCore",
            dependencies: [
                "PlacardRules",
                "CCmark",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [
                .embedInCode("Resources/runtime.js"),
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
                "PlacardRules",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [
                .embedInCode("Resources/emulator.html"),
                .embedInCode("Resources/emulator.js"),
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
                "PlacardVerify",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "placard",
            dependencies: [
                "PlacardCore",
                "PlacardVerify",
                "PlacardServe",
                "PlacardDeploy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "placard-verify", dependencies: ["PlacardVerify"]),
        // Fuzz harnesses (Fuzz/Harnesses) and their driver; corpora in Fuzz/corpus/<harness>/.
        .target(
            name: "PlacardFuzz",
            dependencies: ["PlacardCore", "PlacardRules", "PlacardServe", "PlacardVerify"],
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
        .testTarget(name: "PlacardRulesTests", dependencies: ["PlacardRules"]),
        .testTarget(name: "PlacardCoreTests", dependencies: ["PlacardCore", "PlacardTestSupport"]),
        .testTarget(name: "PlacardVerifyTests", dependencies: ["PlacardVerify", "PlacardCore", "PlacardTestSupport"]),
        .testTarget(
            name: "PlacardServeTests",
            dependencies: [
                "PlacardServe", "PlacardTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "PlacardDeployTests", dependencies: ["PlacardDeploy", "PlacardTestSupport"]),
        .testTarget(name: "PlacardCLITests", dependencies: ["PlacardTestSupport"]),
        .testTarget(name: "PlacardFuzzTests", dependencies: ["PlacardFuzz", "PlacardTestSupport"]),
    ]
)
