// swift-tools-version: 6.1
// Benchmarks of idgate's store and sync (ordo-one/benchmark). A separate package so that
// `swift test` of the root never builds it; run with scripts/bench.
import PackageDescription

let package = Package(
    name: "idgate-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "idgate", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .executableTarget(
            name: "SyncBenchmarks",
            dependencies: [
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
