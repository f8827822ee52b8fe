// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "idgate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "idgate", targets: ["idgate"]),
        .executable(name: "idgate-central", targets: ["idgate-central"]),
        .library(name: "CardIO", targets: ["CardIO"]),
        .library(name: "CardSim", targets: ["CardSim"]),
        // One product per parser module, for Fuzz/ (a separate package that depends on this one by path).
        .library(name: "LDS", targets: ["LDS"]), .library(name: "VNID", targets: ["VNID"]), .library(name: "EMRTD", targets: ["EMRTD"]),
        .library(name: "Eligibility", targets: ["Eligibility"]), .library(name: "Agent", targets: ["Agent"]),
        .library(name: "IDGateSync", targets: ["Store", "Sync", "CentralAPI", "CentralSim"]),
        .library(name: "IDGateReading", targets: ["Agent", "EMRTD", "PassiveAuth", "LDS", "VNID"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCSC",
            pkgConfig: "libpcsclite",
            providers: [.apt(["libpcsclite-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "CardIO",
            dependencies: ["CPCSC", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "CardSim",
            dependencies: ["CardIO", "EMRTD", "LDS", "VNID", "COpenSSL", "PassiveAuth", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(name: "LDS", dependencies: ["CardIO"], swiftSettings: strict),
        .target(name: "VNID", dependencies: ["LDS"], swiftSettings: strict),
        .target(name: "PassiveAuth", dependencies: ["LDS", "CardIO", "COpenSSL"], swiftSettings: strict),
        .testTarget(name: "PassiveAuthTests", dependencies: ["PassiveAuth", "LDS", "CardSim", "CardIO", "COpenSSL"], swiftSettings: strict),
        .testTarget(name: "LDSTests", dependencies: ["LDS", "CardSim", "CardIO"], swiftSettings: strict),
        .testTarget(name: "VNIDTests", dependencies: ["VNID", "LDS", "CardSim"], swiftSettings: strict),
        .target(name: "EMRTD", dependencies: ["CardIO", "COpenSSL", "LDS"], swiftSettings: strict),
        .testTarget(name: "EMRTDTests", dependencies: ["EMRTD", "LDS", "CardSim", "CardIO", "PassiveAuth", "VNID", "Agent"], swiftSettings: strict),
        .target(
            name: "Agent",
            dependencies: [
                "CardIO", "CardSim", "COpenSSL", "EMRTD", "LDS", "VNID", "PassiveAuth", "Eligibility", "LicenseHealth", "Store", "Sync", .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Kiosk/Resources")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgentTests",
            dependencies: ["Agent", "EMRTD", "CardSim", "PassiveAuth", "Eligibility", "InsuranceGatewaySim", "Store", "Sync", "CentralSim", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "idgate",
            dependencies: ["Agent", "Eligibility", "LicenseHealth", "InsuranceGatewaySim", "CentralSim", "Store", "Sync", "EMRTD", "CardSim", "CardIO", "PassiveAuth", "VNID", "LDS", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Eligibility",
            dependencies: ["COpenSSL", "Store", "CentralAPI", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(name: "LicenseHealth", dependencies: ["COpenSSL", "Eligibility", "Store"], swiftSettings: strict),
        .target(
            name: "InsuranceGatewaySim",
            dependencies: ["Eligibility", "LicenseHealth", "CentralSim", "CentralAPI", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EligibilityTests",
            dependencies: ["Eligibility", "InsuranceGatewaySim", "LicenseHealth", "Store", "Sync", "CentralSim", "CentralAPI"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LicenseHealthTests",
            dependencies: ["LicenseHealth", "InsuranceGatewaySim", "Eligibility", "Store", "Sync", "CentralSim"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InsuranceGatewaySimTests",
            dependencies: ["InsuranceGatewaySim", "Eligibility", "LicenseHealth"],
            swiftSettings: strict
        ),
        .target(
            name: "Store",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "CentralAPI", swiftSettings: strict),
        .target(
            name: "Sync",
            dependencies: ["Store", "CentralAPI", .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: strict
        ),
        .target(
            name: "CentralSim",
            dependencies: [
                "CentralAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "idgate-central",
            dependencies: ["CentralSim", "InsuranceGatewaySim", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(name: "idgate-outbox-probe", dependencies: ["Store", "Sync"], swiftSettings: strict),
        .executableTarget(name: "idgate-chaos-probe", dependencies: ["Agent", "CardIO", "CardSim", "CentralAPI", "EMRTD", "PassiveAuth", "Store", "Sync"], swiftSettings: strict),
        .executableTarget(name: "idgate-lookup-bench", dependencies: ["Eligibility", "Store"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store"], swiftSettings: strict),
        // The central back ends (SQLite, PostgreSQL) shared by the central and sync tests.
        .target(name: "CentralTestSupport", dependencies: ["CentralSim", .product(name: "Logging", package: "swift-log")],
                path: "Tests/CentralTestSupport", swiftSettings: strict),
        .testTarget(
            name: "SyncTests",
            dependencies: ["Sync", "Store", "CentralSim", "CentralAPI", "CentralTestSupport",
                           .product(name: "MetricsTestKit", package: "swift-metrics")],
            swiftSettings: strict
        ),
        .testTarget(name: "CentralSimTests", dependencies: ["CentralSim", "CentralAPI", "CentralTestSupport"], swiftSettings: strict),
        .testTarget(name: "CardIOTests", dependencies: ["CardIO"], swiftSettings: strict),
        // The chaos suite's tally, shared by the two test targets that run chaos scenarios.
        .target(name: "ChaosSupport", path: "Tests/ChaosSupport", swiftSettings: strict),
        .testTarget(
            name: "ChaosTests",
            dependencies: ["ChaosSupport", "Agent", "CardIO", "CardSim", "CentralAPI", "CentralSim", "EMRTD", "Eligibility", "PassiveAuth", "Store", "Sync"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PCSCIntegrationTests",
            dependencies: ["ChaosSupport", "CardIO", "CardSim", "Agent", "EMRTD", "PassiveAuth", "VNID", "LDS", "Eligibility", "InsuranceGatewaySim"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
