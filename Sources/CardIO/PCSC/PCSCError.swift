/// A PC/SC return code (`SCARD_E_*`, `SCARD_W_*`) with its meaning and what to do about it.
public struct PCSCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: UInt32
    public init(code: UInt32) { self.code = code }
    init(_ rv: Int) { code = UInt32(truncatingIfNeeded: rv) }

    public static let success = PCSCError(code: 0)
    public static let internalError = PCSCError(code: 0x8010_0001)
    public static let cancelled = PCSCError(code: 0x8010_0002)
    public static let invalidHandle = PCSCError(code: 0x8010_0003)
    public static let invalidParameter = PCSCError(code: 0x8010_0004)
    public static let noMemory = PCSCError(code: 0x8010_0006)
    public static let insufficientBuffer = PCSCError(code: 0x8010_0008)
    public static let unknownReader = PCSCError(code: 0x8010_0009)
    public static let timeout = PCSCError(code: 0x8010_000A)
    public static let sharingViolation = PCSCError(code: 0x8010_000B)
    public static let noSmartcard = PCSCError(code: 0x8010_000C)
    public static let protoMismatch = PCSCError(code: 0x8010_000F)
    public static let notReady = PCSCError(code: 0x8010_0010)
    public static let invalidValue = PCSCError(code: 0x8010_0011)
    public static let systemCancelled = PCSCError(code: 0x8010_0012)
    /// pcsc-lite answers this to a transmit when the card left during the exchange.
    public static let notTransacted = PCSCError(code: 0x8010_0016)
    public static let readerUnavailable = PCSCError(code: 0x8010_0017)
    public static let noService = PCSCError(code: 0x8010_001D)
    public static let serviceStopped = PCSCError(code: 0x8010_001E)
    public static let noReadersAvailable = PCSCError(code: 0x8010_002E)
    public static let unsupportedCard = PCSCError(code: 0x8010_0065)
    public static let unresponsiveCard = PCSCError(code: 0x8010_0066)
    public static let unpoweredCard = PCSCError(code: 0x8010_0067)
    public static let resetCard = PCSCError(code: 0x8010_0068)
    public static let removedCard = PCSCError(code: 0x8010_0069)
    public static let securityViolation = PCSCError(code: 0x8010_006A)

    /// True when the daemon is gone and the context must be established again.
    public var meansServiceLost: Bool {
        self == .noService || self == .serviceStopped || self == .invalidHandle || self == .internalError
    }

    public var name: String {
        switch self {
        case .success: "SCARD_S_SUCCESS"
        case .internalError: "SCARD_F_INTERNAL_ERROR"
        case .cancelled: "SCARD_E_CANCELLED"
        case .invalidHandle: "SCARD_E_INVALID_HANDLE"
        case .invalidParameter: "SCARD_E_INVALID_PARAMETER"
        case .noMemory: "SCARD_E_NO_MEMORY"
        case .insufficientBuffer: "SCARD_E_INSUFFICIENT_BUFFER"
        case .unknownReader: "SCARD_E_UNKNOWN_READER"
        case .timeout: "SCARD_E_TIMEOUT"
        case .sharingViolation: "SCARD_E_SHARING_VIOLATION"
        case .noSmartcard: "SCARD_E_NO_SMARTCARD"
        case .protoMismatch: "SCARD_E_PROTO_MISMATCH"
        case .notReady: "SCARD_E_NOT_READY"
        case .invalidValue: "SCARD_E_INVALID_VALUE"
        case .systemCancelled: "SCARD_E_SYSTEM_CANCELLED"
        case .notTransacted: "SCARD_E_NOT_TRANSACTED"
        case .readerUnavailable: "SCARD_E_READER_UNAVAILABLE"
        case .noService: "SCARD_E_NO_SERVICE"
        case .serviceStopped: "SCARD_E_SERVICE_STOPPED"
        case .noReadersAvailable: "SCARD_E_NO_READERS_AVAILABLE"
        case .unsupportedCard: "SCARD_W_UNSUPPORTED_CARD"
        case .unresponsiveCard: "SCARD_W_UNRESPONSIVE_CARD"
        case .unpoweredCard: "SCARD_W_UNPOWERED_CARD"
        case .resetCard: "SCARD_W_RESET_CARD"
        case .removedCard: "SCARD_W_REMOVED_CARD"
        case .securityViolation: "SCARD_W_SECURITY_VIOLATION"
        default: "PC/SC error"
        }
    }

    /// What a person should do about it.
    public var advice: String {
        switch self {
        case .noService, .serviceStopped:
            "pcscd is not running: start it (systemctl start pcscd.socket, or pcscd -f) and check that this user may use it (polkit rule in Packaging/)"
        case .noReadersAvailable, .unknownReader, .readerUnavailable:
            "no card reader: plug the reader in, or check `idgate readers`"
        case .noSmartcard, .removedCard, .notTransacted:
            "no card on the reader: place the card flat on the reader and hold it still"
        case .resetCard: "the card was reset by another program: try again"
        case .unresponsiveCard, .unsupportedCard, .unpoweredCard:
            "the card does not answer: take it off the reader and place it again"
        case .sharingViolation: "another program holds the card exclusively: close it and try again"
        case .securityViolation: "access to pcscd was refused: allow this user in polkit (see Packaging/)"
        case .timeout: "the reader did not answer in time"
        default: "see pcsc-lite's documentation for this code"
        }
    }

    public var description: String {
        "\(name) (0x\(String(code, radix: 16, uppercase: true))): \(advice)"
    }
}
