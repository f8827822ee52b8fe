import Foundation
import Logging
import Store

/// `EligibilitySnapshot` over the dataset the sync layer downloads into the agent's database.
public struct StoredEligibilitySnapshot: EligibilitySnapshot {
    private let database: AppDatabase
    private let logger: Logger

    public init(database: AppDatabase, logger: Logger = Logger(label: "idgate.eligibility.snapshot")) {
        self.database = database
        self.logger = logger
    }

    public func lookup(_ query: EligibilityQuery) async -> (entry: SnapshotEntry, takenOn: GatewayDate)? {
        do {
            guard let body = try database.snapshotBody(dataset: EligibilitySnapshotRow.dataset, key: query.maThe) else { return nil }
            let row = try JSONDecoder().decode(EligibilitySnapshotRow.self, from: body)
            return (row.entry, row.asOf)
        } catch {
            logger.error("cannot read the eligibility snapshot", metadata: ["subject": "\(query.maskedSubject)", "error": "\(error)"])
            return nil
        }
    }
}
