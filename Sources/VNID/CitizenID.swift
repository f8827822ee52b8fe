import LDS

/// A 12-digit Vietnamese personal ID number (số định danh cá nhân). `description` is masked.
public struct CitizenID: Sendable, Hashable, CustomStringConvertible {
    /// The 12 digits.
    public let digits: String

    /// Accepts exactly 12 ASCII digits (spaces and dots are ignored); throws otherwise.
    public init(_ text: String) throws(VNIDError) {
        let cleaned = text.filter { $0 != " " && $0 != "." }
        guard cleaned.count == 12 else { throw .invalidIDNumber(reason: "it has \(cleaned.count) characters, not 12 digits") }
        guard cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .invalidIDNumber(reason: "it contains a character that is not a digit") }
        digits = cleaned
    }

    private var d: [Int] { digits.utf8.map { Int($0) - 48 } }

    /// Digits 1–3: province code of birth registration.
    public var provinceCode: String { String(digits.prefix(3)) }
    /// The province's name, nil when the code is not in `ProvinceCode`.
    public var provinceName: String? { ProvinceCode.name(provinceCode) }
    /// Digit 4 even → male, odd → female.
    public var sex: VNSex { d[3] % 2 == 0 ? .male : .female }
    /// First year of the birth century from digit 4 (0/1 → 1900, 2/3 → 2000, 4/5 → 2100 …).
    public var century: Int { 1900 + d[3] / 2 * 100 }
    /// The birth year from digits 4–6.
    public var birthYear: Int { century + d[4] * 10 + d[5] }
    /// The card access number guess: the last 6 digits.
    public var can: String { String(digits.suffix(6)) }
    /// The BAC document number: the last 9 digits.
    public var bacDocumentNumber: String { String(digits.suffix(9)) }
    /// `0010******45`.
    public var masked: String { Masking.idNumber(digits) }
    public var description: String { masked }

    /// What disagrees with the numbering rules, given what else is known; empty when nothing does.
    public func issues(dateOfBirth: CalendarDate? = nil, birthYear year: Int? = nil, sex other: VNSex? = nil) -> [CitizenIDIssue] {
        var out: [CitizenIDIssue] = []
        if provinceName == nil { out.append(.unknownProvinceCode(provinceCode)) }
        if let y = dateOfBirth?.year ?? year, y != birthYear { out.append(.birthYearMismatch(fromID: birthYear, fromDateOfBirth: y)) }
        if let other, other != sex { out.append(.sexMismatch(fromID: sex, stated: other)) }
        return out
    }
}

/// A disagreement between an ID number and its rules or other data.
public enum CitizenIDIssue: Sendable, Hashable, CustomStringConvertible {
    case unknownProvinceCode(String)
    case birthYearMismatch(fromID: Int, fromDateOfBirth: Int)
    case sexMismatch(fromID: VNSex, stated: VNSex)

    public var description: String {
        switch self {
        case .unknownProvinceCode(let c): "province code \(c) is not in the table of 63 provinces"
        case .birthYearMismatch(let a, let b): "ID digits 4–6 give birth year \(a), the date of birth says \(b)"
        case .sexMismatch(let a, let b): "ID digit 4 gives sex \(a.rawValue), the card says \(b.rawValue)"
        }
    }
}
