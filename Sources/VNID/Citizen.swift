import LDS

/// A citizen record merged from DG13 (Vietnamese personal data) and DG1 (MRZ), with every disagreement
/// between the two, and with the ID numbering rules, listed in `discrepancies`.
public struct Citizen: Sendable, Hashable {
    /// From DG13 field 1, else the MRZ optional data of line 1.
    public var idNumber: String?
    /// DG13's full name (with diacritics); the MRZ name when DG13 has none.
    public var fullName: String?
    public var dateOfBirth: VNDate?
    public var sex: VNSex?
    public var nationality: String?
    public var ethnicity: String?
    public var religion: String?
    public var placeOfOrigin: String?
    public var placeOfResidence: String?
    public var identifyingMarks: String?
    public var dateOfIssue: VNDate?
    public var dateOfExpiry: VNDate?
    public var fatherName: String?
    public var motherName: String?
    public var spouseName: String?
    public var oldIDNumber: String?
    /// The sources as parsed.
    public var dg13: DG13?
    public var mrz: MRZ?
    /// Every disagreement found; empty when both sources agree.
    public var discrepancies: [CitizenDiscrepancy]
    /// Facts worth reporting that are not errors (e.g. the MRZ expiry of a no-expiry card).
    public var notes: [String]

    /// Merges and cross-checks; either source may be missing (that is reported too).
    public init(dg13: DG13?, mrz: MRZ?) {
        self.dg13 = dg13
        self.mrz = mrz
        var issues: [CitizenDiscrepancy] = []
        var notes: [String] = []
        let mrzID = mrz.flatMap { Citizen.idFromMRZ($0) }
        idNumber = dg13?.idNumber ?? mrzID
        fullName = dg13?.fullName ?? mrz.map { [$0.primaryIdentifier, $0.secondaryIdentifier].filter { !$0.isEmpty }.joined(separator: " ") }
        dateOfBirth = dg13?.dateOfBirth ?? mrz.flatMap { Citizen.birthDate($0, id: mrzID) }
        sex = dg13?.sex ?? mrz.flatMap { VNSex(mrz: $0.sex) }
        nationality = dg13?.nationality
        ethnicity = dg13?.ethnicity
        religion = dg13?.religion
        placeOfOrigin = dg13?.placeOfOrigin
        placeOfResidence = dg13?.placeOfResidence
        identifyingMarks = dg13?.identifyingMarks
        dateOfIssue = dg13?.dateOfIssue
        dateOfExpiry = dg13?.dateOfExpiry ?? mrz?.dateOfExpiry.asExpiryDate().map(VNDate.day)
        fatherName = dg13?.fatherName
        motherName = dg13?.motherName
        spouseName = dg13?.spouseName
        oldIDNumber = dg13?.oldIDNumber

        if dg13 == nil { issues.append(.init(.missingSource, "DG13 was not read: Vietnamese fields are missing")) }
        if mrz == nil { issues.append(.init(.missingSource, "DG1 was not read: nothing to cross-check DG13 against")) }
        if let dg13 { Citizen.checkDates(dg13, &issues) }
        if let mrz {
            for c in mrz.failedChecks { issues.append(.init(.mrzCheckDigit, "MRZ \(c)")) }
            if Citizen.mrzIDCheckDigitPasses(mrz) == false {
                issues.append(.init(.mrzCheckDigit, "MRZ check digit after the ID in the optional data is wrong"))
            }
            if let dg13 { Citizen.crossCheck(dg13, mrz, mrzID: mrzID, &issues, &notes) }
        }
        if let text = idNumber {
            do {
                let id = try CitizenID(text)
                for i in id.issues(dateOfBirth: dateOfBirth?.calendarDate, birthYear: dateOfBirth?.year, sex: sex) {
                    issues.append(.init(.idNumberRules, i.description))
                }
            } catch {
                issues.append(.init(.idNumberRules, error.description))
            }
        }
        discrepancies = issues
        self.notes = notes
    }

    /// The MRZ birth date with the century taken from the ID's digit 4 (the MRZ does not carry it).
    static func birthDate(_ mrz: MRZ, id: String?) -> VNDate? {
        guard let id, let cid = try? CitizenID(id), let yy = mrz.dateOfBirth.yy, let m = mrz.dateOfBirth.month,
            let d = mrz.dateOfBirth.day, let date = CalendarDate(year: cid.century + yy, month: m, day: d)
        else { return nil }
        return .day(date)
    }

