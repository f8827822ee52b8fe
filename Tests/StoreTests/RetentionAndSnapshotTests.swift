import Foundation
import Store
import Testing

@Suite("Retention and snapshots")
struct RetentionAndSnapshotTests {
    @Test("Retention deletes old delivered records and keeps old undelivered and recent ones")
    func retention() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try AppDatabase(path: dir.path("a.sqlite"), keyring: .generate())
        let now = Date()
        let day: TimeInterval = 86_400
        let oldDelivered = CounterRecord(id: "old-delivered", stream: "s", kind: "check-in", createdAt: now - 40 * day, payload: Data("a".utf8))
        let oldPending = CounterRecord(id: "old-pending", stream: "s", kind: "check-in", createdAt: now - 40 * day, payload: Data("b".utf8))
        let recent = CounterRecord(id: "recent", stream: "s", kind: "check-in", createdAt: now - day, payload: Data("c".utf8))
        try await database.enqueue([oldDelivered, oldPending, recent])
        let batch = try await database.pendingBatch(limit: 10)
        try await database.settle([(batch[0].seq, .delivered(receipt: "x")), (batch[2].seq, .delivered(receipt: "y"))])
        let report = try database.runRetention(olderThan: 30 * day, now: now)
        #expect(report == AppDatabase.RetentionReport(deletedRecords: 1, keptUndelivered: 1))
        #expect(try database.recordIDs() == ["old-pending", "recent"])
        #expect(try database.record(id: "old-delivered") == nil)
    }

    @Test("Snapshot pages apply with their cursor; rows are found by key and deletions remove them")
    func snapshots() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try AppDatabase(path: dir.path("a.sqlite"), keyring: .generate())
        #expect(try database.snapshotCursor(dataset: "eligibility") == nil)
        try await database.applySnapshotPage(dataset: "eligibility", rows: [
            SnapshotRow(key: "001099012345", body: Data(#"{"ok":true}"#.utf8)),
            SnapshotRow(key: "079088000111", body: Data(#"{"ok":false}"#.utf8)),
        ], cursor: "2")
        #expect(try database.snapshotCursor(dataset: "eligibility") == "2")
        #expect(try database.snapshotBody(dataset: "eligibility", key: "001099012345") == Data(#"{"ok":true}"#.utf8))
        try await database.applySnapshotPage(dataset: "eligibility", rows: [
            SnapshotRow(key: "001099012345", body: Data(), deleted: true),
            SnapshotRow(key: "079088000111", body: Data(#"{"ok":true}"#.utf8)),
        ], cursor: "4")
        #expect(try database.snapshotBody(dataset: "eligibility", key: "001099012345") == nil)
        #expect(try database.snapshotBody(dataset: "eligibility", key: "079088000111") == Data(#"{"ok":true}"#.utf8))
        #expect(try database.snapshotRowCount(dataset: "eligibility") == 1)
        #expect(try database.snapshotBody(dataset: "health-certificates", key: "079088000111") == nil)
    }
}

@Suite("Retention job")
struct RetentionJobTests {
    @Test("The job deletes expired delivered records at its first run and stops when cancelled")
    func job() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try AppDatabase(path: dir.path("a.sqlite"), keyring: .generate())
        let old = CounterRecord(id: "old", stream: "s", kind: "check-in", createdAt: Date() - 10 * 86_400, payload: Data("a".utf8))
        try database.enqueue(old)
        let batch = try await database.pendingBatch(limit: 1)
        try await database.settle([(batch[0].seq, .delivered(receipt: "x"))])
        let task = Task { await RetentionJob(database: database, keep: 7 * 86_400, every: .milliseconds(50)).run() }
        var gone = false
        for _ in 0..<100 where !gone {
            try await Task.sleep(for: .milliseconds(20))
            gone = try database.record(id: "old") == nil
        }
        task.cancel()
        await task.value
        #expect(gone)
    }
}
