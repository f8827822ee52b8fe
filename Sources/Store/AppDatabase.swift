import Foundation
import GRDB
import Logging

/// The agent's local database: one SQLite file in WAL mode, written with `synchronous=FULL`.
public final class AppDatabase: Sendable {
    /// Options for opening the database.
    public struct Options: Sendable {
        /// Run `PRAGMA quick_check` at open and refuse a damaged file.
        public var verifyOnOpen = true
        /// Cap the file at this many pages (disk-quota guard; tests use it to simulate a full disk).
        public var maxPageCount: Int?
        /// How long a writer waits for a lock held by another process.
        public var busyTimeout: TimeInterval = 10
        public init() {}
    }

    /// Path of the SQLite file.
    public let path: String
    let pool: DatabasePool
    let keyring: StoreKeyring
    let logger: Logger

    /// Opens (creating if absent) the database at `path`, migrating it to the current schema.
    ///
    /// A damaged file throws `StoreError.corrupt` and is left byte for byte as it was.
    public init(path: String, keyring: StoreKeyring, options: Options = Options(),
                logger: Logger = Logger(label: "idgate.store")) throws {
        self.path = path
        self.keyring = keyring
        self.logger = logger
        var config = Configuration()
        config.busyMode = .timeout(options.busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "idgate.store"
        let maxPages = options.maxPageCount
        config.prepareDatabase { db in
            if let maxPages { try db.execute(sql: "PRAGMA max_page_count = \(maxPages)") }
        }
        do {
            // Check an existing file read-only first: opening a pool writes to the file (WAL set-up).
            if options.verifyOnOpen, FileManager.default.fileExists(atPath: path) {
                try Self.verifyReadOnly(path: path)
            }
            pool = try DatabasePool(path: path, configuration: config)
            // DatabasePool sets synchronous=NORMAL on the writer after prepareDatabase runs;
            // NORMAL in WAL mode may lose the last commits on power loss, so set FULL here.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs `PRAGMA quick_check` on a read-only connection; throws `corrupt` unless it answers ok.
    static func verifyReadOnly(path: String) throws {
        var config = Configuration()
        config.readonly = true
        let verdict = try DatabaseQueue(path: path, configuration: config).read { db in
            try String.fetchAll(db, sql: "PRAGMA quick_check")
        }
        if verdict != ["ok"] {
            throw StoreError.corrupt(path: path, detail: verdict.prefix(3).joined(separator: "; "))
        }
    }

    /// The value of `PRAGMA synchronous` on the writer connection (2 = FULL).
    public func writerSynchronousLevel() throws -> Int {
        try guarded { try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 } }
    }

    /// Checkpoints the WAL into the main file and truncates it.
    public func checkpoint() throws {
        try guarded { _ = try pool.writeWithoutTransaction { try $0.checkpoint(.truncate) } }
    }

    /// Runs `body`, translating SQLite errors to `StoreError`.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw StoreError.wrap(error, path: path) }
    }

    /// Async variant of `guarded` for GRDB's async accessors.
    func guardedAsync<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw StoreError.wrap(error, path: path) }
    }
}
