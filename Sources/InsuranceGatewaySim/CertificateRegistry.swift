import CentralAPI
import CentralSim
import Eligibility
import Foundation
import LicenseHealth
import Synchronization

/// The central's health-check certificates, unique by `SO` + `HANGBANGLAI`, indexed by ID number.
///
/// Pushes from the gateway route and from the agents' outbox both go through `push(_:today:)`, which
/// checks and stores atomically. With storage attached, each holder's certificates are kept as one
/// row of the `health-certificates` snapshot dataset: that row is both what agents download and
/// what the registry reloads after a restart.
public final class CertificateRegistry: Sendable {
    /// Outcome of one push.
    public enum PushResult: Sendable, Equatable {
        case stored(HealthCertificate)
        /// Refused; the reason names the field and what to do.
        case refused(String)
    }

    private struct State {
        var byKey: [String: HealthCertificate] = [:]
        var storage: (any CentralStorage)?
    }
    private let state = Mutex(State())

    public init() {}

    /// Number of certificates held.
    public var count: Int { state.withLock { $0.byKey.count } }

    /// Checks `certificate` (fields, signature shape, ADD of a new key or EDIT of an existing one) and stores it.
    public func push(_ c: HealthCertificate, today: GatewayDate) -> PushResult {
        let problems = c.problems(today: today)
        if !problems.isEmpty { return .refused(problems.map(\.description).joined(separator: "; ")) }
        guard let sign = c.signData, let data = Data(base64Encoded: sign),
              let xml = String(data: data, encoding: .utf8), xml.hasPrefix("<root>"), xml.hasSuffix("</root>"),
              xml.contains("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"), xml.contains("<SO>\(c.number)</SO>")
        else { return .refused("SIGNDATA: must be Base64 of the record as <root>…</root> with an enveloped XML-DSig signature") }
        return state.withLock { state in
            let exists = state.byKey[c.registryKey] != nil
            if c.state == "ADD", exists { return .refused("STATE ADD: certificate \(c.number) class \(c.licenceClass) already exists; send EDIT") }
            if c.state == "EDIT", !exists { return .refused("STATE EDIT: certificate \(c.number) class \(c.licenceClass) does not exist; send ADD") }
            if c.state != "ADD", c.state != "EDIT" { return .refused("STATE: must be ADD or EDIT") }
            state.byKey[c.registryKey] = c
            return .stored(c)
        }
    }

    /// Every certificate of the holder with ID number `id`, newest conclusion first, without `SIGNDATA`.
    public func certificates(forID id: String) -> [HealthCertificate] {
        state.withLock { $0.byKey.values.filter { $0.idNumber == id } }
            .sorted { a, b in Self.sortKey(a) > Self.sortKey(b) || (Self.sortKey(a) == Self.sortKey(b) && a.registryKey < b.registryKey) }
            .map { c -> HealthCertificate in
                var c = c
                c.signData = nil
                return c
            }
    }

    /// Loads the certificates kept in `storage` and keeps every later push there too.
    public func attach(_ storage: any CentralStorage) async throws {
        let loaded = try await storage.allSnapshotRows(dataset: CertificateSnapshotRow.dataset).flatMap {
            try JSONDecoder().decode(CertificateSnapshotRow.self, from: $0.body).certificates
        }
        state.withLock { state in
            for c in loaded { state.byKey[c.registryKey] = c }
            state.storage = storage
        }
    }

    /// Writes the snapshot rows of the holders of `stored` to the attached storage (no-op without one).
    public func persist(_ stored: [HealthCertificate]) async throws {
        guard let storage = state.withLock({ $0.storage }) else { return }
        let rows = try Set(stored.map(\.idNumber)).sorted().map { id in
            CentralAPI.SnapshotEntry(key: id, body: try JSONEncoder().encode(CertificateSnapshotRow(idNumber: id, certificates: certificates(forID: id))))
        }
        if !rows.isEmpty { try await storage.putSnapshotRows(dataset: CertificateSnapshotRow.dataset, rows: rows) }
    }

    private static func sortKey(_ c: HealthCertificate) -> Int {
        guard let d = try? GatewayDate(parsing: c.conclusionDate) else { return 0 }
        return d.year * 10_000 + d.month * 100 + d.day
    }
}
