import CardIO

/// A `CardChannel` that protects every command with secure messaging and checks every answer.
/// After any SM failure the channel stays closed: start access control again.
public final class SecureMessagingChannel: CardChannel {
    /// The channel the protected APDUs travel on.
    public let base: any CardChannel
    private var codec: SecureMessagingCodec
    /// Why the session closed, when it did.
    public private(set) var failure: SecureMessagingFailure?

    public init(base: any CardChannel, keys: SessionKeys) {
        self.base = base
        codec = SecureMessagingCodec(keys: keys)
    }

    /// The session cipher.
    public var cipher: SessionCipher { codec.keys.cipher }
    public var supportsExtendedLength: Bool { base.supportsExtendedLength }

    public func transmit(_ command: APDU) throws(CardIOError) -> ResponseAPDU {
        if let failure { throw .protocolViolation("secure messaging: \(failure)") }
        let protected: APDU
        do { protected = try codec.protect(command) } catch { throw .protocolViolation("secure messaging: \(error)") }
        let answer = try base.send(protected)
        do {
            return try codec.unprotect(answer)
        } catch {
            failure = error
            throw .protocolViolation("secure messaging: \(error)")
        }
    }
}