    /// The 12-digit ID from TD1 optional data, when it is there.
    static func idFromMRZ(_ mrz: MRZ) -> String? {
        let digits = mrz.optionalData1.prefix(12)
        return digits.count == 12 && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? String(digits) : nil
    }

    /// Whether the ID's own check digit, when the optional data ends with one (`ID<<d`), is right; nil when absent.
    static func mrzIDCheckDigitPasses(_ mrz: MRZ) -> Bool? {
        let data = Array(mrz.optionalData1)
        guard data.count > 12, let last = data.last, last.isASCII, last.isNumber, let id = idFromMRZ(mrz),
            data[12..<(data.count - 1)].allSatisfy({ $0 == "<" })
        else { return nil }
        return MRZ.checkDigit(id) == last.wholeNumberValue
    }

    private static func checkDates(_ dg13: DG13, _ issues: inout [CitizenDiscrepancy]) {
        let dates: [(String, VNDate?)] = [("date of birth", dg13.dateOfBirth), ("date of issue", dg13.dateOfIssue), ("date of expiry", dg13.dateOfExpiry)]
        for (name, date) in dates {
            if case .unrecognized = date { issues.append(.init(.unreadableField, "DG13 \(name) is in no known date format")) }
        }
        if dg13.sexText != nil { issues.append(.init(.unreadableField, "DG13 sex is neither Nam nor Nữ")) }
    }

    private static func crossCheck(_ dg13: DG13, _ mrz: MRZ, mrzID: String?, _ issues: inout [CitizenDiscrepancy],
        _ notes: inout [String])
    {
        if let id = dg13.idNumber {
            if let mrzID, mrzID != id { issues.append(.init(.idNumber, "ID number in DG13 differs from the MRZ optional data")) }
            if mrzID == nil { issues.append(.init(.idNumber, "the MRZ optional data holds no 12-digit ID to compare with DG13")) }
            if id.count == 12, !mrz.documentNumber.isEmpty, mrz.documentNumber != String(id.suffix(9)) {
                issues.append(.init(.idNumber, "MRZ document number is not the last 9 digits of the DG13 ID"))
            }
        }
        if let name = dg13.fullName, !namesMatch(name, mrz) {
            issues.append(.init(.name, "name in DG13 does not match the MRZ name"))
        }
        if let dob = dg13.dateOfBirth {
            switch dob {
            case .day(let d) where !mrz.dateOfBirth.matches(d):
                issues.append(.init(.dateOfBirth, "date of birth in DG13 differs from the MRZ"))
            case .year(let y), .monthYear(let y, _):
                if mrz.dateOfBirth.yy != y % 100 { issues.append(.init(.dateOfBirth, "birth year in DG13 differs from the MRZ")) }
            default: break
            }
        }
        if let s = dg13.sex, let m = VNSex(mrz: mrz.sex), s != m { issues.append(.init(.sex, "sex in DG13 differs from the MRZ")) }
        switch dg13.dateOfExpiry {
        case .day(let d)? where !mrz.dateOfExpiry.matches(d):
            issues.append(.init(.dateOfExpiry, "date of expiry in DG13 differs from the MRZ"))
        case .noExpiry?:
            notes.append("DG13 says no expiry; the MRZ expiry field holds \"\(mrz.dateOfExpiry.raw)\"")
        default: break
        }
    }

    /// True when the MRZ name equals DG13's name folded to MRZ characters, allowing MRZ truncation.
    static func namesMatch(_ name: String, _ mrz: MRZ) -> Bool {
        let full = VNText.foldedWords(name)
        let mrzWords = (mrz.primaryIdentifier + " " + mrz.secondaryIdentifier).split(separator: " ").map(String.init)
        if full == mrzWords { return true }
        let a = full.joined(separator: " "), b = mrzWords.joined(separator: " ")
        let truncated = mrz.lines.last.map { !$0.hasSuffix("<") } ?? false
        return truncated && !b.isEmpty && a.hasPrefix(b)
    }
}

/// One disagreement found while merging, described without personal data.
public struct CitizenDiscrepancy: Sendable, Hashable, CustomStringConvertible {
    /// What disagrees.
    public enum Kind: String, Sendable, Hashable, Codable {
        case missingSource, idNumber, idNumberRules, name, dateOfBirth, sex, dateOfExpiry, mrzCheckDigit, unreadableField
    }

    public var kind: Kind
    public var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
