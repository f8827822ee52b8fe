import CentralAPI
import CentralSim
import CentralTestSupport
import Foundation
import Store
import Sync
import Testing

@Suite("Agent to central over loopback", .serialized)
struct RoundTripTests {
    @Test("Every record written at the counter arrives once, in order per stream", arguments: testedBackends)
    func roundTrip(backend: CentralStorageKind) async throws {
        let harness = try await SyncHarness(backend)
        defer { harness.remove() }
        let running = try await harness.central.startInBackground()
        let records = harness.records(500)
        let started = Date()
        try await harness.database.enqueue(records)
        let uploader = OutboxUploader(database: harness.database, transport: harness.client(running), options: quickOptions(batchSize: 200))
        let report = try await uploader.drain()
        let elapsed = Date().timeIntervalSince(started)
        await running.stop()
        #expect(report.delivered == 500 && report.failure == nil)
        let keys = try await harness.storage.recordKeys()
        #expect(keys == records.map(\.id))
        let status = try harness.database.syncStatus()
        #expect(status.backlog == 0 && status.deadLetters == 0 && status.delivered == 500)
        #expect(status.lastSuccessAt != nil && status.lastError == nil && !status.offline)
        print("round trip (\(backend.rawValue)): 500 records in \(String(format: "%.2f", elapsed)) s")
        await harness.close()
    }

    @Test("With the central down the outbox waits offline, and drains by itself when it is back", arguments: testedBackends)
    func centralDownThenUp(backend: CentralStorageKind) async throws {
        let harness = try await SyncHarness(backend)
        defer { harness.remove() }
        let first = try await harness.central.startInBackground()
        let port = first.port
        await first.stop()
        try await harness.database.enqueue(harness.records(120))
        let client = HTTPCentralClient(baseURL: first.baseURL, token: SyncHarness.token, timeout: 2)
        let uploader = OutboxUploader(database: harness.database, transport: client, options: quickOptions())
        let offline = try await uploader.drain()
        if case .unreachable? = offline.failure {} else { Issue.record("expected unreachable, got \(String(describing: offline.failure))") }
        #expect(try harness.database.syncStatus().offline)
        #expect(try harness.database.syncStatus().backlog == 120)

        let loop = Task { await uploader.run() }
        try await Task.sleep(for: .milliseconds(300))
        var config = harness.central.configuration
        config.port = port
        let again = CentralService(configuration: config, storage: harness.storage, logger: quietLogger())
        let second = try await again.startInBackground()
        let drained = try await eventually(within: 20) { try harness.database.syncStatus().backlog == 0 }
        loop.cancel()
        await loop.value
        await second.stop()
        #expect(drained)
        #expect(try await harness.storage.recordCount() == 120)
        #expect(try harness.database.syncStatus().offline == false)
        await harness.close()
    }

    @Test("With half the requests failing (500 or dropped after processing) every record still arrives exactly once", arguments: testedBackends)
    func halfFailing(backend: CentralStorageKind) async throws {
        let harness = try await SyncHarness(backend, faults: FaultPlan(errorRate: 0.3, dropAfterReceiveRate: 0.2))
        defer { harness.remove() }
        let running = try await harness.central.startInBackground()
        let records = harness.records(400)
        try await harness.database.enqueue(records)
        let uploader = OutboxUploader(database: harness.database, transport: harness.client(running), options: quickOptions(batchSize: 10))
        let loop = Task { await uploader.run() }
        let drained = try await eventually(within: 60) { try harness.database.syncStatus().backlog == 0 }
        loop.cancel()
        await loop.value
        await running.stop()
        #expect(drained)
        let keys = try await harness.storage.recordKeys()
        #expect(keys.count == 400 && Set(keys) == Set(records.map(\.id)))
        // Per-stream order is kept even across retries.
        for stream in 0..<4 {
            let expected = records.filter { $0.stream == "counter-\(stream)" }.map(\.id)
            #expect(keys.filter { expected.contains($0) } == expected)
        }
        await harness.close()
    }

