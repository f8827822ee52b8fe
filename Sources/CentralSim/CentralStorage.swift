import Foundation

/// One record offered to the central, with the agent's idempotency key.
public struct IntakeItem: Sendable, Equatable, Codable {
    public var idempotencyKey: String
    public var stream: String
    public var kind: String
    public var createdAt: Date
    public var payload: Data

    public init(idempotencyKey: String, stream: String, kind: String, createdAt: Date, payload: Data) {
        self.idempotencyKey = idempotencyKey
        self.stream = stream
        self.kind = kind
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// The central's answer for one record; a replay gets the original answer with `replayed` set.
public struct IntakeAnswer: Sendable, Equatable, Codable {
    public var idempotencyKey: String
    /// 201 created (also on replay), 4xx refused for good, 503 not processed.
    public var status: Int
    public var recordId: String?
    public var replayed: Bool?
    public var error: String?
}

/// A stored snapshot row with its position in the export.
public struct ExportRow: Sendable, Equatable, Codable {
    public var key: String
    public var body: Data
    public var deleted: Bool

    public init(key: String, body: Data, deleted: Bool = false) {
        self.key = key
        self.body = body
        self.deleted = deleted
    }
}

/// A page of a snapshot export.
public struct ExportPage: Sendable, Equatable, Codable {
    public var rows: [ExportRow]
    public var nextCursor: String
    public var hasMore: Bool
}

/// Where the central keeps records and snapshots: SQLite for one machine; a PostgreSQL
/// implementation (postgres-nio) can conform for a fleet without touching the routes.
public protocol CentralStorage: Sendable {
    /// Stores each new record once and answers replays with the original answer, in order.
    func intake(_ items: [IntakeItem], accepted: @Sendable (IntakeItem) -> String?) async throws -> [IntakeAnswer]
    /// Idempotency keys of all stored records, in arrival order.
    func recordKeys() async throws -> [String]
    /// Number of stored records.
    func recordCount() async throws -> Int
    /// Inserts or replaces snapshot rows of `dataset`; each moves to the end of the export.
    func putSnapshotRows(dataset: String, rows: [ExportRow]) async throws
    /// Rows of `dataset` after `cursor` (nil: from the start), at most `limit`.
    func snapshotPage(dataset: String, after cursor: String?, limit: Int) async throws -> ExportPage
}
