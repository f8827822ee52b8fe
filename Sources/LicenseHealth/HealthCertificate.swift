import Foundation
import Eligibility

/// A driver health-check certificate with every field of the gateway's `gksk` record
/// (DOMAIN.md §3); all values are strings on the wire.
public struct HealthCertificate: Sendable, Codable, Equatable {
    /// Certificate number `NNNNN/GKSKLX/<facility>/<yy>` (`SO`).
    public var number: String
    /// Full name (`HOTEN`).
    public var fullName: String
    /// `0` male, `1` female (`GIOITINHVAL`).
    public var sex: String
    /// Date of birth, `dd/MM/yyyy` (`NGAYSINH`).
    public var birthDate: String
    /// Permanent address (`DIACHITHUONGTRU`).
    public var address: String
    public var provinceCode: String
    public var districtCode: String
    public var communeCode: String
    /// ID number (`SOCMND_PASSPORT`). Personal data: never log.
    public var idNumber: String
    /// Date the ID was issued (`NGAYTHANGNAMCAPCMND`).
    public var idIssueDate: String
    /// Issuing authority (`NOICAP`).
    public var idIssuedBy: String
    /// Facility code (`IDBENHVIEN`).
    public var facilityCode: String
    /// Facility name (`BENHVIEN`).
    public var facilityName: String
    /// Alcohol level (`NONGDOCON`), a decimal number.
    public var alcoholLevel: String
    /// `0` mg/100 ml blood, `1` mg/l breath (`DVINONGDOCON`).
    public var alcoholUnit: String
    /// Drug test: `0` negative, `1` positive (`MATUY`).
    public var drugTest: String
    /// Conclusion date (`NGAYKETLUAN`).
    public var conclusionDate: String
    /// Concluding doctor (`BACSYKETLUAN`).
    public var doctor: String
    /// `A0-1` fit, `A0-2` unfit, `A0-3` fit with re-examination (`KETLUAN`).
    public var conclusion: String
    /// Licence class (`HANGBANGLAI`).
    public var licenceClass: String
    /// Re-examination date (`NGAYKHAMLAI`), optional.
    public var reExamDate: String?
    /// Reason when unfit (`LYDO`), optional.
    public var reason: String?
    /// Health condition (`TINHTRANGBENH`), optional. Sensitive data.
    public var condition: String?
    /// `ADD` or `EDIT` (`STATE`).
    public var state: String
    /// Base64 of the signed XML record (`SIGNDATA`).
    public var signData: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case number = "SO", fullName = "HOTEN", sex = "GIOITINHVAL", birthDate = "NGAYSINH"
        case address = "DIACHITHUONGTRU", provinceCode = "MATINH_THUONGTRU", districtCode = "MAHUYEN_THUONGTRU"
        case communeCode = "MAXA_THUONGTRU", idNumber = "SOCMND_PASSPORT", idIssueDate = "NGAYTHANGNAMCAPCMND"
        case idIssuedBy = "NOICAP", facilityCode = "IDBENHVIEN", facilityName = "BENHVIEN"
        case alcoholLevel = "NONGDOCON", alcoholUnit = "DVINONGDOCON", drugTest = "MATUY"
        case conclusionDate = "NGAYKETLUAN", doctor = "BACSYKETLUAN", conclusion = "KETLUAN"
        case licenceClass = "HANGBANGLAI", reExamDate = "NGAYKHAMLAI", reason = "LYDO"
        case condition = "TINHTRANGBENH", state = "STATE", signData = "SIGNDATA"
    }

    /// The record's fields in wire order, without `SIGNDATA`; optional fields only when present.
    public var wireFields: [(name: String, value: String)] {
        let all: [(CodingKeys, String?)] = [
            (.number, number), (.fullName, fullName), (.sex, sex), (.birthDate, birthDate), (.address, address),
            (.provinceCode, provinceCode), (.districtCode, districtCode), (.communeCode, communeCode),
            (.idNumber, idNumber), (.idIssueDate, idIssueDate), (.idIssuedBy, idIssuedBy),
            (.facilityCode, facilityCode), (.facilityName, facilityName), (.alcoholLevel, alcoholLevel),
            (.alcoholUnit, alcoholUnit), (.drugTest, drugTest), (.conclusionDate, conclusionDate),
            (.doctor, doctor), (.conclusion, conclusion), (.licenceClass, licenceClass),
            (.reExamDate, reExamDate), (.reason, reason), (.condition, condition), (.state, state),
        ]
        return all.compactMap { key, value in value.map { (key.rawValue, $0) } }
    }

    /// Unique key of a record at the gateway: number + licence class.
    public var registryKey: String { number + "|" + licenceClass }
}

