// swift-tools-version: 6.1
// libFuzzer targets for idgate's parsers and secure messaging. A separate package so that `swift test` of the
// root never builds it. Build and run with scripts/fuzz: every module is compiled with
// `-sanitize=fuzzer,address` (passed as -Xswiftc, so the root's parsers are coverage-instrumented too).
//
// SwiftPM links Linux executables with `--defsym main=<Module>_main`, which defeats the usual `-parse-as-library`
// recipe (libFuzzer's own `main` is never used). So each target keeps the standard entry point
// `@_cdecl("LLVMFuzzerTestOneInput")` and its main.swift hands control to libFuzzer through `LLVMFuzzerRunDriver`
// (the FuzzDriver C target).
import Foundation
import PackageDescription

/// The root package's SwiftPM package name (its directory name): the secure-messaging targets join it with
/// `-package-name` to reach EMRTD's `package` codec and session keys, which are not public API.
let rootPackageName: String = {
    let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()
    return String(root.map { $0.isLetter || $0.isNumber ? $0 : "_" })
}()

let settings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
/// Targets using it set `packageAccess: false` so that SwiftPM does not pass its own `-package-name` after this one.
let packageAccess: [SwiftSetting] = settings + [.unsafeFlags(["-package-name", rootPackageName])]

func fuzzer(_ name: String, _ dependencies: [Target.Dependency], rootPackageAccess: Bool = false) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzDriver", "FuzzSupport"] + dependencies,
                      packageAccess: !rootPackageAccess, swiftSettings: rootPackageAccess ? packageAccess : settings)
}

let package = Package(
    name: "idgate-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "idgate", path: ".."),
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", swiftSettings: settings),
        fuzzer("FuzzBERTLV", [.product(name: "CardIO", package: "idgate")]),
        fuzzer("FuzzDG1", [.product(name: "LDS", package: "idgate")]),
        fuzzer("FuzzDG2", [.product(name: "LDS", package: "idgate")]),
        fuzzer("FuzzDG13", [.product(name: "VNID", package: "idgate")]),
        fuzzer("FuzzSecurityInfos", [.product(name: "LDS", package: "idgate"), .product(name: "EMRTD", package: "idgate")],
               rootPackageAccess: true),
        fuzzer("FuzzSOD", [.product(name: "LDS", package: "idgate")]),
        fuzzer("FuzzQR", [.product(name: "VNID", package: "idgate")]),
        fuzzer("FuzzGatewayJSON", [.product(name: "Eligibility", package: "idgate")]),
        fuzzer("FuzzCardSM", [.product(name: "CardSim", package: "idgate"), .product(name: "EMRTD", package: "idgate"),
                              .product(name: "CardIO", package: "idgate")], rootPackageAccess: true),
        fuzzer("FuzzTerminalSM", [.product(name: "EMRTD", package: "idgate"), .product(name: "CardIO", package: "idgate")],
               rootPackageAccess: true),
        // IDGateSync: Agent imports Sync without declaring it (built first here so the import resolves).
        fuzzer("FuzzConfig", [.product(name: "IDGateSync", package: "idgate"), .product(name: "Agent", package: "idgate")]),
        .executableTarget(
            name: "fuzz-seeds",
            dependencies: [
                .product(name: "CardSim", package: "idgate"), .product(name: "LDS", package: "idgate"),
                .product(name: "VNID", package: "idgate"), .product(name: "EMRTD", package: "idgate"),
                .product(name: "Eligibility", package: "idgate"), .product(name: "CardIO", package: "idgate"),
            ],
            packageAccess: false,
            swiftSettings: packageAccess
        ),
    ],
    swiftLanguageModes: [.v6]
)
