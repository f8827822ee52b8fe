import CPCSC
import Synchronization

/// A connection to the card in one reader (`SCardConnect`). Disconnects on deinit.
public final class PCSCCard: CardChannel, @unchecked Sendable {
    // The handle is only used from the thread that owns the read; the lock makes
    // `disconnect` safe against a concurrent `transmit` from a shutdown path.
    private let handle: Mutex<SCARDHANDLE?>
    public private(set) var activeProtocol: CardProtocols
    public let reader: String
    /// Set by the reader profile: true when reader and card both take extended-length APDUs.
    public var supportsExtendedLength = false

    init(handle: SCARDHANDLE, activeProtocol: CardProtocols, reader: String) {
        self.handle = Mutex(handle)
        self.activeProtocol = activeProtocol
        self.reader = reader
    }

    deinit { disconnect(.leave) }

    private func raw() throws(CardIOError) -> SCARDHANDLE {
        guard let h = handle.withLock({ $0 }) else { throw .cardRemoved }
        return h
    }

    /// Sends raw APDU bytes and returns the raw answer (data + SW).
    public func transmit(raw command: [UInt8]) throws(CardIOError) -> [UInt8] {
        let card = try raw()
        var received = [UInt8](repeating: 0, count: 65536 + 2)
        var length = DWORD(received.count)
        let rv: LONG = withUnsafePointer(to: activeProtocol == .t0 ? g_rgSCardT0Pci : g_rgSCardT1Pci) { pci in
            SCardTransmit(card, pci, command, DWORD(command.count), nil, &received, &length)
        }
        try check(rv, "SCardTransmit")
        return Array(received.prefix(Int(length)))
    }

    public func transmit(_ command: APDU) throws(CardIOError) -> ResponseAPDU {
        let wire: [UInt8]
        do { wire = try command.encoded() } catch { throw .invalidAPDU(error) }
        let answer = try transmit(raw: wire)
        // No bytes at all, not even a status word: nothing answered. pcscd passes this on when the link to the
        // card dropped in the middle of the command (seen with vpcd); the read must start over like a pulled card.
        if answer.isEmpty { throw .cardRemoved }
        do { return try ResponseAPDU(bytes: answer) } catch { throw .invalidResponse(error) }
    }

    /// The card's ATR and the reader's view of it (`SCardStatus`).
    public func status() throws(CardIOError) -> (reader: String, atr: [UInt8], protocol: CardProtocols) {
        let card = try raw()
        var nameLength: DWORD = 256
        var name = [CChar](repeating: 0, count: Int(nameLength))
        var state: DWORD = 0
        var proto: DWORD = 0
        var atr = [UInt8](repeating: 0, count: Int(MAX_ATR_SIZE))
        var atrLength = DWORD(atr.count)
        let rv = SCardStatus(card, &name, &nameLength, &state, &proto, &atr, &atrLength)
        try check(rv, "SCardStatus")
        let reader = PCSCContext.splitMultiString(name).first ?? reader
        return (reader, Array(atr.prefix(Int(atrLength))), CardProtocols(rawValue: UInt32(proto)))
    }

    /// Reconnects after a reset (warm reset with `.reset`), e.g. to start access control again.
    public func reconnect(
        share: ShareMode = .shared, protocols: CardProtocols = .any, initialization: Disposition = .reset
    ) throws(CardIOError) {
        let card = try raw()
        var active: DWORD = 0
        let rv = SCardReconnect(card, DWORD(share.rawValue), DWORD(protocols.rawValue), DWORD(initialization.rawValue), &active)
        try check(rv, "SCardReconnect")
        activeProtocol = CardProtocols(rawValue: UInt32(active))
    }

    /// Ends the connection. Idempotent.
    public func disconnect(_ disposition: Disposition = .leave) {
        handle.withLock { h in
            if let card = h { _ = SCardDisconnect(card, DWORD(disposition.rawValue)) }
            h = nil
        }
    }
}