/// Identity fields taken from a chip-verified card, never typed.
public struct VerifiedIdentity: Sendable, Equatable {
    public var idNumber: String
    public var fullName: String
    /// `dd/MM/yyyy`.
    public var birthDate: String
    /// `Nam` or `Nữ`, as on the card.
    public var sex: String
    public var address: String
    public var idIssueDate: String
    /// True only when passive authentication (and chip or active authentication) succeeded.
    public var chipVerified: Bool
    public init(idNumber: String, fullName: String, birthDate: String, sex: String, address: String, idIssueDate: String, chipVerified: Bool) {
        self.idNumber = idNumber
        self.fullName = fullName
        self.birthDate = birthDate
        self.sex = sex
        self.address = address
        self.idIssueDate = idIssueDate
        self.chipVerified = chipVerified
    }
}

/// The facility issuing certificates.
public struct Facility: Sendable, Equatable {
    public var code: String
    public var name: String
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// The doctor's findings for one examination.
public struct DoctorConclusion: Sendable, Equatable {
    public var sequence: Int
    public var licenceClass: LicenceClass
    public var conclusion: String
    public var conclusionDate: GatewayDate
    public var doctor: String
    public var alcoholLevel: String
    public var alcoholUnit: String
    public var drugTest: String
    public var reExamDate: GatewayDate?
    public var reason: String?
    public var condition: String?
    public init(
        sequence: Int, licenceClass: LicenceClass, conclusion: String, conclusionDate: GatewayDate, doctor: String,
        alcoholLevel: String = "0", alcoholUnit: String = "0", drugTest: String = "0",
        reExamDate: GatewayDate? = nil, reason: String? = nil, condition: String? = nil
    ) {
        self.sequence = sequence
        self.licenceClass = licenceClass
        self.conclusion = conclusion
        self.conclusionDate = conclusionDate
        self.doctor = doctor
        self.alcoholLevel = alcoholLevel
        self.alcoholUnit = alcoholUnit
        self.drugTest = drugTest
        self.reExamDate = reExamDate
        self.reason = reason
        self.condition = condition
    }
}

extension HealthCertificate {
    /// A new certificate from the chip-verified identity, the facility and the doctor's conclusion.
    /// Address codes (province/district/commune) are left for the clinic system to fill.
    public init(identity: VerifiedIdentity, facility: Facility, conclusion c: DoctorConclusion, issuedIn: String = "Cục Cảnh sát QLHC về TTXH") {
        let seq = String(c.sequence % 100_000)
        number = String(repeating: "0", count: 5 - seq.count) + seq + "/GKSKLX/" + facility.code + "/"
            + String(format: "%02d", c.conclusionDate.year % 100)
        fullName = identity.fullName
        sex = identity.sex.precomposedStringWithCanonicalMapping.lowercased().hasPrefix("n\u{1EEF}") || identity.sex.lowercased() == "nu" ? "1" : "0"
        birthDate = identity.birthDate
        address = identity.address
        provinceCode = ""
        districtCode = ""
        communeCode = ""
        idNumber = identity.idNumber
        idIssueDate = identity.idIssueDate
        idIssuedBy = issuedIn
        facilityCode = facility.code
        facilityName = facility.name
        alcoholLevel = c.alcoholLevel
        alcoholUnit = c.alcoholUnit
        drugTest = c.drugTest
        conclusionDate = c.conclusionDate.text
        doctor = c.doctor
        conclusion = c.conclusion
        licenceClass = c.licenceClass.rawValue
        reExamDate = c.reExamDate?.text
        reason = c.reason
        condition = c.condition
        state = "ADD"
        signData = nil
    }
}
