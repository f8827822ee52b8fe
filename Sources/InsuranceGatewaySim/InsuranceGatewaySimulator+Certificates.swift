import Eligibility
import Foundation
import LicenseHealth

/// The gateway's answer to a certificate push or look-up.
public struct CertificateRegistryAnswer: Sendable, Codable, Equatable {
    public var MSG_STATE: Int
    public var MSG_TEXT: String
    public var IDBENHVIEN: String?
    public var SO: String?
    public var UUID: String?
    public var BENHVIEN: String?
    /// Look-up only: the holder's certificates (without `SIGNDATA`).
    public var DANHSACH: [HealthCertificate]?
}

extension InsuranceGatewaySimulator {
    /// Checks the `Username`/`Password` (MD5) headers of the certificate endpoints.
    func facilityAuthorised(username: String?, passwordMD5: String?) -> Bool {
        guard let username, let pw = passwordMD5 else { return false }
        return accounts[username] == pw.lowercased()
    }

    /// `POST /api/hssk/gksk`: validates and stores one certificate (unique by `SO` + `HANGBANGLAI`), kept in the attached storage.
    func pushCertificate(_ c: HealthCertificate) async throws -> CertificateRegistryAnswer {
        switch registry.push(c, today: GatewayDate(now())) {
        case .refused(let text):
            return CertificateRegistryAnswer(MSG_STATE: 0, MSG_TEXT: text, IDBENHVIEN: c.facilityCode, SO: c.number, UUID: nil, BENHVIEN: c.facilityName)
        case .stored(let stored):
            try await registry.persist([stored])
            return CertificateRegistryAnswer(
                MSG_STATE: 1, MSG_TEXT: "Thành công", IDBENHVIEN: c.facilityCode, SO: c.number,
                UUID: Foundation.UUID().uuidString, BENHVIEN: c.facilityName)
        }
    }

    /// Our own look-up: every certificate of the holder with ID number `id`, newest first.
    func certificates(forID id: String) -> CertificateRegistryAnswer {
        let found = registry.certificates(forID: id)
        return CertificateRegistryAnswer(
            MSG_STATE: 1, MSG_TEXT: found.isEmpty ? "Không có giấy khám sức khỏe" : "Thành công",
            IDBENHVIEN: nil, SO: nil, UUID: nil, BENHVIEN: nil, DANHSACH: found)
    }

    /// Number of stored certificates.
    public var certificateCount: Int { registry.count }
}
