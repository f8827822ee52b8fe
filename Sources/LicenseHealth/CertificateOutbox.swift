import Foundation
import Store

/// Sends certificates made at the clinic to the central through the agent's outbox, so a push
/// survives a network outage and a restart; the central keeps them unique by `SO` + `HANGBANGLAI`.
public struct CertificateOutbox: Sendable {
    /// Record kind the central turns into a registry entry.
    public static let kind = "health-certificate"
    /// Outbox stream: certificates reach the central in the order they were made (an `ADD` before its `EDIT`).
    public static let stream = "health-certificates"

    private let database: AppDatabase

    public init(database: AppDatabase) { self.database = database }

    /// Validates `certificate` (signed, `STATE` ADD or EDIT) and queues it; returns the record id (the upload's idempotency key).
    @discardableResult
    public func enqueue(_ certificate: HealthCertificate, at date: Date = Date()) throws(LicenseHealthError) -> String {
        try certificate.validate()
        guard certificate.signData != nil else {
            throw .invalidCertificate([.init("SIGNDATA", "sign the certificate before sending it")])
        }
        guard certificate.state == "ADD" || certificate.state == "EDIT" else {
            throw .invalidCertificate([.init("STATE", "must be ADD for a new certificate or EDIT for a correction")])
        }
        let payload: Data
        do { payload = try JSONEncoder().encode(certificate) } catch { throw .central("cannot encode the certificate: \(error)") }
        let record = CounterRecord(stream: Self.stream, kind: Self.kind, createdAt: date, payload: payload)
        do { try database.enqueue(record) } catch { throw .localStore("\(error)") }
        return record.id
    }
}
