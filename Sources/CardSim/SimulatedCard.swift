import CardIO

/// The card side of a simulated chip: answers to reset and processes command APDUs.
/// A card is driven by one caller at a time (the vpcd connection thread or an in-process
/// channel); implementations need no locking of their own for that.
public protocol SimulatedCard: AnyObject {
    /// The answer to reset.
    var atr: [UInt8] { get }
    /// Called on power-on and reset: forget every session state.
    func reset()
    /// Processes one command APDU (raw bytes) and returns the raw response (data + SW).
    func process(_ command: [UInt8]) -> [UInt8]
}

/// A simulated card reached in-process, behind the same `CardChannel` the readers use.
public final class InProcessChannel: CardChannel {
    public let card: any SimulatedCard
    public var supportsExtendedLength: Bool
    public private(set) var isInserted = true

    public init(card: any SimulatedCard, supportsExtendedLength: Bool = true) {
        self.card = card
        self.supportsExtendedLength = supportsExtendedLength
        card.reset()
    }

    /// Takes the card away: every later transmit fails as a pulled card does.
    public func remove() { isInserted = false }

    public func transmit(_ command: APDU) throws(CardIOError) -> ResponseAPDU {
        guard isInserted else { throw .cardRemoved }
        let wire: [UInt8]
        do { wire = try command.encoded() } catch { throw .invalidAPDU(error) }
        do { return try ResponseAPDU(bytes: card.process(wire)) } catch { throw .invalidResponse(error) }
    }
}
