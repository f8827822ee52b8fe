import CentralAPI
import CentralSim
import Eligibility
import Foundation

/// Publishes the people the gateway knows as the central's `eligibility` snapshot dataset, one row per
/// ID number and one per card code; only rows whose entry changed move, so agents download only changes.
public enum EligibilitySnapshotPublisher {
    /// Publishes `people` except those whose ID number is in `leavingOut` (removed if published before),
    /// and those whose status the gateway cannot give (`100`, `101`, `500`, `999`); returns the number of rows written.
    @discardableResult
    public static func publish(_ people: [SeededPerson], to storage: any CentralStorage, leavingOut: Set<String> = [],
                               asOf: GatewayDate = GatewayDate(Date())) async throws -> Int {
        var existing: [String: EligibilitySnapshotRow?] = [:]
        for row in try await storage.allSnapshotRows(dataset: EligibilitySnapshotRow.dataset) {
            existing[row.key] = try? JSONDecoder().decode(EligibilitySnapshotRow.self, from: row.body)
        }
        var rows: [CentralAPI.SnapshotEntry] = []
        var wanted: Set<String> = []
        for person in people where !leavingOut.contains(person.idNumber) {
            guard let entry = try? person.snapshotEntry() else { continue }
            let row = EligibilitySnapshotRow(entry: entry, asOf: asOf)
            for key in row.keys {
                wanted.insert(key)
                if existing[key]??.entry == entry { continue }
                rows.append(CentralAPI.SnapshotEntry(key: key, body: try JSONEncoder().encode(row)))
            }
        }
        for key in existing.keys.sorted() where !wanted.contains(key) {
            rows.append(CentralAPI.SnapshotEntry(key: key, body: Data(), deleted: true))
        }
        if !rows.isEmpty { try await storage.putSnapshotRows(dataset: EligibilitySnapshotRow.dataset, rows: rows) }
        return rows.count
    }
}

extension SeededPerson {
    /// The snapshot entry of this person: the card in force (the new one for `003`/`004`); throws for
    /// statuses the gateway cannot give (gateway errors) or malformed seed data.
    public func snapshotEntry() throws -> Eligibility.SnapshotEntry {
        let code = ResultCode(resultCode)
        switch code.category {
        case .eligible, .eligibleWithNewCard, .notEligible: break
        default: throw EligibilityError.invalidInput(field: "resultCode", reason: "\(resultCode) is not a card status")
        }
        let inForce: (code: String, from: String, to: String) = newCard.map { ($0.code, $0.validFrom, $0.validTo) } ?? (cardCode, validFrom, validTo)
        let coverage = EligibilityVerdict.Coverage(
            card: try CardCode(inForce.code), validFrom: try GatewayDate(parsing: inForce.from),
            validTo: try GatewayDate(parsing: inForce.to), primaryCareFacility: facility)
        return Eligibility.SnapshotEntry(idNumber: idNumber, card: try CardCode(cardCode), name: try PersonName(name),
                             birthDate: try BirthDate(parsing: birthDate), resultCode: resultCode, coverage: coverage)
    }
}
