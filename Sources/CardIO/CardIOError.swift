/// Why talking to a card failed, with what a person can do about it.
public enum CardIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A PC/SC call failed; `function` names it.
    case pcsc(PCSCError, function: String)
    /// The command could not be encoded.
    case invalidAPDU(APDUError)
    /// The card's answer could not be understood.
    case invalidResponse(APDUError)
    /// The card broke the transmission protocol.
    case protocolViolation(String)
    /// The card is gone (removed, reset, or the simulated card disconnected).
    case cardRemoved

    public var description: String {
        switch self {
        case .pcsc(let e, let function): "\(function): \(e)"
        case .invalidAPDU(let e): "cannot send APDU: \(e)"
        case .invalidResponse(let e): "card answered something that is not an APDU response: \(e)"
        case .protocolViolation(let why): "card protocol error: \(why)"
        case .cardRemoved: "the card was removed — place it on the reader again and hold it still"
        }
    }

    /// True when the card is no longer reachable and the read must start over.
    public var isCardGone: Bool {
        switch self {
        case .cardRemoved: true
        case .pcsc(let e, _): e == .removedCard || e == .resetCard || e == .noSmartcard || e == .readerUnavailable
            || e == .notTransacted
            || e == .noService || e == .serviceStopped || e == .invalidHandle
        default: false
        }
    }
}
