import Foundation
import Logging
import Store

/// One row of the eligibility snapshot the central exports: a person and the day their status was taken.
public struct EligibilitySnapshotRow: Sendable, Codable, Equatable {
    /// The dataset name the central exports and the agent downloads.
    public static let dataset = "eligibility"

    public var entry: SnapshotEntry
    /// The day the central took this person's status from the gateway.
    public var asOf: GatewayDate

    public init(entry: SnapshotEntry, asOf: GatewayDate) {
        self.entry = entry
        self.asOf = asOf
    }

    /// The keys the row is found by: the ID number and the card code, whichever the person has.
    public var keys: [String] {
        [entry.idNumber, entry.card?.value].compactMap { $0 }
    }
}

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
