import Foundation
import GRDB

extension AppDatabase {
    /// What one retention run removed.
    public struct RetentionReport: Sendable, Equatable {
        /// Records deleted (delivered or dead-lettered, older than the cut-off).
        public var deletedRecords: Int
        /// Records older than the cut-off kept because the central has not accepted them yet.
        public var keptUndelivered: Int
        /// Cached look-up answers and settled provisional look-ups deleted (pending ones are kept).
        public var deletedLookups: Int

        public init(deletedRecords: Int, keptUndelivered: Int, deletedLookups: Int = 0) {
            self.deletedRecords = deletedRecords
            self.keptUndelivered = keptUndelivered
            self.deletedLookups = deletedLookups
        }
    }

    /// Deletes personal data older than `period` before `now`; records not yet delivered are kept.
    @discardableResult
    public func runRetention(olderThan period: TimeInterval, now: Date = Date()) throws -> RetentionReport {
        let cutoff = now.addingTimeInterval(-period)
        return try guarded {
            try pool.write { db in
                try db.execute(sql: """
                    DELETE FROM record WHERE createdAt < ?
                    AND id NOT IN (SELECT recordID FROM outbox WHERE state = 'pending')
                    """, arguments: [cutoff.timeIntervalSinceReferenceDate])
                let deleted = db.changesCount
                let kept = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM record r JOIN outbox o ON o.recordID = r.id
                    WHERE r.createdAt < ? AND o.state = 'pending'
                    """, arguments: [cutoff.timeIntervalSinceReferenceDate]) ?? 0
                let lookups = try Self.pruneLookups(before: cutoff, db)
                return RetentionReport(deletedRecords: deleted, keptUndelivered: kept, deletedLookups: lookups)
            }
        }
    }

    /// Re-encrypts every sealed column with the current key; returns how many values changed.
    ///
    /// Run after adding a new key to the key file; old keys may be dropped once it returns.
    /// Snapshot datasets under an old key are cleared and download again from their start.
    @discardableResult
    public func reseal() throws -> Int {
        let current = keyring.currentKeyID
        return try guarded {
            try pool.write { db in
                var changed = 0
                let records = try Row.fetchAll(db, sql: "SELECT id, payloadKeyID, payload FROM record WHERE payloadKeyID != ?", arguments: [current])
                for row in records {
                    let sealed = try keyring.seal(try keyring.open(row["payload"], keyID: row["payloadKeyID"]))
                    try db.execute(sql: "UPDATE record SET payloadKeyID = ?, payload = ? WHERE id = ?",
                                   arguments: [sealed.keyID, sealed.box, row["id"] as String])
                    changed += 1
                }
                // Snapshot rows are found by a keyed digest of their key, which cannot be recomputed
                // without the key itself: drop rows under old keys and download those datasets again.
                let stale = try String.fetchAll(db, sql: "SELECT DISTINCT dataset FROM snapshotRow WHERE digestKeyID != ?", arguments: [current])
                for dataset in stale {
                    try db.execute(sql: "DELETE FROM snapshotRow WHERE dataset = ?", arguments: [dataset])
                    try db.execute(sql: "DELETE FROM snapshotCursor WHERE dataset = ?", arguments: [dataset])
                    changed += db.changesCount
                }
                changed += try resealLookups(db)
                return changed
            }
        }
    }

    /// Number of sealed values still under a key other than the current one.
    public func valuesSealedWithOldKeys() throws -> Int {
        try guarded {
            try pool.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT (SELECT COUNT(*) FROM record WHERE payloadKeyID != ?1)
                         + (SELECT COUNT(*) FROM snapshotRow WHERE bodyKeyID != ?1)
                         + (SELECT COUNT(*) FROM lookupCache WHERE bodyKeyID != ?1)
                         + (SELECT COUNT(*) FROM provisional WHERE bodyKeyID != ?1 OR keyKeyID != ?1
                            OR (resultKeyID IS NOT NULL AND resultKeyID != ?1))
                    """, arguments: [keyring.currentKeyID]) ?? 0
            }
        }
    }
}
