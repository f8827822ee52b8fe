import GRDB

extension AppDatabase {
    /// Every schema change, in order; never edit a shipped migration, add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: records and outbox") { db in
            try db.create(table: "record") { t in
                t.primaryKey("id", .text)
                t.column("stream", .text).notNull()
                t.column("kind", .text).notNull()
                // Seconds since 2001-01-01 (Foundation's reference date) as a double: an exact round trip of `Date`.
                t.column("createdAt", .double).notNull().indexed()
                t.column("payloadKeyID", .text).notNull()
                t.column("payload", .blob).notNull()
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("recordID", .text).notNull().unique()
                    .references("record", onDelete: .cascade)
                t.column("stream", .text).notNull()
                t.column("state", .text).notNull().defaults(to: OutboxState.pending.rawValue)
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("lastError", .text)
                t.column("receipt", .text)
                t.column("updatedAt", .datetime)
            }
            try db.create(index: "outbox_state_seq", on: "outbox", columns: ["state", "seq"])
            try db.create(table: "syncState") { t in
                t.primaryKey("name", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v1: snapshots") { db in
            try db.create(table: "snapshotRow") { t in
                t.column("dataset", .text).notNull()
                t.column("keyDigest", .blob).notNull()
                t.column("digestKeyID", .text).notNull()
                t.column("bodyKeyID", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["dataset", "keyDigest"])
            }
            try db.create(table: "snapshotCursor") { t in
                t.primaryKey("dataset", .text)
                t.column("cursor", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2: look-up cache and provisional queue") { db in
            try Self.createLookupTables(db)
        }
        return migrator
    }
}
