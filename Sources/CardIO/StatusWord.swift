/// The two-byte status word SW1-SW2 that ends every response APDU (ISO/IEC 7816-4 §5.6).
public struct StatusWord: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(sw1: UInt8, sw2: UInt8) { rawValue = UInt16(sw1) << 8 | UInt16(sw2) }

    public var sw1: UInt8 { UInt8(rawValue >> 8) }
    public var sw2: UInt8 { UInt8(rawValue & 0xFF) }

    public static let success = StatusWord(rawValue: 0x9000)
    public static let endOfFileBeforeNe = StatusWord(rawValue: 0x6282)
    public static let verificationFailed = StatusWord(rawValue: 0x6300)
    public static let memoryFailure = StatusWord(rawValue: 0x6581)
    public static let wrongLength = StatusWord(rawValue: 0x6700)
    public static let securityStatusNotSatisfied = StatusWord(rawValue: 0x6982)
    public static let authenticationMethodBlocked = StatusWord(rawValue: 0x6983)
    public static let referenceDataNotUsable = StatusWord(rawValue: 0x6984)
    public static let conditionsNotSatisfied = StatusWord(rawValue: 0x6985)
    public static let commandNotAllowed = StatusWord(rawValue: 0x6986)
    public static let smDataObjectsMissing = StatusWord(rawValue: 0x6987)
    public static let smDataObjectsIncorrect = StatusWord(rawValue: 0x6988)
    public static let incorrectData = StatusWord(rawValue: 0x6A80)
    public static let functionNotSupported = StatusWord(rawValue: 0x6A81)
    public static let fileNotFound = StatusWord(rawValue: 0x6A82)
    public static let recordNotFound = StatusWord(rawValue: 0x6A83)
    public static let incorrectP1P2 = StatusWord(rawValue: 0x6A86)
    public static let referencedDataNotFound = StatusWord(rawValue: 0x6A88)
    public static let wrongP1P2 = StatusWord(rawValue: 0x6B00)
    public static let insNotSupported = StatusWord(rawValue: 0x6D00)
    public static let claNotSupported = StatusWord(rawValue: 0x6E00)
    public static let noPreciseDiagnosis = StatusWord(rawValue: 0x6F00)

    public var isSuccess: Bool { rawValue == 0x9000 }
    /// `61xx`: xx more bytes are waiting for GET RESPONSE (00 means 256).
    public var bytesAvailable: Int? { sw1 == 0x61 ? (sw2 == 0 ? 256 : Int(sw2)) : nil }
    /// `6Cxx`: wrong Le; resend with Le = xx (00 means 256).
    public var correctLe: Int? { sw1 == 0x6C ? (sw2 == 0 ? 256 : Int(sw2)) : nil }
    /// `63Cx`: verification failed, x tries left.
    public var retriesLeft: Int? { sw1 == 0x63 && sw2 & 0xF0 == 0xC0 ? Int(sw2 & 0x0F) : nil }
    /// True for the answers readers and cards give to a response chunk that is too large.
    public var meansLeTooLarge: Bool { self == .wrongLength || self == .wrongP1P2 || self == .endOfFileBeforeNe }

    /// What the status word means, in words a person can act on.
    public var meaning: String {
        if let n = bytesAvailable { return "\(n) response bytes available" }
        if let n = correctLe { return "wrong Le; the card expects Le=\(n)" }
        if let n = retriesLeft { return "verification failed, \(n) tries left" }
        switch self {
        case .success: return "success"
        case .endOfFileBeforeNe: return "end of file reached before Ne bytes"
        case .verificationFailed: return "verification failed"
        case .memoryFailure: return "memory failure"
        case .wrongLength: return "wrong length"
        case .securityStatusNotSatisfied: return "security status not satisfied"
        case .authenticationMethodBlocked: return "authentication method blocked"
        case .referenceDataNotUsable: return "reference data not usable"
        case .conditionsNotSatisfied: return "conditions of use not satisfied"
        case .commandNotAllowed: return "command not allowed (no current EF)"
        case .smDataObjectsMissing: return "expected secure messaging data objects missing"
        case .smDataObjectsIncorrect: return "secure messaging data objects incorrect"
        case .incorrectData: return "incorrect parameters in the data field"
        case .functionNotSupported: return "function not supported"
        case .fileNotFound: return "file or application not found"
        case .recordNotFound: return "record not found"
        case .incorrectP1P2: return "incorrect parameters P1-P2"
        case .referencedDataNotFound: return "referenced data not found"
        case .wrongP1P2: return "wrong parameters P1-P2 (offset outside the file)"
        case .insNotSupported: return "instruction not supported"
        case .claNotSupported: return "class not supported"
        case .noPreciseDiagnosis: return "no precise diagnosis"
        default:
            switch sw1 {
            case 0x62, 0x63: return "warning"
            case 0x64, 0x65: return "execution error"
            default: return "checking error"
            }
        }
    }

    public var description: String { "\(hex([sw1, sw2])) (\(meaning))" }
}
