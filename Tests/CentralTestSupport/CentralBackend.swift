import CentralSim
import Foundation
import Logging
import Testing

/// The central back ends the central and sync tests run against: PostgreSQL whenever it is installed, and
/// always in CI (CI=true), where a missing server fails the PostgreSQL cases instead of skipping them.
public let testedBackends: [CentralStorageKind] = {
    let ci = ProcessInfo.processInfo.environment["CI"] == "true"
    return PostgresScratchServer.isInstalled || ci ? [.sqlite, .postgres] : [.sqlite]
}()

extension CentralStorageKind: CustomTestStringConvertible {
    public var testDescription: String { rawValue }

    /// A new, empty central store of this kind (SQLite in `folder`, PostgreSQL on the shared scratch server).
    public func makeStorage(in folder: URL) async throws -> any CentralStorage {
        switch self {
        case .sqlite: try SQLiteCentralStorage(path: folder.appendingPathComponent("central.sqlite").path)
        case .postgres: try await PostgresScratchServer.shared().makeStorage(logger: quietLogger())
        }
    }
}

/// Releases what `storage` holds open (PostgreSQL connections).
public func close(_ storage: any CentralStorage) async {
    await (storage as? PostgresCentralStorage)?.close()
}

/// Hummingbird logs a cancelled server at error level; tests stop servers by cancelling.
public func quietLogger() -> Logger {
    var logger = Logger(label: "idgate.central.test")
    logger.logLevel = .critical
    return logger
}
