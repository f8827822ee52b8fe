/// A machine readable zone (ICAO 9303-4/5/6): TD1 (3×30), TD2 (2×36) or TD3 (2×44), with every
/// check digit verified and reported.
public struct MRZ: Sendable, Hashable {
    /// The document format, from the MRZ length.
    public enum Format: String, Sendable, Hashable, Codable {
        case td1, td2, td3
        /// Characters per line.
        public var lineLength: Int { self == .td1 ? 30 : (self == .td2 ? 36 : 44) }
        /// Number of lines.
        public var lineCount: Int { self == .td1 ? 3 : 2 }
    }

    /// Holder's sex as printed in the MRZ.
    public enum Sex: String, Sendable, Hashable, Codable {
        case male = "M", female = "F", unspecified = "<"
    }

    public var format: Format
    /// The lines as read, fillers included.
    public var lines: [String]
    /// Document code without fillers (`"ID"`, `"I"`, `"P"`).
    public var documentCode: String
    /// Issuing state or organisation (`"VNM"`).
    public var issuingState: String
    /// Document number without fillers; for TD1 long numbers the extension from the optional data is appended.
    public var documentNumber: String
    /// Optional data of line 1 (TD1) or the personal number (TD3), fillers trimmed at the end.
    public var optionalData1: String
    /// Optional data of line 2 (TD1, TD2), fillers trimmed at the end.
    public var optionalData2: String
    public var dateOfBirth: MRZDate
    public var sex: Sex
    public var dateOfExpiry: MRZDate
    public var nationality: String
    /// Primary identifier (surname), name parts separated by single spaces.
    public var primaryIdentifier: String
    /// Secondary identifier (given names), name parts separated by single spaces.
    public var secondaryIdentifier: String
    /// Every check digit of the format, in MRZ order.
    public var checks: [MRZCheck]

    /// Check digits that did not match.
    public var failedChecks: [MRZCheck] { checks.filter { !$0.passed } }

    /// True when every check digit matched.
    public var allChecksPass: Bool { checks.allSatisfy(\.passed) }

    /// The MRZ information used to derive BAC keys: document number, birth and expiry dates with their
    /// check digits (ICAO 9303-11 §9.7.2), computed from the parsed values.
    public var keySeedInformation: String {
        MRZ.keySeedInformation(documentNumber: documentNumber, dateOfBirth: dateOfBirth.raw, dateOfExpiry: dateOfExpiry.raw)
    }

    /// `documentNumber` padded to at least 9 characters + check digit + birth date + check + expiry + check.
    public static func keySeedInformation(documentNumber: String, dateOfBirth: String, dateOfExpiry: String) -> String {
        let number = documentNumber.count < 9
            ? documentNumber + String(repeating: "<", count: 9 - documentNumber.count) : documentNumber
        func withCheck(_ s: String) -> String { s + (checkDigit(s).map(String.init) ?? "<") }
        return withCheck(number) + withCheck(dateOfBirth) + withCheck(dateOfExpiry)
    }

    /// The ICAO 9303-3 §4.9 check digit (weights 7, 3, 1; `<` = 0, A–Z = 10–35); nil when `text`
    /// contains a character outside the MRZ alphabet.
    public static func checkDigit(_ text: String) -> Int? {
        checkDigit(Array(text.utf8))
    }

    static func checkDigit(_ bytes: some Collection<UInt8>) -> Int? {
        let weights = [7, 3, 1]
        var sum = 0
        for (i, b) in bytes.enumerated() {
            let v: Int
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = Int(b) - 48
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = Int(b) - 55
            case UInt8(ascii: "<"): v = 0
            default: return nil
            }
            sum += v * weights[i % 3]
        }
        return sum % 10
    }
}

/// One verified check digit.
public struct MRZCheck: Sendable, Hashable, CustomStringConvertible {
    /// What a check digit protects.
    public enum Field: String, Sendable, Hashable, Codable {
        case documentNumber, dateOfBirth, dateOfExpiry, personalNumber, composite
    }

    public var field: Field
    /// The digit computed from the data.
    public var computed: Int
    /// The character found in the MRZ.
    public var found: Character
    /// True when `found` equals `computed` (or, for an empty optional personal number, is `<`).
    public var passed: Bool

    public var description: String {
        "\(field.rawValue) check digit \(passed ? "ok" : "wrong: found \(found), computed \(computed)")"
    }
}

/// A `YYMMDD` date from the MRZ; the century is not encoded, so resolve it with the methods below.
public struct MRZDate: Sendable, Hashable, CustomStringConvertible {
    /// The six characters as read.
    public var raw: String
    /// Two-digit year, month and day; nil when the characters are not digits (e.g. `<` for unknown).
    public var yy: Int?, month: Int?, day: Int?

    init(raw: String) {
        self.raw = raw
        let chars = Array(raw.utf8)
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= chars.count else { return nil }
            let s = chars[r]
            guard s.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return s.reduce(0) { $0 * 10 + Int($1) - 48 }
        }
        yy = num(0..<2)
        month = num(2..<4)
        day = num(4..<6)
    }

    /// The date assuming the most recent century not after `today` (for birth dates).
    public func asBirthDate(today: CalendarDate) -> CalendarDate? {
        guard let yy, let month, let day else { return nil }
        let year = 2000 + yy > today.year ? 1900 + yy : 2000 + yy
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The date in 20YY (for expiry dates of current documents).
    public func asExpiryDate() -> CalendarDate? {
        guard let yy, let month, let day else { return nil }
        return CalendarDate(year: 2000 + yy, month: month, day: day)
    }

    /// True when year, month and day equal those of `date` (century ignored).
    public func matches(_ date: CalendarDate) -> Bool {
        yy == date.year % 100 && month == date.month && day == date.day
    }

    public var description: String { raw }
}
