import CentralAPI
import CentralSim
import CentralTestSupport
import Foundation
import Testing

@Suite("Central storage semantics on every back end", .serialized)
struct StorageSemanticsTests {
    private func records(_ count: Int) -> [RecordUpload] {
        (0..<count).map {
            RecordUpload(idempotencyKey: "k-\($0)", stream: "s-\($0 % 3)", kind: "check-in",
                         createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double($0)), payload: Data("p\($0)".utf8))
        }
    }

    @Test("Concurrent uploads of the same batch store each record once and answer every copy with its id", arguments: testedBackends)
    func concurrentReplays(backend: CentralStorageKind) async throws {
        let central = try await Central(backend)
        defer { central.remove() }
        let batch = records(60)
        let storage = central.storage
        let answers = try await withThrowingTaskGroup(of: [RecordAnswer].self) { group in
            for _ in 0..<8 { group.addTask { try await storage.intake(batch) { _ in nil } } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(try await storage.recordCount() == 60)
        #expect(Set(try await storage.recordKeys()) == Set(batch.map(\.idempotencyKey)))
        let byKey = Dictionary(grouping: answers, by: \.idempotencyKey)
        #expect(byKey.count == 60)
        for (key, copies) in byKey {
            #expect(copies.count == 8 && copies.allSatisfy { $0.status == 201 }, "\(key)")
            #expect(Set(copies.compactMap(\.recordId)).count == 1, "\(key) got different record ids")
            #expect(copies.filter { $0.replayed == false }.count == 1, "\(key) stored more than once")
        }
        await central.close()
    }

    @Test("Within one batch a repeated key is a replay, a reused key with other content is refused, a refusal stores nothing",
          arguments: testedBackends)
    func batchEdgeCases(backend: CentralStorageKind) async throws {
        let central = try await Central(backend)
        defer { central.remove() }
        var batch = records(3)
        batch.append(batch[0])
        var changed = batch[1]
        changed.payload = Data("other".utf8)
        batch.append(changed)
        let answers = try await central.storage.intake(batch) { $0.idempotencyKey == "k-2" ? "no" : nil }
        #expect(answers.map(\.status) == [201, 201, 422, 201, 422])
        #expect(answers[3].replayed == true && answers[3].recordId == answers[0].recordId)
        #expect(answers[2].error == "no")
        #expect(try await central.storage.recordKeys() == ["k-0", "k-1"])
        await central.close()
    }

    @Test("A snapshot upload naming a key twice keeps the last body, at the end of the export", arguments: testedBackends)
    func snapshotLastWriteWins(backend: CentralStorageKind) async throws {
        let central = try await Central(backend)
        defer { central.remove() }
        try await central.storage.putSnapshotRows(dataset: "d", rows: [
            SnapshotEntry(key: "a", body: Data([1])), SnapshotEntry(key: "b", body: Data([2])), SnapshotEntry(key: "a", body: Data([3])),
        ])
        let page = try await central.storage.snapshotPage(dataset: "d", after: nil, limit: 10)
        #expect(page.rows == [SnapshotEntry(key: "b", body: Data([2])), SnapshotEntry(key: "a", body: Data([3]))])
        #expect(try await central.storage.snapshotPage(dataset: "other", after: nil, limit: 10).rows.isEmpty)
        await central.close()
    }

    @Test("A PostgreSQL URL without host or user is refused with a message naming the expected form")
    func invalidURL() {
        #expect(throws: PostgresStorageError.invalidURL("mysql://x@h/db")) { try PostgresCentralStorage.configuration(url: "mysql://x@h/db") }
        #expect(throws: PostgresStorageError.invalidURL("postgres:///db")) { try PostgresCentralStorage.configuration(url: "postgres:///db") }
        #expect((try? PostgresCentralStorage.configuration(url: "postgres://u:p@127.0.0.1:5433/db"))?.port == 5433)
    }
}
