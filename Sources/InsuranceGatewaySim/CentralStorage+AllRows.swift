import CentralAPI
import CentralSim

extension CentralStorage {
    /// Every row of `dataset` still present (deletions skipped), in export order.
    func allSnapshotRows(dataset: String) async throws -> [CentralAPI.SnapshotEntry] {
        var rows: [CentralAPI.SnapshotEntry] = []
        var cursor: String?
        while true {
            let page = try await snapshotPage(dataset: dataset, after: cursor, limit: 1_000)
            rows += page.rows.filter { !$0.deleted }
            cursor = page.nextCursor
            if !page.hasMore || page.rows.isEmpty { return rows }
        }
    }
}
