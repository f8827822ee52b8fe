@testable import Agent
import CardSim
import CentralSim
import Foundation
import Store
import Sync
import Testing

/// Check-in records from finished sessions: what they keep, and their way to a real central on loopback.
@Suite struct CheckInSyncTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-checkin-\(UUID().uuidString)")

    func database(_ name: String = "idgate.sqlite") throws -> AppDatabase {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try AppDatabase(path: folder.appendingPathComponent(name).path, keyring: StoreKeyring.generate())
    }

    func payload(of id: String, in database: AppDatabase) throws -> CheckInRecorder.Payload {
        let record = try #require(try database.record(id: id))
        return try JSONDecoder().decode(CheckInRecorder.Payload.self, from: record.payload)
    }

    static let lookups = [LookupOutcome(source: "insurance", verdict: "eligible", detail: "insured until 31/12/2026", origin: "gateway")]

    @Test("A check-in keeps the minimum: no face, ethnicity or religion unless [store] says so; nothing in clear in the file")
    func minimum() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = CitizenSample.samples[0]
        let result = try ScriptedKioskReader.result(for: sample, verdict: "verified")
        let db = try database()
        let plain = try #require(CheckInRecorder(database: db, store: StoreConfiguration()).record(result: result, lookups: Self.lookups, reader: "Virtual PCD 00 00"))
        let p = try payload(of: plain, in: db)
        #expect(p.idNumber == sample.idNumber && p.fullName == sample.fullName && p.readerID == "virtual-pcd-00-00")
        #expect(p.verification?.verdict == "verified" && p.lookups == Self.lookups && p.access == "PACE")
        #expect(p.face == nil && p.ethnicity == nil && p.religion == nil)

        let full = try #require(CheckInRecorder(database: db, store: StoreConfiguration(keepFace: true, keepSensitiveFields: true))
            .record(result: result, lookups: [], reader: "Virtual PCD 00 00"))
        let q = try payload(of: full, in: db)
        #expect(q.ethnicity == sample.ethnicity && q.religion == sample.religion)
        #expect(q.face.flatMap { Data(base64Encoded: $0) } == Data(LDSBuilder.faceJPEG()) && q.faceFormat == "jpeg")

        try db.checkpoint()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
            #expect(bytes.range(of: Data(sample.idNumber.utf8)) == nil, "\(file) holds the ID number in clear")
            #expect(bytes.range(of: Data(sample.fullName.utf8)) == nil, "\(file) holds the name in clear")
        }
    }

    @Test("A read without an ID number in DG13 records nothing")
    func noID() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var result = try ScriptedKioskReader.result(for: CitizenSample.samples[0], verdict: nil)
        result.files.removeAll { $0.name == "DG13" }
        let db = try database()
        #expect(CheckInRecorder(database: db, store: StoreConfiguration()).record(result: result, lookups: [], reader: "r") == nil)
        #expect(try db.syncStatus().backlog == 0)
    }

    @Test("Check-ins reach a central on loopback exactly once, including those made while it was down")
    func reachCentral() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try database()
        let storagePath = folder.appendingPathComponent("central.sqlite").path
        var configuration = CentralConfiguration()
        configuration.port = 0
        configuration.agentTokens = ["agent-token"]
        let central = try await CentralService(configuration: configuration, storage: try SQLiteCentralStorage(path: storagePath)).startInBackground()
        configuration.port = central.port
        let sync = AgentSyncService(database: db, transport: HTTPCentralClient(baseURL: central.baseURL, token: "agent-token", timeout: 2),
                                    eligibility: nil, interval: .seconds(1), retentionDays: 30)
        let recorder = CheckInRecorder(database: db, store: StoreConfiguration()) { sync.wake() }
        let running = Task { try await sync.run() }
        defer { running.cancel() }
        let result = try ScriptedKioskReader.result(for: CitizenSample.samples[0], verdict: "verified")
        var ids: [String] = []
        for _ in 0..<3 { ids.append(try #require(recorder.record(result: result, lookups: Self.lookups, reader: "r"))) }
        try await waitUntil { try await SQLiteCentralStorage(path: storagePath).recordCount() == 3 }
        try await waitUntil { try db.syncStatus().backlog == 0 }  // the agent has settled the answers too

        await central.stop()
        for _ in 0..<2 { ids.append(try #require(recorder.record(result: result, lookups: Self.lookups, reader: "r"))) }
        try await waitUntil { try db.syncStatus().offline }
        #expect(try db.syncStatus().backlog == 2)
        #expect(try db.syncStatus().lag() >= 0)

        let restarted = try await CentralService(configuration: configuration, storage: try SQLiteCentralStorage(path: storagePath)).startInBackground()
        defer { Task { await restarted.stop() } }
        sync.wake()
        try await waitUntil(timeout: .seconds(60)) { try db.syncStatus().backlog == 0 }
        let keys = try await SQLiteCentralStorage(path: storagePath).recordKeys()
        #expect(keys.sorted() == ids.sorted(), "every check-in arrived once")
        #expect(try db.syncStatus().offline == false)
    }

    func waitUntil(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("condition not met within \(timeout)")
    }
}
