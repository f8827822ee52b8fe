import CardIO

/// Why opening or reading an eMRTD failed, with what a person can do about it.
public enum EMRTDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The card link failed (removed, reader gone, transport error).
    case card(CardIOError)
    /// The card answered a command with an unexpected status word; `step` names the command.
    case status(StatusWord, step: String)
    /// The access key was refused; `hint` names the likely cause.
    case accessDenied(protocol: String, hint: String)
    /// The card offers only access-control variants this reader does not implement.
    case unsupported(String)
    /// The card's answer was malformed (bad TLV, wrong length, missing data object).
    case malformed(String)
    /// A secure-messaging response failed its check; the session is closed.
    case secureMessaging(SecureMessagingFailure)
    /// A cryptographic operation failed inside libcrypto, or a key was invalid.
    case crypto(String)
    /// The access key itself is unusable (e.g. a CAN with letters, a date that is not YYMMDD).
    case invalidKey(String)

    public var description: String {
        switch self {
        case .card(let e): "\(e)"
        case .status(let sw, let step): "\(step): card answered \(sw)"
        case .accessDenied(let proto, let hint): "\(proto) refused the access key: \(hint)"
        case .unsupported(let what): "unsupported by this reader: \(what)"
        case .malformed(let what): "card sent malformed data: \(what)"
        case .secureMessaging(let f): "secure messaging failed: \(f) — remove the card and read again"
        case .crypto(let what): "cryptography failed: \(what)"
        case .invalidKey(let what): "access key unusable: \(what)"
        }
    }

    /// True when the card went away and the whole read must start over.
    public var isCardGone: Bool {
        if case .card(let e) = self { return e.isCardGone }
        return false
    }
}

/// What was wrong with a secure-messaging response.
public enum SecureMessagingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The response MAC (DO'8E) did not verify.
    case wrongMAC
    /// A required data object is absent; the payload names it (e.g. "8E", "99").
    case missingDataObject(String)
    /// The response is not a valid SM structure.
    case malformedResponse(String)
    /// The card ended the session (answered 6987/6988) or an earlier failure closed it.
    case sessionClosed(StatusWord?)

    public var description: String {
        switch self {
        case .wrongMAC: "response MAC does not verify (wrong session keys or tampered answer)"
        case .missingDataObject(let tag): "response lacks data object '\(tag)'"
        case .malformedResponse(let why): "malformed response: \(why)"
        case .sessionClosed(let sw): sw.map { "session closed by the card (\($0))" } ?? "session already closed"
        }
    }
}

extension EMRTDError {
    /// Wraps an error from a channel, recovering the typed SM failure when the channel is secure messaging.
    static func from(_ error: CardIOError, channel: any CardChannel) -> EMRTDError {
        if let sm = channel as? SecureMessagingChannel, let failure = sm.failure { return .secureMessaging(failure) }
        return .card(error)
    }
}
