import Foundation
import Logging
import Store

/// One row of the certificate snapshot the central exports: every certificate of one holder.
public struct CertificateSnapshotRow: Sendable, Codable, Equatable {
    /// The dataset name the central exports and the agent downloads.
    public static let dataset = "health-certificates"

    /// The holder's ID number, the row's key.
    public var idNumber: String
    /// The holder's certificates, without `SIGNDATA`.
    public var certificates: [HealthCertificate]

    public init(idNumber: String, certificates: [HealthCertificate]) {
        self.idNumber = idNumber
        self.certificates = certificates
    }
}

/// `CertificateSnapshot` over the dataset the sync layer downloads into the agent's database.
public struct StoredCertificateSnapshot: CertificateSnapshot {
    private let database: AppDatabase
    private let logger: Logger

    public init(database: AppDatabase, logger: Logger = Logger(label: "idgate.license-health.snapshot")) {
        self.database = database
        self.logger = logger
    }

    public func certificates(forID id: String) async -> [HealthCertificate] {
        do {
            guard let body = try database.snapshotBody(dataset: CertificateSnapshotRow.dataset, key: id) else { return [] }
            return try JSONDecoder().decode(CertificateSnapshotRow.self, from: body).certificates
        } catch {
            logger.error("cannot read the certificate snapshot", metadata: ["error": "\(error)"])
            return []
        }
    }
}
