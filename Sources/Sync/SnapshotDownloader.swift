import CentralAPI
import Store

/// Brings a local copy of a reference dataset up to date, one page per transaction.
public struct SnapshotDownloader: Sendable {
    private let database: AppDatabase
    private let transport: any CentralTransport
    private let pageSize: Int

    public init(database: AppDatabase, transport: any CentralTransport, pageSize: Int = 5_000) {
        self.database = database
        self.transport = transport
        self.pageSize = pageSize
    }

    /// Downloads every page of `dataset` after the stored cursor; returns the number of rows applied.
    ///
    /// A crash between pages loses nothing: each page and its cursor commit together.
    @discardableResult
    public func update(dataset: String) async throws -> Int {
        var applied = 0
        while !Task.isCancelled {
            let cursor = try database.snapshotCursor(dataset: dataset)
            let page = try await transport.snapshotPage(dataset: dataset, since: cursor, limit: pageSize)
            let rows = page.rows.map { SnapshotRow(key: $0.key, body: $0.body, deleted: $0.deleted) }
            try await database.applySnapshotPage(dataset: dataset, rows: rows, cursor: page.nextCursor)
            applied += rows.count
            if !page.hasMore || page.rows.isEmpty { break }
        }
        return applied
    }
}
