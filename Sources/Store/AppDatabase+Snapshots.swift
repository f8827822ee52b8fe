import Foundation
import GRDB

/// One row of a reference snapshot (eligibility, health-check certificates) as the central sends it.
public struct SnapshotRow: Sendable, Equatable, Codable {
    /// Look-up key, e.g. the 12-digit ID number; stored only as a keyed digest.
    public var key: String
    /// Row body (JSON); encrypted at rest.
    public var body: Data
    /// True when the central removed this row.
    public var deleted: Bool

    public init(key: String, body: Data, deleted: Bool = false) {
        self.key = key
        self.body = body
        self.deleted = deleted
    }
}

extension AppDatabase {
    /// The cursor to resume `dataset` from, or nil before the first download.
    public func snapshotCursor(dataset: String) throws -> String? {
        try guarded {
            try pool.read { try String.fetchOne($0, sql: "SELECT cursor FROM snapshotCursor WHERE dataset = ?", arguments: [dataset]) }
        }
    }

    /// Applies one downloaded page and moves the cursor, in one transaction.
    public func applySnapshotPage(dataset: String, rows: [SnapshotRow], cursor: String) async throws {
        // Seal and index outside the write transaction, with keys set up once; the writer only runs SQL.
        let sealer = try StoreKeyring.BatchSealer(keyring)
        var changes: [(digests: [Data], current: Data, sealed: Data?)] = []
        changes.reserveCapacity(rows.count)
        for row in rows {
            let digests = sealer.digests(of: row.key)
            guard let current = digests.first else { throw StoreError.unknownKey(id: keyring.currentKeyID) }
            changes.append((digests, current, row.deleted ? nil : try sealer.seal(row.body)))
        }
        let keyID = sealer.currentKeyID
        try await guardedAsync {
            try await pool.write { [changes] db in
                let now = Date()
                // Converted once: a Date becomes a formatted string on every bind.
                let updatedAt = now.databaseValue
                let upsert = try db.cachedStatement(sql: """
                    INSERT INTO snapshotRow (dataset, keyDigest, digestKeyID, bodyKeyID, body, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(dataset, keyDigest) DO UPDATE SET
                    digestKeyID = excluded.digestKeyID, bodyKeyID = excluded.bodyKeyID, body = excluded.body, updatedAt = excluded.updatedAt
                    """)
                let delete = try db.cachedStatement(sql: "DELETE FROM snapshotRow WHERE dataset = ? AND keyDigest = ?")
                for change in changes {
                    guard let sealed = change.sealed else {
                        // A deletion removes the row under every key id (a rotation may have re-keyed its digest).
                        for digest in change.digests { try delete.execute(arguments: [dataset, digest]) }
                        continue
                    }
                    try upsert.execute(arguments: [dataset, change.current, keyID, keyID, sealed, updatedAt])
                }
                try db.execute(sql: """
                    INSERT INTO snapshotCursor (dataset, cursor, updatedAt) VALUES (?, ?, ?)
                    ON CONFLICT(dataset) DO UPDATE SET cursor = excluded.cursor, updatedAt = excluded.updatedAt
                    """, arguments: [dataset, cursor, now])
            }
        }
    }

    /// The body stored for `key` in `dataset`, decrypted, if any.
    public func snapshotBody(dataset: String, key: String) throws -> Data? {
        for index in keyring.blindIndexes(of: key) {
            let row = try guarded {
                try pool.read {
                    try Row.fetchOne($0, sql: "SELECT bodyKeyID, body FROM snapshotRow WHERE dataset = ? AND keyDigest = ? AND digestKeyID = ?",
                                     arguments: [dataset, index.digest, index.keyID])
                }
            }
            if let row { return try keyring.open(row["body"], keyID: row["bodyKeyID"]) }
        }
        return nil
    }

    /// Number of rows held for `dataset`.
    public func snapshotRowCount(dataset: String) throws -> Int {
        try guarded { try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM snapshotRow WHERE dataset = ?", arguments: [dataset]) ?? 0 } }
    }
}
