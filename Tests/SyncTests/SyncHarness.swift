import CentralSim
import CentralTestSupport
import Foundation
import Logging
import Store
import Sync

/// A temp folder with an agent database, and a central on a loopback port backed by its own empty store.
struct SyncHarness {
    static let token = "agent-token-1"
    let folder: URL
    let database: AppDatabase
    let storage: any CentralStorage
    let central: CentralService

    init(_ backend: CentralStorageKind = .sqlite, faults: FaultPlan = .none) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try AppDatabase(path: folder.appendingPathComponent("agent.sqlite").path, keyring: .generate())
        storage = try await backend.makeStorage(in: folder)
        var config = CentralConfiguration()
        config.port = 0
        config.agentTokens = [Self.token]
        config.adminToken = "admin-token"
        config.faults = faults
        central = CentralService(configuration: config, storage: storage, logger: quietLogger())
    }

    func client(_ running: CentralService.Running, timeout: TimeInterval = 5) -> HTTPCentralClient {
        HTTPCentralClient(baseURL: running.baseURL, token: Self.token, timeout: timeout)
    }

    func records(_ count: Int, prefix: String = "r", kind: String = "check-in") -> [CounterRecord] {
        (0..<count).map { CounterRecord(id: "\(prefix)-\($0)", stream: "counter-\($0 % 4)", kind: kind, payload: Data(#"{"n":\#($0)}"#.utf8)) }
    }

    /// Closes the central's store; call at the end of a test.
    func close() async { await CentralTestSupport.close(storage) }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Options with short backoff so tests do not wait long.
func quickOptions(batchSize: Int = 50) -> OutboxUploader.Options {
    var options = OutboxUploader.Options()
    options.batchSize = batchSize
    options.backoff = FullJitterBackoff(base: 0.02, cap: 0.2)
    options.idlePoll = 0.1
    return options
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

