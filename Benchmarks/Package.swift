// swift-tools-version: 6.1
// Benchmarks of idgate's card reading, store and sync (ordo-one/benchmark), and the in-process read loop
// (idgate-read-loop: RSS over many reads, the valgrind leak check, reads through pcscd). A separate package so
// that `swift test` of the root never builds it; run with scripts/bench and scripts/leak-check.
import PackageDescription

let package = Package(
    name: "idgate-benchmarks",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "idgate-read-loop", targets: ["idgate-read-loop"]),
    ],
    dependencies: [
        .package(name: "idgate", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "CardIO", package: "idgate"),
                .product(name: "CardSim", package: "idgate"),
                .product(name: "IDGateReading", package: "idgate"),
                // Agent imports Sync without declaring it in the root manifest; the product brings it in.
                .product(name: "IDGateSync", package: "idgate"),
            ],
            path: "Support",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "idgate-read-loop",
            dependencies: ["BenchSupport"],
            path: "ReadLoop",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "CardBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "IDGateReading", package: "idgate"),
                .product(name: "CardSim", package: "idgate"),
                .product(name: "CardIO", package: "idgate"),
            ],
            path: "Benchmarks/CardBenchmarks",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SyncBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "IDGateSync", package: "idgate"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/SyncBenchmarks",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
