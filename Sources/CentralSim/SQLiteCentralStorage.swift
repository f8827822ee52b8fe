import CentralAPI
import Foundation
import GRDB

/// `CentralStorage` on one SQLite file (WAL, synchronous=FULL).
public final class SQLiteCentralStorage: CentralStorage {
    private let pool: DatabasePool

    /// Opens or creates the central database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "record") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull().unique()
                t.column("idempotencyKey", .text).notNull().unique()
                t.column("fingerprint", .blob).notNull()
                t.column("stream", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("payload", .blob).notNull()
                t.column("receivedAt", .datetime).notNull()
            }
            try db.create(table: "snapshotRow") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("dataset", .text).notNull()
                t.column("key", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("deleted", .boolean).notNull()
                t.uniqueKey(["dataset", "key"])
            }
            try db.create(index: "snapshotRow_dataset_seq", on: "snapshotRow", columns: ["dataset", "seq"])
        }
        try migrator.migrate(pool)
    }

    public func intake(_ items: [RecordUpload], accepted: @Sendable (RecordUpload) -> String?) async throws -> [RecordAnswer] {
        try await pool.write { db in
            var answers: [RecordAnswer] = []
            for item in items {
                let fingerprint = item.fingerprint
                if let row = try Row.fetchOne(db, sql: "SELECT id, fingerprint FROM record WHERE idempotencyKey = ?",
                                              arguments: [item.idempotencyKey]) {
                    if (row["fingerprint"] as Data) == fingerprint {
                        answers.append(RecordAnswer(idempotencyKey: item.idempotencyKey, status: 201, recordId: row["id"], replayed: true))
                    } else {
                        answers.append(RecordAnswer(idempotencyKey: item.idempotencyKey, status: 422,
                                                    error: "Idempotency-Key reused with a different record"))
                    }
                    continue
                }
                if let refusal = accepted(item) {
                    answers.append(RecordAnswer(idempotencyKey: item.idempotencyKey, status: 422, error: refusal))
                    continue
                }
                let id = UUID().uuidString.lowercased()
                try db.execute(sql: """
                    INSERT INTO record (id, idempotencyKey, fingerprint, stream, kind, createdAt, payload, receivedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, item.idempotencyKey, fingerprint, item.stream, item.kind, item.createdAt, item.payload, Date()])
                answers.append(RecordAnswer(idempotencyKey: item.idempotencyKey, status: 201, recordId: id, replayed: false))
            }
            return answers
        }
    }

    public func recordKeys() async throws -> [String] {
        try await pool.read { try String.fetchAll($0, sql: "SELECT idempotencyKey FROM record ORDER BY seq") }
    }

    public func recordCount() async throws -> Int {
        try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM record") ?? 0 }
    }

    public func putSnapshotRows(dataset: String, rows: [SnapshotEntry]) async throws {
        try await pool.write { db in
            for row in rows {
                try db.execute(sql: "DELETE FROM snapshotRow WHERE dataset = ? AND key = ?", arguments: [dataset, row.key])
                try db.execute(sql: "INSERT INTO snapshotRow (dataset, key, body, deleted) VALUES (?, ?, ?, ?)",
                               arguments: [dataset, row.key, row.body, row.deleted])
            }
        }
    }

    public func snapshotPage(dataset: String, after cursor: String?, limit: Int) async throws -> SnapshotPage {
        let after = cursor.flatMap { Int64($0) } ?? 0
        return try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT seq, key, body, deleted FROM snapshotRow WHERE dataset = ? AND seq > ? ORDER BY seq LIMIT ?
                """, arguments: [dataset, after, limit + 1])
            let page = rows.prefix(limit)
            let last: Int64 = page.last?["seq"] ?? after
            return SnapshotPage(rows: page.map { SnapshotEntry(key: $0["key"], body: $0["body"], deleted: $0["deleted"]) },
                              nextCursor: String(last), hasMore: rows.count > limit)
        }
    }
}
