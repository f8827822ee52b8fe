import CentralSim
import Foundation

/// Joins the simulated gateway to a central service's storage.
public enum CentralGatewayBridge {
    /// Loads the certificate registry from `storage`, publishes the eligibility snapshot of the seeded
    /// people (except `leavingOut`), and returns the storage to serve with: certificate records pushed
    /// through agents' outboxes land in the registry.
    public static func attach(_ simulator: InsuranceGatewaySimulator, to storage: any CentralStorage,
                              leavingOut: Set<String> = []) async throws -> any CentralStorage {
        try await simulator.registry.attach(storage)
        try await EligibilitySnapshotPublisher.publish(await simulator.people, to: storage, leavingOut: leavingOut)
        return CertificateIntakeStorage(wrapping: storage, registry: simulator.registry)
    }
}
