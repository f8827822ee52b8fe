import Foundation
import GRDB

/// A look-up answered "verify later", and how it was settled once re-checked.
public struct ProvisionalEntry: Sendable, Equatable {
    /// The ticket given to the counter.
    public let id: String
    /// The look-up (JSON), decrypted.
    public let body: Data
    public let createdAt: Date
    /// The settled answer (JSON), decrypted; nil while pending.
    public let result: Data?
    public let resolvedAt: Date?

    public init(id: String, body: Data, createdAt: Date, result: Data? = nil, resolvedAt: Date? = nil) {
        self.id = id
        self.body = body
        self.createdAt = createdAt
        self.result = result
        self.resolvedAt = resolvedAt
    }
}

extension AppDatabase {
    /// Queues a look-up under `key` (returning the pending entry when one for the same key is already queued).
    public func enqueueProvisional(key: String, body: Data, at date: Date, id: String = UUID().uuidString.lowercased()) async throws -> ProvisionalEntry {
        let indexes = keyring.blindIndexes(of: key)
        guard let current = indexes.first else { throw StoreError.unknownKey(id: keyring.currentKeyID) }
        let sealedKey = try keyring.seal(Data(key.utf8))
        let sealedBody = try keyring.seal(body)
        let keyring = keyring
        return try await guardedAsync {
            try await pool.write { db in
                for index in indexes {
                    if let row = try Row.fetchOne(db, sql: """
                        SELECT id, bodyKeyID, body, createdAt FROM provisional
                        WHERE keyDigest = ? AND digestKeyID = ? AND resolvedAt IS NULL
                        """, arguments: [index.digest, index.keyID]) {
                        return ProvisionalEntry(id: row["id"], body: try keyring.open(row["body"], keyID: row["bodyKeyID"]),
                                                createdAt: Date(timeIntervalSinceReferenceDate: row["createdAt"]))
                    }
                }
                try db.execute(sql: """
                    INSERT INTO provisional (id, keyDigest, digestKeyID, keyKeyID, keySealed, bodyKeyID, body, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, current.digest, current.keyID, sealedKey.keyID, sealedKey.box, sealedBody.keyID, sealedBody.box,
                                     date.timeIntervalSinceReferenceDate])
                return ProvisionalEntry(id: id, body: body, createdAt: date)
            }
        }
    }

    /// Look-ups still waiting, oldest first.
    public func pendingProvisional() async throws -> [ProvisionalEntry] {
        try await provisional(where: "resolvedAt IS NULL ORDER BY createdAt, rowid")
    }

    /// Settled look-ups, oldest settlement first.
    public func resolvedProvisional() async throws -> [ProvisionalEntry] {
        try await provisional(where: "resolvedAt IS NOT NULL ORDER BY resolvedAt, rowid")
    }

    /// Records the settled answer of a pending look-up and, in the same transaction, queues `record` for the central.
    /// Returns false when `id` is not pending (already settled, or unknown).
    @discardableResult
    public func resolveProvisional(id: String, result: Data, at date: Date, record: CounterRecord? = nil) async throws -> Bool {
        let sealed = try keyring.seal(result)
        let sealedRecord = try record.map { try keyring.seal($0.payload) }
        return try await guardedAsync {
            try await pool.write { db in
                try db.execute(sql: """
                    UPDATE provisional SET resolvedAt = ?, resultKeyID = ?, result = ? WHERE id = ? AND resolvedAt IS NULL
                    """, arguments: [date.timeIntervalSinceReferenceDate, sealed.keyID, sealed.box, id])
                guard db.changesCount == 1 else { return false }
                if let record, let sealedRecord { try Self.insert(record, sealed: sealedRecord, in: db) }
                return true
            }
        }
    }

    private func provisional(where clause: String) async throws -> [ProvisionalEntry] {
        let keyring = keyring
        return try await guardedAsync {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, bodyKeyID, body, createdAt, resolvedAt, resultKeyID, result FROM provisional WHERE " + clause)
                    .map { row throws(StoreError) in
                        var result: Data?
                        if let box = row["result"] as Data?, let keyID = row["resultKeyID"] as String? {
                            result = try keyring.open(box, keyID: keyID)
                        }
                        return ProvisionalEntry(
                            id: row["id"], body: try keyring.open(row["body"], keyID: row["bodyKeyID"]),
                            createdAt: Date(timeIntervalSinceReferenceDate: row["createdAt"]), result: result,
                            resolvedAt: (row["resolvedAt"] as Double?).map(Date.init(timeIntervalSinceReferenceDate:)))
                    }
            }
        }
    }
}
