@testable import Agent
import CentralSim
import Foundation
import Store
import Testing

/// `idgate doctor`'s checks of what a configuration makes the daemon depend on, against real files and a loopback central.
@Suite struct DoctorConfigurationTests {
    @Test("Each dependency is checked with a fix: missing store key, token readable by others, central up or down, missing scanner")
    func checks() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var central = CentralConfiguration()
        central.port = 0
        let running = try await CentralService(configuration: central, storage: try SQLiteCentralStorage(path: dir.path + "/central.sqlite")).startInBackground()
        defer { Task { await running.stop() } }
        let env = ["IDGATE_AGENT_STATE_DIR": dir.path, "IDGATE_SYNC_CENTRAL_URL": running.baseURL.absoluteString, "IDGATE_SYNC_TOKEN": "t",
                   "IDGATE_STORE_KEY_FILE": dir.path + "/store.keys", "IDGATE_ACCESS_QR_SCANNER": dir.path + "/ttyACM9"]
        let c = try AgentConfiguration.load(fileText: nil, environment: env)
        try "secret\n".write(toFile: c.tokenFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: c.tokenFile)

        var checks = Dictionary(uniqueKeysWithValues: await Doctor().run(configuration: c, environment: [:]).map { ($0.name, $0) })
        #expect(checks["state directory"]?.status == .ok)
        #expect(checks["store key"]?.status == .failed && checks["store key"]?.fix.contains("idgate sync create-key") == true)
        #expect(checks["API token"]?.status == .failed && checks["API token"]?.fix == "chmod 600 \(c.tokenFile)")
        #expect(checks["QR scanner"]?.status == .warning)
        #expect(checks["central"]?.status == .ok, "\(String(describing: checks["central"]))")

        _ = try StoreKeyring.createKeyFile(at: dir.path + "/store.keys", id: "k1")
        _ = try AppDatabase(path: dir.path + "/idgate.sqlite", keyring: try StoreKeyring.load(fileAt: dir.path + "/store.keys"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: c.tokenFile)
        await running.stop()
        checks = Dictionary(uniqueKeysWithValues: await Doctor().run(configuration: c, environment: [:]).map { ($0.name, $0) })
        #expect(checks["store key"]?.status == .ok && checks["database"]?.status == .ok && checks["API token"]?.status == .ok)
        #expect(checks["central"]?.status == .warning && checks["central"]?.fix.contains("records are kept") == true)
    }
}
