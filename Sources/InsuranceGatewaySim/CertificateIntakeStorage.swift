import CentralAPI
import CentralSim
import Eligibility
import Foundation
import LicenseHealth
import Synchronization

/// `CentralStorage` that turns `health-certificate` records from agents' outboxes into registry entries.
///
/// The registry check runs inside the intake's write transaction (through `accepted`), so a refused
/// certificate (`ADD` of an existing `SO` + class, `EDIT` of a missing one, invalid fields) is answered
/// 422 and dead-lettered by the agent with the reason, and a replayed upload is answered from the
/// record table without touching the registry again.
public final class CertificateIntakeStorage: CentralStorage {
    private let inner: any CentralStorage
    private let registry: CertificateRegistry
    private let today: @Sendable () -> GatewayDate

    public init(wrapping inner: any CentralStorage, registry: CertificateRegistry, today: @escaping @Sendable () -> GatewayDate = { GatewayDate(Date()) }) {
        self.inner = inner
        self.registry = registry
        self.today = today
    }

    public func intake(_ items: [RecordUpload], accepted: @Sendable (RecordUpload) -> String?) async throws -> [RecordAnswer] {
        let stored = Mutex<[HealthCertificate]>([])
        let registry = registry
        let day = today()
        let answers = try await inner.intake(items) { item in
            if let refusal = accepted(item) { return refusal }
            guard item.kind == CertificateOutbox.kind else { return nil }
            guard let certificate = try? JSONDecoder().decode(HealthCertificate.self, from: item.payload) else {
                return "payload is not a health-check certificate record (gksk JSON)"
            }
            switch registry.push(certificate, today: day) {
            case .refused(let reason): return reason
            case .stored(let c):
                stored.withLock { $0.append(c) }
                return nil
            }
        }
        try await registry.persist(stored.withLock { $0 })
        return answers
    }

    public func recordKeys() async throws -> [String] { try await inner.recordKeys() }
    public func recordCount() async throws -> Int { try await inner.recordCount() }
    public func putSnapshotRows(dataset: String, rows: [CentralAPI.SnapshotEntry]) async throws {
        try await inner.putSnapshotRows(dataset: dataset, rows: rows)
    }
    public func snapshotPage(dataset: String, after cursor: String?, limit: Int) async throws -> SnapshotPage {
        try await inner.snapshotPage(dataset: dataset, after: cursor, limit: limit)
    }
}
