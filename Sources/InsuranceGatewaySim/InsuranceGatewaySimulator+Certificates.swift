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

    /// `POST /api/hssk/gksk`: validates and stores one certificate (unique by `SO` + `HANGBANGLAI`).
    func pushCertificate(_ c: HealthCertificate) -> CertificateRegistryAnswer {
        func refuse(_ text: String) -> CertificateRegistryAnswer {
            CertificateRegistryAnswer(MSG_STATE: 0, MSG_TEXT: text, IDBENHVIEN: c.facilityCode, SO: c.number, UUID: nil, BENHVIEN: c.facilityName)
        }
        let problems = c.problems(today: GatewayDate(now()))
        if !problems.isEmpty { return refuse(problems.map(\.description).joined(separator: "; ")) }
        guard let sign = c.signData, let data = Data(base64Encoded: sign),
              let xml = String(data: data, encoding: .utf8), xml.hasPrefix("<root>"), xml.hasSuffix("</root>"),
              xml.contains("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"), xml.contains("<SO>\(c.number)</SO>")
        else { return refuse("SIGNDATA: must be Base64 of the record as <root>…</root> with an enveloped XML-DSig signature") }
        let exists = certificates[c.registryKey] != nil
        if c.state == "ADD", exists { return refuse("STATE ADD: certificate \(c.number) class \(c.licenceClass) already exists; send EDIT") }
        if c.state == "EDIT", !exists { return refuse("STATE EDIT: certificate \(c.number) class \(c.licenceClass) does not exist; send ADD") }
        certificates[c.registryKey] = c
        return CertificateRegistryAnswer(
            MSG_STATE: 1, MSG_TEXT: "Thành công", IDBENHVIEN: c.facilityCode, SO: c.number,
            UUID: Foundation.UUID().uuidString, BENHVIEN: c.facilityName)
    }

    /// Our own look-up: every certificate of the holder with ID number `id`, newest first.
    func certificates(forID id: String) -> CertificateRegistryAnswer {
        let found = certificates.values.filter { $0.idNumber == id }
            .sorted { a, b in
                let da = try? GatewayDate(parsing: a.conclusionDate), db = try? GatewayDate(parsing: b.conclusionDate)
                return (da?.year ?? 0, da?.month ?? 0, da?.day ?? 0) > (db?.year ?? 0, db?.month ?? 0, db?.day ?? 0)
            }
            .map { c -> HealthCertificate in
                var c = c
                c.signData = nil
                return c
            }
        return CertificateRegistryAnswer(
            MSG_STATE: 1, MSG_TEXT: found.isEmpty ? "Không có giấy khám sức khỏe" : "Thành công",
            IDBENHVIEN: nil, SO: nil, UUID: nil, BENHVIEN: nil, DANHSACH: found)
    }

    /// Number of stored certificates.
    public var certificateCount: Int { certificates.count }
}
