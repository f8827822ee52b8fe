/// What a `ReaderMonitor` reports, in the order it happened.
public enum ReaderEvent: Sendable, Hashable, CustomStringConvertible {
    /// A reader appeared (at start, plugged in, or pcscd came back).
    case readerAdded(String)
    /// A reader disappeared (unplugged, or pcscd went away).
    case readerRemoved(String)
    /// A card answered to reset in `reader`.
    case cardInserted(reader: String, atr: [UInt8])
    /// A card is present but does not answer (mute).
    case cardUnresponsive(reader: String)
    /// The card left `reader`.
    case cardRemoved(reader: String)
    /// pcscd cannot be reached; the monitor keeps retrying with backoff.
    case serviceUnavailable(PCSCError)
    /// pcscd is reachable again after `serviceUnavailable`.
    case serviceRestored

    public var description: String {
        switch self {
        case .readerAdded(let r): "reader added: \(r)"
        case .readerRemoved(let r): "reader removed: \(r)"
        case .cardInserted(let r, let atr): "card inserted in \(r), ATR \(hex(atr))"
        case .cardUnresponsive(let r): "card in \(r) does not answer"
        case .cardRemoved(let r): "card removed from \(r)"
        case .serviceUnavailable(let e): "pcscd unavailable: \(e)"
        case .serviceRestored: "pcscd available again"
        }
    }
}
