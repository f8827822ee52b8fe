import Foundation
import GRDB

extension AppDatabase {
    /// Saves `record` and its outbox entry in one transaction.
    public func enqueue(_ record: CounterRecord) throws {
        let sealed = try keyring.seal(record.payload)
        try guarded { try pool.write { db in try Self.insert(record, sealed: sealed, in: db) } }
    }

    /// Saves several records and their outbox entries in one transaction.
    public func enqueue(_ records: [CounterRecord]) async throws {
        var sealed: [(String, Data)] = []
        for record in records { sealed.append(try keyring.seal(record.payload)) }
        try await guardedAsync {
            try await pool.write { [sealed] db in
                for (record, box) in zip(records, sealed) { try Self.insert(record, sealed: box, in: db) }
            }
        }
    }

    static func insert(_ record: CounterRecord, sealed: (keyID: String, box: Data), in db: Database) throws {
        guard !record.id.isEmpty, !record.stream.isEmpty, !record.kind.isEmpty else {
            throw StoreError.invalidRecord("id, stream and kind must not be empty")
        }
        try db.execute(
            sql: "INSERT INTO record (id, stream, kind, createdAt, payloadKeyID, payload) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [record.id, record.stream, record.kind, record.createdAt.timeIntervalSinceReferenceDate, sealed.keyID, sealed.box])
        try db.execute(sql: "INSERT INTO outbox (recordID, stream, updatedAt) VALUES (?, ?, ?)",
                       arguments: [record.id, record.stream, Date()])
    }

    /// The oldest pending entries, in upload order.
    public func pendingBatch(limit: Int) async throws -> [OutboxEntry] {
        let keyring = keyring
        return try await guardedAsync {
            try await pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT o.seq, o.attempts, r.id, r.stream, r.kind, r.createdAt, r.payloadKeyID, r.payload
                    FROM outbox o JOIN record r ON r.id = o.recordID
                    WHERE o.state = 'pending' ORDER BY o.seq LIMIT ?
                    """, arguments: [limit]).map { row throws(StoreError) in
                    let payload = try keyring.open(row["payload"], keyID: row["payloadKeyID"])
                    let record = CounterRecord(id: row["id"], stream: row["stream"], kind: row["kind"],
                                               createdAt: Date(timeIntervalSinceReferenceDate: row["createdAt"]), payload: payload)
                    return OutboxEntry(seq: row["seq"], record: record, attempts: row["attempts"])
                }
            }
        }
    }

    /// Outcome of uploading one entry, as the uploader decided it.
    public enum UploadOutcome: Sendable, Equatable {
        /// Accepted; `receipt` is the central's id for the record.
        case delivered(receipt: String)
        /// Refused for good; `reason` is kept for a person.
        case deadLetter(reason: String)
        /// Not settled; try again later.
        case retry(reason: String)
    }

    /// Applies the outcome of one upload attempt in one transaction and updates the sync status.
    public func settle(_ outcomes: [(seq: Int64, outcome: UploadOutcome)]) async throws {
        try await guardedAsync {
            try await pool.write { db in
                let now = Date()
                var anyDelivered = false
                var lastError: String?
                for (seq, outcome) in outcomes {
                    switch outcome {
                    case .delivered(let receipt):
                        anyDelivered = true
                        try db.execute(sql: """
                            UPDATE outbox SET state = 'delivered', receipt = ?, attempts = attempts + 1,
                            lastError = NULL, updatedAt = ? WHERE seq = ?
                            """, arguments: [receipt, now, seq])
                    case .deadLetter(let reason):
                        try db.execute(sql: """
                            UPDATE outbox SET state = 'dead', lastError = ?, attempts = attempts + 1, updatedAt = ?
                            WHERE seq = ?
                            """, arguments: [reason, now, seq])
                    case .retry(let reason):
                        lastError = reason
                        try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, lastError = ?, updatedAt = ? WHERE seq = ?",
                                       arguments: [reason, now, seq])
                    }
                }
                if anyDelivered { try Self.setState("lastSuccessAt", ISO8601DateFormatter().string(from: now), db) }
                if let lastError { try Self.setState("lastError", lastError, db) }
                else if anyDelivered { try db.execute(sql: "DELETE FROM syncState WHERE name IN ('lastError', 'offline')") }
            }
        }
    }

    /// Records that the central could not be reached (`offline`) or failed as a whole.
    public func noteSyncFailure(_ reason: String, offline: Bool) async throws {
        try await guardedAsync {
            try await pool.write { db in
                try Self.setState("lastError", reason, db)
                if offline { try Self.setState("offline", "1", db) }
                else { try db.execute(sql: "DELETE FROM syncState WHERE name = 'offline'") }
            }
        }
    }

    /// Dead letters, oldest first.
    public func deadLetters() throws -> [DeadLetter] {
        try guarded {
            try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT o.seq, o.recordID, o.stream, r.kind, o.lastError, o.attempts, o.updatedAt
                    FROM outbox o JOIN record r ON r.id = o.recordID WHERE o.state = 'dead' ORDER BY o.seq
                    """).map {
                    DeadLetter(seq: $0["seq"], recordID: $0["recordID"], stream: $0["stream"], kind: $0["kind"],
                               reason: $0["lastError"] ?? "", attempts: $0["attempts"], updatedAt: $0["updatedAt"])
                }
            }
        }
    }

    /// Puts dead letters back in the queue (all, or those with the given record ids); returns how many.
    @discardableResult
    public func retryDeadLetters(recordIDs: [String]? = nil) throws -> Int {
        try guarded {
            try pool.write { db in
                guard let recordIDs else {
                    try db.execute(sql: "UPDATE outbox SET state = 'pending', updatedAt = ? WHERE state = 'dead'", arguments: [Date()])
                    return db.changesCount
                }
                var queued = 0
                for id in recordIDs {
                    try db.execute(sql: "UPDATE outbox SET state = 'pending', updatedAt = ? WHERE state = 'dead' AND recordID = ?",
                                   arguments: [Date(), id])
                    queued += db.changesCount
                }
                return queued
            }
        }
    }

    /// Backlog, dead letters and last success, read in one snapshot.
    public func syncStatus() throws -> SyncStatus {
        try guarded {
            try pool.read { db in
                let counts = try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
                var byState: [String: Int] = [:]
                for row in counts { byState[row["state"]] = row["n"] }
                let state = try Row.fetchAll(db, sql: "SELECT name, value FROM syncState")
                var values: [String: String] = [:]
                for row in state { values[row["name"]] = row["value"] }
                let oldest = try Double.fetchOne(db, sql: """
                    SELECT r.createdAt FROM outbox o JOIN record r ON r.id = o.recordID WHERE o.state = 'pending' ORDER BY o.seq LIMIT 1
                    """)
                return SyncStatus(
                    backlog: byState["pending"] ?? 0, deadLetters: byState["dead"] ?? 0,
                    delivered: byState["delivered"] ?? 0,
                    lastSuccessAt: values["lastSuccessAt"].flatMap { ISO8601DateFormatter().date(from: $0) },
                    lastError: values["lastError"], offline: values["offline"] == "1",
                    oldestPendingAt: oldest.map(Date.init(timeIntervalSinceReferenceDate:)))
            }
        }
    }

    /// The record with `id`, decrypted, if still stored.
    public func record(id: String) throws -> CounterRecord? {
        let row = try guarded { try pool.read { try Row.fetchOne($0, sql: "SELECT * FROM record WHERE id = ?", arguments: [id]) } }
        guard let row else { return nil }
        let payload = try keyring.open(row["payload"], keyID: row["payloadKeyID"])
        return CounterRecord(id: row["id"], stream: row["stream"], kind: row["kind"], createdAt: Date(timeIntervalSinceReferenceDate: row["createdAt"]), payload: payload)
    }

    /// Ids of all stored records, in outbox order.
    public func recordIDs() throws -> [String] {
        try guarded { try pool.read { try String.fetchAll($0, sql: "SELECT recordID FROM outbox ORDER BY seq") } }
    }

    static func setState(_ name: String, _ value: String, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO syncState (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                       arguments: [name, value])
    }
}
