/// A 15-character health-insurance card code: group (2 letters), benefit level (1 digit),
/// province (2 digits), social-insurance number (10 digits) — DOMAIN.md §2.
public struct CardCode: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// The code as printed, upper case.
    public let value: String

    /// Parses and checks the shape; throws `.invalidInput(field: "cardCode", …)` naming what is wrong.
    public init(_ text: String) throws(EligibilityError) {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        let chars = Array(code.unicodeScalars)
        guard chars.count == 15 else {
            throw .invalidInput(field: "cardCode", reason: "a card code has 15 characters, this one has \(chars.count)")
        }
        guard chars[0..<2].allSatisfy({ $0.isASCIIUpper }) else {
            throw .invalidInput(field: "cardCode", reason: "characters 1–2 must be letters (beneficiary group)")
        }
        guard let level = chars[2].asciiDigit, (1...5).contains(level) else {
            throw .invalidInput(field: "cardCode", reason: "character 3 must be the benefit level 1–5")
        }
        guard chars[3...].allSatisfy({ $0.asciiDigit != nil }) else {
            throw .invalidInput(field: "cardCode", reason: "characters 4–15 must be digits")
        }
        value = code
    }

    /// Beneficiary group, e.g. `DN` (employees), `HS` (pupils), `GD` (households), `TE` (children under 6).
    public var group: String { String(value.prefix(2)) }
    /// Benefit level 1–5 (character 3).
    public var benefitLevel: Int { Int(String(value.dropFirst(2).prefix(1))) ?? 0 }
    /// Share of the covered cost the fund pays: levels 1, 2 and 5 pay 100 %, 3 pays 95 %, 4 pays 80 %.
    public var coveragePercent: Int {
        switch benefitLevel {
        case 3: 95
        case 4: 80
        default: 100
        }
    }
    /// Share the patient pays (100 − coverage).
    public var coPaymentPercent: Int { 100 - coveragePercent }
    /// Province code (characters 4–5).
    public var provinceCode: String { String(value.dropFirst(3).prefix(2)) }
    /// Social-insurance number (last 10 digits). Personal data: do not log.
    public var socialInsuranceNumber: String { String(value.suffix(10)) }
    /// The code with the social-insurance number masked, for logs.
    public var masked: String { String(value.prefix(5)) + "******" + String(value.suffix(4)) }
    public var description: String { masked }

    /// True when `text` has the shape of a card code (15 characters, letters first).
    public static func looksLikeCardCode(_ text: String) -> Bool { (try? CardCode(text)) != nil }
}

extension Unicode.Scalar {
    var isASCIIUpper: Bool { ("A"..."Z").contains(self) }
    var asciiDigit: Int? { ("0"..."9").contains(self) ? Int(value - 48) : nil }
}
