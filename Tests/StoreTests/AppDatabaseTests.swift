import Foundation
import GRDB
import Store
import Testing

@Suite("AppDatabase on a real SQLite file")
struct AppDatabaseTests {
    @Test("The writer runs with synchronous=FULL and the file is in WAL mode")
    func durabilitySettings() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try AppDatabase(path: dir.path("a.sqlite"), keyring: .generate())
        #expect(try database.writerSynchronousLevel() == 2)
        let mode = try DatabaseQueue(path: dir.path("a.sqlite")).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("A record and its outbox entry are written together and read back decrypted")
    func enqueueRoundTrip() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try AppDatabase(path: dir.path("a.sqlite"), keyring: .generate())
        let record = CounterRecord(stream: "counter-1", kind: "check-in", payload: Data(#"{"name":"Nguyễn Văn A"}"#.utf8))
        try database.enqueue(record)
        #expect(try database.record(id: record.id) == record)
        let batch = try await database.pendingBatch(limit: 10)
        #expect(batch.map(\.record) == [record])
        #expect(try database.syncStatus().backlog == 1)
    }

    @Test("Personal data is not stored in clear in the file")
    func payloadEncryptedAtRest() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try AppDatabase(path: dir.path("a.sqlite"), keyring: .generate())
        let secret = "001099012345-SECRET-NAME"
        try database.enqueue(CounterRecord(stream: "s", kind: "check-in", payload: Data(secret.utf8)))
        try database.checkpoint()
        let raw = try Data(contentsOf: URL(fileURLWithPath: dir.path("a.sqlite")))
        #expect(raw.range(of: Data(secret.utf8)) == nil)
        let keyID = try DatabaseQueue(path: dir.path("a.sqlite")).read { try String.fetchOne($0, sql: "SELECT payloadKeyID FROM record") }
        #expect(keyID == "k1")
    }

    @Test("A duplicate record id is refused and leaves no half-written outbox entry")
    func duplicateIsAtomic() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try AppDatabase(path: dir.path("a.sqlite"), keyring: .generate())
        let record = CounterRecord(stream: "s", kind: "check-in", payload: Data("x".utf8))
        try database.enqueue(record)
        #expect(throws: StoreError.self) { try database.enqueue(record) }
        #expect(try database.recordIDs() == [record.id])
        #expect(try database.syncStatus().backlog == 1)
    }

    @Test("Dead letters keep the reason and can be queued again")
    func deadLetterAndRetry() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try AppDatabase(path: dir.path("a.sqlite"), keyring: .generate())
        let good = CounterRecord(stream: "s", kind: "check-in", payload: Data("a".utf8))
        let bad = CounterRecord(stream: "s", kind: "bogus", payload: Data("b".utf8))
        try database.enqueue(good)
        try database.enqueue(bad)
        let batch = try await database.pendingBatch(limit: 10)
        try await database.settle([(batch[0].seq, .delivered(receipt: "r1")), (batch[1].seq, .deadLetter(reason: "HTTP 422: unknown kind"))])
        let status = try database.syncStatus()
        #expect(status.backlog == 0 && status.deadLetters == 1 && status.delivered == 1)
        #expect(status.lastSuccessAt != nil)
        #expect(try database.deadLetters().map(\.reason) == ["HTTP 422: unknown kind"])
        #expect(try database.retryDeadLetters() == 1)
        #expect(try await database.pendingBatch(limit: 10).map(\.record.id) == [bad.id])
    }
}
