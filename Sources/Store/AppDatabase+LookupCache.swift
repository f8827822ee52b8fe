import Foundation
import GRDB

/// A stored answer and when it was stored.
public struct CachedAnswer: Sendable, Equatable {
    /// The answer body (JSON), decrypted.
    public let body: Data
    /// When it was stored; the caller decides how old is too old.
    public let storedAt: Date

    public init(body: Data, storedAt: Date) {
        self.body = body
        self.storedAt = storedAt
    }
}

extension AppDatabase {
    /// Schema of the look-up cache and the provisional queue (migration "v2").
    static func createLookupTables(_ db: Database) throws {
        try db.create(table: "lookupCache") { t in
            t.column("namespace", .text).notNull()
            t.column("keyDigest", .blob).notNull()
            t.column("digestKeyID", .text).notNull()
            t.column("bodyKeyID", .text).notNull()
            t.column("body", .blob).notNull()
            // Seconds since 2001-01-01, as `record.createdAt`.
            t.column("storedAt", .double).notNull().indexed()
            t.primaryKey(["namespace", "keyDigest"])
        }
        try db.create(table: "provisional") { t in
            t.primaryKey("id", .text)
            t.column("keyDigest", .blob).notNull()
            t.column("digestKeyID", .text).notNull()
            // The look-up key itself, sealed, so a key rotation can recompute the digest.
            t.column("keyKeyID", .text).notNull()
            t.column("keySealed", .blob).notNull()
            t.column("bodyKeyID", .text).notNull()
            t.column("body", .blob).notNull()
            t.column("createdAt", .double).notNull()
            t.column("resolvedAt", .double).indexed()
            t.column("resultKeyID", .text)
            t.column("result", .blob)
        }
        try db.execute(sql: "CREATE UNIQUE INDEX provisional_pending_key ON provisional(keyDigest) WHERE resolvedAt IS NULL")
        try db.create(index: "provisional_created", on: "provisional", columns: ["createdAt"])
    }

    /// Stores `body` as the answer for `key` in `namespace`, replacing an older one; the key is kept only as a keyed digest.
    public func storeCachedAnswer(namespace: String, key: String, body: Data, at date: Date) async throws {
        guard let digest = keyring.blindIndexes(of: key).first else { throw StoreError.unknownKey(id: keyring.currentKeyID) }
        let sealed = try keyring.seal(body)
        try await guardedAsync {
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO lookupCache (namespace, keyDigest, digestKeyID, bodyKeyID, body, storedAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(namespace, keyDigest) DO UPDATE SET digestKeyID = excluded.digestKeyID,
                    bodyKeyID = excluded.bodyKeyID, body = excluded.body, storedAt = excluded.storedAt
                    """, arguments: [namespace, digest.digest, digest.keyID, sealed.keyID, sealed.box, date.timeIntervalSinceReferenceDate])
            }
        }
    }

    /// The answer stored for `key` in `namespace`, decrypted, with its time; nil if none.
    public func cachedAnswer(namespace: String, key: String) async throws -> CachedAnswer? {
        for index in keyring.blindIndexes(of: key) {
            // GRDB's async read needs a Sendable result, which Row is not: take the columns out.
            let stored = try await guardedAsync {
                try await pool.read { db -> (body: Data, keyID: String, storedAt: Double)? in
                    guard let row = try Row.fetchOne(db, sql: """
                        SELECT bodyKeyID, body, storedAt FROM lookupCache WHERE namespace = ? AND keyDigest = ? AND digestKeyID = ?
                        """, arguments: [namespace, index.digest, index.keyID])
                    else { return nil }
                    return (row["body"], row["bodyKeyID"], row["storedAt"])
                }
            }
            if let stored {
                let body = try keyring.open(stored.body, keyID: stored.keyID)
                return CachedAnswer(body: body, storedAt: Date(timeIntervalSinceReferenceDate: stored.storedAt))
            }
        }
        return nil
    }

    /// Number of cached answers in `namespace`.
    public func cachedAnswerCount(namespace: String) throws -> Int {
        try guarded { try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM lookupCache WHERE namespace = ?", arguments: [namespace]) ?? 0 } }
    }

    /// Deletes cached answers and settled provisional look-ups older than `cutoff`; pending ones stay. Returns rows deleted.
    static func pruneLookups(before cutoff: Date, _ db: Database) throws -> Int {
        let t = cutoff.timeIntervalSinceReferenceDate
        try db.execute(sql: "DELETE FROM lookupCache WHERE storedAt < ?", arguments: [t])
        var deleted = db.changesCount
        try db.execute(sql: "DELETE FROM provisional WHERE resolvedAt IS NOT NULL AND resolvedAt < ?", arguments: [t])
        deleted += db.changesCount
        return deleted
    }

    /// Re-seals the provisional queue under the current key and drops cached answers under old keys
    /// (a cache refills itself); returns how many values changed.
    func resealLookups(_ db: Database) throws -> Int {
        let current = keyring.currentKeyID
        try db.execute(sql: "DELETE FROM lookupCache WHERE digestKeyID != ? OR bodyKeyID != ?", arguments: [current, current])
        var changed = db.changesCount
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, keyKeyID, keySealed, bodyKeyID, body, resultKeyID, result FROM provisional
            WHERE digestKeyID != ?1 OR keyKeyID != ?1 OR bodyKeyID != ?1 OR (resultKeyID IS NOT NULL AND resultKeyID != ?1)
            """, arguments: [current])
        for row in rows {
            let key = try keyring.open(row["keySealed"], keyID: row["keyKeyID"])
            guard let digest = keyring.blindIndexes(of: String(decoding: key, as: UTF8.self)).first else { continue }
            let sealedKey = try keyring.seal(key)
            let body = try keyring.seal(try keyring.open(row["body"], keyID: row["bodyKeyID"]))
            var result: (keyID: String, box: Data)?
            if let box = row["result"] as Data?, let keyID = row["resultKeyID"] as String? {
                result = try keyring.seal(try keyring.open(box, keyID: keyID))
            }
            try db.execute(sql: """
                UPDATE provisional SET keyDigest = ?, digestKeyID = ?, keyKeyID = ?, keySealed = ?, bodyKeyID = ?, body = ?,
                resultKeyID = ?, result = ? WHERE id = ?
                """, arguments: [digest.digest, digest.keyID, sealedKey.keyID, sealedKey.box, body.keyID, body.box,
                                 result?.keyID, result?.box, row["id"] as String])
            changed += 1
        }
        return changed
    }
}
