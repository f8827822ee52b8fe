/// One look-up: who (12-digit ID number or 15-character card code), the name and the birth date.
public struct EligibilityQuery: Sendable, Codable, Equatable, Hashable {
    /// What `maThe` carries.
    public enum Subject: Sendable, Codable, Equatable, Hashable {
        case idNumber(String)
        case card(CardCode)
    }

    public var subject: Subject
    public var name: PersonName
    public var birthDate: BirthDate

    public init(subject: Subject, name: PersonName, birthDate: BirthDate) {
        self.subject = subject
        self.name = name
        self.birthDate = birthDate
    }

    /// A look-up by the chip's 12-digit ID number; checks the digits.
    public init(idNumber: String, name: String, birthDate: String) throws(EligibilityError) {
        let id = idNumber.trimmingCharacters(in: .whitespaces)
        guard id.count == 12, id.allSatisfy(\.isASCIIDigit) else {
            throw .invalidInput(field: "idNumber", reason: "an ID number has 12 digits")
        }
        self.init(subject: .idNumber(id), name: try PersonName(name), birthDate: try BirthDate(parsing: birthDate))
    }

    /// A look-up by the 15-character card code.
    public init(cardCode: String, name: String, birthDate: String) throws(EligibilityError) {
        self.init(subject: .card(try CardCode(cardCode)), name: try PersonName(name), birthDate: try BirthDate(parsing: birthDate))
    }

    /// The `maThe` value.
    public var maThe: String {
        switch subject {
        case .idNumber(let id): id
        case .card(let c): c.value
        }
    }

    /// The subject masked for logs (`0010******45`).
    public var maskedSubject: String {
        switch subject {
        case .idNumber(let id): String(id.prefix(4)) + "******" + String(id.suffix(2))
        case .card(let c): c.masked
        }
    }
}
