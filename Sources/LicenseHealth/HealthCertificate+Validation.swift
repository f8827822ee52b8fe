import Eligibility
import Foundation

extension HealthCertificate {
    /// Every rule the record breaks (empty when valid), checked as of `today`.
    public func problems(today: GatewayDate = GatewayDate(Date())) -> [CertificateProblem] {
        var p: [CertificateProblem] = []
        func date(_ field: CodingKeys, _ value: String?) -> GatewayDate? {
            guard let value else { return nil }
            do { return try GatewayDate(parsing: value, field: field.rawValue) } catch {
                p.append(.init(field.rawValue, "expected a date dd/MM/yyyy"))
                return nil
            }
        }
        func required(_ field: CodingKeys, _ value: String) {
            if value.trimmingCharacters(in: .whitespaces).isEmpty { p.append(.init(field.rawValue, "required, empty")) }
        }
        let concluded = date(.conclusionDate, conclusionDate)
        p += CertificateNumber.problems(number, facilityCode: facilityCode, conclusionYear: concluded?.year)
        required(.fullName, fullName)
        required(.address, address)
        required(.idIssuedBy, idIssuedBy)
        required(.facilityCode, facilityCode)
        required(.facilityName, facilityName)
        required(.doctor, doctor)
        if !["0", "1"].contains(sex) { p.append(.init("GIOITINHVAL", "must be 0 (male) or 1 (female), got '\(sex)'")) }
        let born = date(.birthDate, birthDate)
        _ = date(.idIssueDate, idIssueDate)
        let id = idNumber.trimmingCharacters(in: .whitespaces)
        if !((id.count == 12 || id.count == 9) && id.allSatisfy { $0.isASCII && $0.isNumber }) {
            p.append(.init("SOCMND_PASSPORT", "must be the 12-digit ID number (or a 9-digit old ID)"))
        }
        p += alcoholProblems()
        if !["0", "1"].contains(drugTest) { p.append(.init("MATUY", "must be 0 (negative) or 1 (positive), got '\(drugTest)'")) }
        if let concluded {
            if concluded > today { p.append(.init("NGAYKETLUAN", "\(concluded.text) is in the future")) }
            if let born, born >= concluded { p.append(.init("NGAYSINH", "birth date is not before the conclusion date")) }
        }
        switch conclusion {
        case "A0-1": break
        case "A0-2":
            if (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { p.append(.init("LYDO", "required when the conclusion is A0-2 (unfit)")) }
        case "A0-3":
            if reExamDate == nil { p.append(.init("NGAYKHAMLAI", "required when the conclusion is A0-3 (re-examination)")) }
        default: p.append(.init("KETLUAN", "must be A0-1 (fit), A0-2 (unfit) or A0-3 (fit, re-examine), got '\(conclusion)'"))
        }
        if conclusion != "A0-2", drugTest == "1" { p.append(.init("KETLUAN", "a positive drug test cannot conclude fit")) }
        if let re = date(.reExamDate, reExamDate), let concluded, re <= concluded {
            p.append(.init("NGAYKHAMLAI", "re-examination date must be after the conclusion date"))
        }
        if LicenceClass(code: licenceClass) == nil {
            p.append(.init("HANGBANGLAI", "'\(licenceClass)' is not a licence class; use one of " + LicenceClass.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        if !["ADD", "EDIT"].contains(state) { p.append(.init("STATE", "must be ADD or EDIT, got '\(state)'")) }
        for (name, value) in wireFields where value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }) {
            p.append(.init(name, "contains a control character that XML cannot carry"))
        }
        return p
    }

    /// Throws `.invalidCertificate` listing every problem, if any.
    public func validate(today: GatewayDate = GatewayDate(Date())) throws(LicenseHealthError) {
        let found = problems(today: today)
        if !found.isEmpty { throw .invalidCertificate(found) }
    }

    private func alcoholProblems() -> [CertificateProblem] {
        var p: [CertificateProblem] = []
        let limit: Double
        switch alcoholUnit {
        case "0": limit = 500  // mg/100 ml blood
        case "1": limit = 5  // mg/l breath
        default:
            return [.init("DVINONGDOCON", "must be 0 (mg/100 ml blood) or 1 (mg/l breath), got '\(alcoholUnit)'")]
        }
        let text = alcoholLevel.trimmingCharacters(in: .whitespaces)
        let isDecimal = !text.isEmpty && text.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." } && text.filter { $0 == "." }.count <= 1
        if let v = Double(text), isDecimal {
            if v > limit { p.append(.init("NONGDOCON", "\(text) is not plausible in \(alcoholUnit == "0" ? "mg/100 ml blood" : "mg/l breath") — check the unit")) }
        } else {
            p.append(.init("NONGDOCON", "must be a decimal number with a dot, e.g. 0 or 0.25, got '\(alcoholLevel)'"))
        }
        return p
    }
}

/// The certificate number `NNNNN/GKSKLX/<facility code>/<yy>`, at most 21 characters.
public enum CertificateNumber {
    /// Problems with `number` (empty when it is well formed and matches the facility and year).
    public static func problems(_ number: String, facilityCode: String, conclusionYear: Int?) -> [CertificateProblem] {
        if number.count > 21 { return [.init("SO", "at most 21 characters, this one has \(number.count)")] }
        let parts = number.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].count == 5, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              parts[1] == "GKSKLX", !parts[2].isEmpty, parts[2].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              parts[3].count == 2, parts[3].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return [.init("SO", "must look like NNNNN/GKSKLX/<facility code>/<yy>, e.g. 00042/GKSKLX/79001/26")] }
        var p: [CertificateProblem] = []
        if parts[2] != facilityCode { p.append(.init("SO", "facility part '\(parts[2])' differs from IDBENHVIEN")) }
        if let y = conclusionYear, Int(parts[3]) != y % 100 { p.append(.init("SO", "year part '\(parts[3])' differs from the conclusion year \(y)")) }
        return p
    }
}
