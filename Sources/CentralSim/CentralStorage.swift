import CentralAPI
import Foundation

/// Where the central keeps records and snapshots: SQLite for one machine; a PostgreSQL
/// implementation (postgres-nio) can conform for a fleet without touching the routes.
public protocol CentralStorage: Sendable {
    /// Stores each new record once and answers replays with the original answer, in order.
    func intake(_ items: [RecordUpload], accepted: @Sendable (RecordUpload) -> String?) async throws -> [RecordAnswer]
    /// Idempotency keys of all stored records, in arrival order.
    func recordKeys() async throws -> [String]
    /// Number of stored records.
    func recordCount() async throws -> Int
    /// Inserts or replaces snapshot rows of `dataset`; each moves to the end of the export.
    func putSnapshotRows(dataset: String, rows: [SnapshotEntry]) async throws
    /// Rows of `dataset` after `cursor` (nil: from the start), at most `limit`.
    func snapshotPage(dataset: String, after cursor: String?, limit: Int) async throws -> SnapshotPage
}
