import CentralAPI
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// `CentralStorage` on PostgreSQL (postgres-nio): the store of a central serving a fleet.
///
/// Same semantics as `SQLiteCentralStorage`: a batch is taken in one transaction, a replayed
/// Idempotency-Key gets the original answer, and snapshot rows are exported by a sequence cursor.
public final class PostgresCentralStorage: CentralStorage {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database`) and creates the schema if missing.
    public static func connect(url: String, maximumConnections: Int = 20,
                               logger: Logger = Logger(label: "idgate.central.postgres")) async throws -> PostgresCentralStorage {
        var configuration = try configuration(url: url)
        configuration.options.maximumConnections = maximumConnections
        return try await PostgresCentralStorage(configuration: configuration, logger: logger)
    }

    /// Client settings for `url`; TLS is off for loopback hosts and preferred otherwise.
    public static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty else {
            throw PostgresStorageError.invalidURL(url)
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        return PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: user, password: parts.password,
            database: database.isEmpty ? nil : database,
            tls: loopback ? .disable : .prefer(.makeClientConfiguration()))
    }

    /// Starts the connection pool for `configuration` and creates the schema if missing.
    public init(configuration: PostgresClient.Configuration, logger: Logger = Logger(label: "idgate.central.postgres")) async throws {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
        do {
            try await createSchema()
        } catch {
            await close()
            throw error
        }
    }

    /// Closes every connection; the storage is unusable afterwards.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    private func createSchema() async throws {
        try await client.withTransaction(logger: logger) { connection in
            // Centrals starting together must not race on CREATE … IF NOT EXISTS.
            try await connection.query("SELECT pg_advisory_xact_lock(8086001)", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS central_record (
                    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    id text NOT NULL UNIQUE,
                    idempotency_key text NOT NULL UNIQUE,
                    fingerprint bytea NOT NULL,
                    stream text NOT NULL,
                    kind text NOT NULL,
                    created_at timestamptz NOT NULL,
                    payload bytea NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            try await connection.query("CREATE SEQUENCE IF NOT EXISTS snapshot_row_seq", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS snapshot_row (
                    dataset text NOT NULL,
                    key text NOT NULL,
                    seq bigint NOT NULL DEFAULT nextval('snapshot_row_seq'),
                    body bytea NOT NULL,
                    deleted boolean NOT NULL,
                    PRIMARY KEY (dataset, key))
                """, logger: logger)
            try await connection.query("CREATE INDEX IF NOT EXISTS snapshot_row_dataset_seq ON snapshot_row (dataset, seq)", logger: logger)
        }
    }

    public func intake(_ items: [RecordUpload], accepted: @Sendable (RecordUpload) -> String?) async throws -> [RecordAnswer] {
        guard !items.isEmpty else { return [] }
        let fingerprints = items.map(\.fingerprint)
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection in
            let keys = items.map(\.idempotencyKey)
            var stored = try await Self.storedRecords(keys: keys, on: connection, logger: logger)
            var answers = [RecordAnswer?](repeating: nil, count: items.count)
            var fresh: [Int] = []
            for (index, item) in items.enumerated() {
                if let original = stored[item.idempotencyKey] {
                    answers[index] = Self.replayAnswer(item, fingerprint: fingerprints[index], original: original)
                } else if let refusal = accepted(item) {
                    answers[index] = RecordAnswer(idempotencyKey: item.idempotencyKey, status: 422, error: refusal)
                } else {
                    fresh.append(index)
                }
            }
            let ids = fresh.map { _ in UUID().uuidString.lowercased() }
            let inserted = try await Self.insert(fresh.map { items[$0] }, ids: ids, fingerprints: fresh.map { fingerprints[$0] },
                                                 on: connection, logger: logger)
            // A key inserted by a concurrent request, or twice in this batch, is answered as a replay.
            let lost = zip(fresh, ids).filter { inserted[items[$0.0].idempotencyKey] != $0.1 }.map(\.0)
            if !lost.isEmpty {
                stored = try await Self.storedRecords(keys: lost.map { items[$0].idempotencyKey }, on: connection, logger: logger)
            }
            for (index, id) in zip(fresh, ids) {
                let item = items[index]
                if inserted[item.idempotencyKey] == id {
                    answers[index] = RecordAnswer(idempotencyKey: item.idempotencyKey, status: 201, recordId: id, replayed: false)
                } else if let original = stored[item.idempotencyKey] {
                    answers[index] = Self.replayAnswer(item, fingerprint: fingerprints[index], original: original)
                } else {
                    answers[index] = RecordAnswer(idempotencyKey: item.idempotencyKey, status: 503, error: "record not stored; retry")
                }
            }
            return answers.compactMap { $0 }
        }
    }

    private static func replayAnswer(_ item: RecordUpload, fingerprint: Data, original: (id: String, fingerprint: Data)) -> RecordAnswer {
        guard original.fingerprint == fingerprint else {
            return RecordAnswer(idempotencyKey: item.idempotencyKey, status: 422, error: "Idempotency-Key reused with a different record")
        }
        return RecordAnswer(idempotencyKey: item.idempotencyKey, status: 201, recordId: original.id, replayed: true)
    }

    private static func storedRecords(keys: [String], on connection: PostgresConnection,
                                      logger: Logger) async throws -> [String: (id: String, fingerprint: Data)] {
        let rows = try await connection.query(
            "SELECT idempotency_key, id, fingerprint FROM central_record WHERE idempotency_key = ANY(\(keys))", logger: logger)
        var found: [String: (id: String, fingerprint: Data)] = [:]
        for try await (key, id, fingerprint) in rows.decode((String, String, Data).self) { found[key] = (id, fingerprint) }
        return found
    }

    /// Inserts in batch order; returns the id stored for each key this statement inserted.
    private static func insert(_ items: [RecordUpload], ids: [String], fingerprints: [Data], on connection: PostgresConnection,
                               logger: Logger) async throws -> [String: String] {
        guard !items.isEmpty else { return [:] }
        let keys = items.map(\.idempotencyKey), streams = items.map(\.stream), kinds = items.map(\.kind)
        let created = items.map(\.createdAt)
        let prints = fingerprints.map { ByteBuffer(bytes: $0) }, payloads = items.map { ByteBuffer(bytes: $0.payload) }
        let rows = try await connection.query("""
            INSERT INTO central_record (id, idempotency_key, fingerprint, stream, kind, created_at, payload)
            SELECT i, k, f, s, d, c, p FROM unnest(\(ids)::text[], \(keys)::text[], \(prints)::bytea[], \(streams)::text[],
                \(kinds)::text[], \(created)::timestamptz[], \(payloads)::bytea[]) WITH ORDINALITY AS u(i, k, f, s, d, c, p, n)
            ORDER BY n
            ON CONFLICT DO NOTHING
            RETURNING idempotency_key, id
            """, logger: logger)
        var inserted: [String: String] = [:]
        for try await (key, id) in rows.decode((String, String).self) { inserted[key] = id }
        return inserted
    }

    public func recordKeys() async throws -> [String] {
        let rows = try await client.query("SELECT idempotency_key FROM central_record ORDER BY seq", logger: logger)
        var keys: [String] = []
        for try await key in rows.decode(String.self) { keys.append(key) }
        return keys
    }

    public func recordCount() async throws -> Int {
        let rows = try await client.query("SELECT count(*) FROM central_record", logger: logger)
        var count: Int64 = 0
        for try await value in rows.decode(Int64.self) { count = value }
        return Int(count)
    }

    public func putSnapshotRows(dataset: String, rows: [SnapshotEntry]) async throws {
        // The last write of a key wins and takes that key's place at the end of the export.
        var lastIndex: [String: Int] = [:]
        for (index, row) in rows.enumerated() { lastIndex[row.key] = index }
        let kept = rows.enumerated().filter { lastIndex[$0.element.key] == $0.offset }.map(\.element)
        guard !kept.isEmpty else { return }
        let keys = kept.map(\.key), bodies = kept.map { ByteBuffer(bytes: $0.body) }, deleted = kept.map(\.deleted)
        let logger = logger
        try await client.withTransaction(logger: logger) { connection in
            // Writers of one dataset take turns, so sequence numbers commit in order and a reader's
            // cursor never passes a row that commits later with a smaller number.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(dataset)))", logger: logger)
            try await connection.query("""
                INSERT INTO snapshot_row (dataset, key, body, deleted, seq)
                SELECT \(dataset), k, b, d, nextval('snapshot_row_seq')
                FROM unnest(\(keys)::text[], \(bodies)::bytea[], \(deleted)::boolean[]) WITH ORDINALITY AS u(k, b, d, n)
                ORDER BY n
                ON CONFLICT (dataset, key) DO UPDATE SET body = excluded.body, deleted = excluded.deleted, seq = excluded.seq
                """, logger: logger)
        }
    }

    public func snapshotPage(dataset: String, after cursor: String?, limit: Int) async throws -> SnapshotPage {
        let after = cursor.flatMap { Int64($0) } ?? 0
        let rows = try await client.query("""
            SELECT seq, key, body, deleted FROM snapshot_row WHERE dataset = \(dataset) AND seq > \(after)
            ORDER BY seq LIMIT \(Int64(limit) + 1)
            """, logger: logger)
        var entries: [SnapshotEntry] = []
        var last = after
        var more = false
        for try await (seq, key, body, deleted) in rows.decode((Int64, String, Data, Bool).self) {
            // Read every row (at most one past the page) so the connection is released cleanly.
            guard entries.count < limit else { more = true; continue }
            entries.append(SnapshotEntry(key: key, body: body, deleted: deleted))
            last = seq
        }
        return SnapshotPage(rows: entries, nextCursor: String(last), hasMore: more)
    }
}
