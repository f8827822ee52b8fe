/// The password that opens the chip: the MRZ information or a card access number.
public enum AccessKey: Sendable, Hashable {
    /// Document number, date of birth and date of expiry (for BAC, or PACE with the MRZ password).
    case mrz(MRZKey)
    /// A card access number (PACE only).
    case can(String)

    /// The PACE password reference of MSE:Set AT (1 = MRZ, 2 = CAN).
    package var paceReference: UInt8 {
        switch self {
        case .mrz: 1
        case .can: 2
        }
    }

    /// The PACE password bytes before K_π derivation (ICAO 9303-11 §4.4.4.1).
    package func pacePassword() throws(EMRTDError) -> [UInt8] {
        switch self {
        case .mrz(let key): return try DigestAlgorithm.sha1.hash(Array(key.mrzInformation.utf8))
        case .can(let can):
            guard !can.isEmpty, can.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw .invalidKey("a CAN must be digits only")
            }
            return Array(can.utf8)
        }
    }

    /// A name for reports that reveals no digits.
    public var kind: String {
        switch self {
        case .mrz: "MRZ"
        case .can: "CAN"
        }
    }

    /// K_π for PACE with `cipher`.
    package func paceKey(cipher: SessionCipher) throws(EMRTDError) -> [UInt8] {
        try KeyDerivation.derive(pacePassword(), counter: KeyDerivation.passwordCounter, cipher: cipher)
    }
}

/// The MRZ fields BAC and PACE-MRZ derive their keys from. Validated on creation.
public struct MRZKey: Sendable, Hashable {
    /// Document number as printed in the MRZ, padded with `<` to at least 9 characters.
    public let documentNumber: String
    /// YYMMDD.
    public let dateOfBirth: String
    /// YYMMDD.
    public let dateOfExpiry: String

    public init(documentNumber: String, dateOfBirth: String, dateOfExpiry: String) throws(EMRTDError) {
        let upper = documentNumber.uppercased()
        guard !upper.isEmpty, upper.utf8.allSatisfy({ Self.mrzCharacter($0) }) else {
            throw .invalidKey("document number may hold only A–Z, 0–9 and <")
        }
        for (name, date) in [("date of birth", dateOfBirth), ("date of expiry", dateOfExpiry)] {
            guard date.utf8.count == 6, date.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw .invalidKey("\(name) must be YYMMDD")
            }
        }
        self.documentNumber = upper.utf8.count < 9 ? upper + String(repeating: "<", count: 9 - upper.utf8.count) : upper
        self.dateOfBirth = dateOfBirth
        self.dateOfExpiry = dateOfExpiry
    }

    /// `document number + check digit + birth date + check digit + expiry + check digit` (ICAO 9303-11 §9.7.2).
    public var mrzInformation: String {
        documentNumber + String(Self.checkDigit(documentNumber)) + dateOfBirth + String(Self.checkDigit(dateOfBirth))
            + dateOfExpiry + String(Self.checkDigit(dateOfExpiry))
    }

    /// The ICAO 9303-3 check digit (weights 7, 3, 1; `<` counts 0, letters 10–35).
    public static func checkDigit(_ text: String) -> Int {
        let weights = [7, 3, 1]
        var sum = 0
        for (i, c) in text.utf8.enumerated() {
            let v: Int
            switch c {
            case 0x30...0x39: v = Int(c - 0x30)
            case 0x41...0x5A: v = Int(c - 0x41) + 10
            default: v = 0
            }
            sum += v * weights[i % 3]
        }
        return sum % 10
    }

    /// The BAC key seed: the first 16 bytes of SHA-1(MRZ information).
    package func keySeed() throws(EMRTDError) -> [UInt8] {
        Array(try DigestAlgorithm.sha1.hash(Array(mrzInformation.utf8)).prefix(16))
    }

    private static func mrzCharacter(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || c == 0x3C }
}
