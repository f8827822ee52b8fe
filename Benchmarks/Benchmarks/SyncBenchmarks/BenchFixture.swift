import BenchSupport
import CentralSim
import Foundation
import Logging
import Store
import Sync

/// A temp folder with an agent database; removed by `remove()`.
struct BenchFixture {
    let folder: URL
    let database: AppDatabase

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try AppDatabase(path: folder.appendingPathComponent("agent.sqlite").path, keyring: .generate())
    }

    /// `count` check-in records of a realistic size (~200 bytes of JSON).
    static func records(_ count: Int, from start: Int = 0, prefix: String) -> [CounterRecord] {
        (start..<start + count).map {
            CounterRecord(id: "\(prefix)-\($0)", stream: "counter-\($0 % 4)", kind: "check-in",
                          payload: Data(#"{"n":\#($0),"site":"79001","result":"covered","card":"DN4797900123456789","at":"2026-11-27T08:00:00+07:00","pad":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}"#.utf8))
        }
    }

    /// Enqueues `count` records in transactions of 5 000.
    func fill(_ count: Int, prefix: String) async throws {
        for start in stride(from: 0, to: count, by: 5_000) {
            try await database.enqueue(Self.records(min(5_000, count - start), from: start, prefix: prefix))
        }
    }

    /// A central on a loopback port with a new, empty store of `kind`.
    func central(_ kind: CentralStorageKind, postgres: PostgresScratchServer?) async throws -> (CentralService, any CentralStorage) {
        let storage: any CentralStorage
        switch kind {
        case .sqlite: storage = try SQLiteCentralStorage(path: folder.appendingPathComponent("central.sqlite").path)
        case .postgres:
            guard let postgres else { throw PostgresStorageError.notInstalled(searched: ["(no server started)"]) }
            storage = try await postgres.makeStorage(maximumConnections: 8, logger: quiet)
        }
        var config = CentralConfiguration()
        config.port = 0
        config.agentTokens = ["bench"]
        return (CentralService(configuration: config, storage: storage, logger: quiet), storage)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Hummingbird logs a cancelled server at error level; benchmarks stop servers by cancelling.
let quiet: Logger = {
    var logger = Logger(label: "idgate.bench")
    logger.logLevel = .critical
    return logger
}()

/// Resident memory of this process in bytes (Linux /proc), 0 where unknown.
func residentBytes() -> Int { ResidentMemory.bytes() }