    @Test("Requests that time out after the central processed them are replayed without a second record", arguments: testedBackends)
    func timeouts(backend: CentralStorageKind) async throws {
        let harness = try await SyncHarness(backend, faults: FaultPlan(latencyMilliseconds: 2_500))
        defer { harness.remove() }
        let running = try await harness.central.startInBackground()
        try await harness.database.enqueue(harness.records(30))
        let uploader = OutboxUploader(database: harness.database, transport: harness.client(running, timeout: 1), options: quickOptions(batchSize: 10))
        let first = try await uploader.drain()
        if case .unreachable? = first.failure {} else { Issue.record("expected a timeout, got \(String(describing: first.failure))") }
        try await Task.sleep(for: .milliseconds(1_800))
        harness.central.faults.set(.none)
        let second = try await uploader.drain()
        await running.stop()
        #expect(second.failure == nil)
        #expect(try await harness.storage.recordCount() == 30)
        #expect(try harness.database.syncStatus().backlog == 0)
        await harness.close()
    }

    @Test("A record the central refuses becomes a dead letter with its reason; the rest of its stream goes on", arguments: testedBackends)
    func deadLetter(backend: CentralStorageKind) async throws {
        let harness = try await SyncHarness(backend)
        defer { harness.remove() }
        let running = try await harness.central.startInBackground()
        var records = harness.records(10)
        records[3].kind = "bogus"
        try await harness.database.enqueue(records)
        let uploader = OutboxUploader(database: harness.database, transport: harness.client(running), options: quickOptions())
        let report = try await uploader.drain()
        #expect(report.delivered == 9 && report.deadLettered == 1)
        let letters = try harness.database.deadLetters()
        #expect(letters.map(\.recordID) == ["r-3"])
        #expect(letters.first?.reason == "HTTP 422: unknown record kind 'bogus'")
        #expect(try harness.database.retryDeadLetters(recordIDs: ["r-3"]) == 1)
        let again = try await uploader.drain()
        await running.stop()
        #expect(again.deadLettered == 1)
        #expect(try await harness.storage.recordCount() == 9)
        await harness.close()
    }

    @Test("A wrong agent token leaves the records queued and says so", arguments: testedBackends)
    func wrongToken(backend: CentralStorageKind) async throws {
        let harness = try await SyncHarness(backend)
        defer { harness.remove() }
        let running = try await harness.central.startInBackground()
        try await harness.database.enqueue(harness.records(3))
        let client = HTTPCentralClient(baseURL: running.baseURL, token: "wrong")
        let report = try await OutboxUploader(database: harness.database, transport: client).drain()
        await running.stop()
        if case .unauthorized? = report.failure {} else { Issue.record("expected unauthorized, got \(String(describing: report.failure))") }
        #expect(try harness.database.syncStatus().backlog == 3)
        #expect(try harness.database.deadLetters().isEmpty)
        await harness.close()
    }

    @Test("Snapshots download since the stored cursor, one page per transaction", arguments: testedBackends)
    func snapshotDownload(backend: CentralStorageKind) async throws {
        let harness = try await SyncHarness(backend)
        defer { harness.remove() }
        let running = try await harness.central.startInBackground()
        let rows = (0..<2_500).map { SnapshotEntry(key: String(format: "0010990%05d", $0), body: Data(#"{"covered":true,"n":\#($0)}"#.utf8)) }
        try await harness.storage.putSnapshotRows(dataset: "eligibility", rows: rows)
        let downloader = SnapshotDownloader(database: harness.database, transport: harness.client(running), pageSize: 1_000)
        let started = Date()
        #expect(try await downloader.update(dataset: "eligibility") == 2_500)
        let elapsed = Date().timeIntervalSince(started)
        #expect(try harness.database.snapshotRowCount(dataset: "eligibility") == 2_500)
        try await harness.storage.putSnapshotRows(dataset: "eligibility", rows: [
            SnapshotEntry(key: "001099000007", body: Data(#"{"covered":false}"#.utf8)),
            SnapshotEntry(key: "001099000008", body: Data(), deleted: true),
        ])
        #expect(try await downloader.update(dataset: "eligibility") == 2)
        await running.stop()
        #expect(try harness.database.snapshotBody(dataset: "eligibility", key: "001099000007") == Data(#"{"covered":false}"#.utf8))
        #expect(try harness.database.snapshotBody(dataset: "eligibility", key: "001099000008") == nil)
        #expect(try harness.database.snapshotRowCount(dataset: "eligibility") == 2_499)
        print("snapshot import (\(backend.rawValue)): 2500 rows in \(String(format: "%.2f", elapsed)) s")
        await harness.close()
    }
}
