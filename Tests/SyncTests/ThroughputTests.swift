import CentralSim
import Foundation
import Store
import Sync
import Testing

/// Rough figures printed for the report; the benchmarks proper belong in Benchmarks/.
@Suite("Rough throughput figures", .serialized)
struct ThroughputTests {
    @Test("Single-record outbox inserts, batched inserts and a 10 000-record drain all complete and report their rates")
    func rates() async throws {
        let harness = try await SyncHarness()
        defer { harness.remove() }
        let singles = harness.records(1_000, prefix: "single")
        var started = Date()
        for record in singles { try harness.database.enqueue(record) }
        let singleRate = Double(singles.count) / Date().timeIntervalSince(started)

        let batched = harness.records(9_000, prefix: "batch")
        started = Date()
        for chunk in stride(from: 0, to: batched.count, by: 500) {
            try await harness.database.enqueue(Array(batched[chunk..<min(chunk + 500, batched.count)]))
        }
        let batchedRate = Double(batched.count) / Date().timeIntervalSince(started)

        let running = try await harness.central.startInBackground()
        // A generous timeout: a loaded CI machine may take seconds for a batch; a pass stopped by a transient failure
        // is followed by another, as the running uploader would do.
        let uploader = OutboxUploader(database: harness.database, transport: harness.client(running, timeout: 60), options: quickOptions(batchSize: 500))
        started = Date()
        var delivered = 0
        for _ in 0..<5 where try harness.database.syncStatus().backlog > 0 {
            delivered += try await uploader.drain().delivered
        }
        let syncRate = Double(delivered) / Date().timeIntervalSince(started)
        await running.stop()
        let backlog = try harness.database.syncStatus().backlog
        #expect(delivered == 10_000 && backlog == 0)
        #expect(try await harness.storage.recordCount() == 10_000)
        let rows = (0..<50_000).map { SnapshotRow(key: String(format: "0790%08d", $0), body: Data(#"{"covered":true,"until":"2027-12-31"}"#.utf8)) }
        started = Date()
        for page in stride(from: 0, to: rows.count, by: 5_000) {
            try await harness.database.applySnapshotPage(dataset: "eligibility", rows: Array(rows[page..<page + 5_000]), cursor: String(page))
        }
        let importRate = Double(rows.count) / Date().timeIntervalSince(started)
        #expect(try harness.database.snapshotRowCount(dataset: "eligibility") == rows.count)
        print(String(format: "throughput: snapshot apply %.0f rows/s (pages of 5000, HMAC index + AES-GCM per row)", importRate))
        print(String(format: "throughput: outbox insert %.0f records/s one per transaction, %.0f records/s in transactions of 500; sync %.0f records/s (batches of 500, loopback, debug build)",
                     singleRate, batchedRate, syncRate))
    }
}
