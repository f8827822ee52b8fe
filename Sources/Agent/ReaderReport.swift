import CardIO

/// One reader as `idgate readers` prints it.
public struct ReaderReport: Sendable, Codable, Hashable {
    public var name: String
    public var cardPresent: Bool
    public var cardMute: Bool
    public var inUse: Bool
    /// The card's ATR in hex, when a card is present.
    public var atr: String?

    public init(_ state: ReaderState) {
        name = state.reader
        cardPresent = state.isCardPresent
        cardMute = state.isMute
        inUse = state.isInUse
        atr = state.isCardPresent && !state.atr.isEmpty ? hex(state.atr) : nil
    }

    /// The readers pcscd knows now, with their card state.
    public static func current() throws(CardIOError) -> [ReaderReport] {
        let context = try PCSCContext()
        defer { context.release() }
        return try context.snapshot().map(ReaderReport.init)
    }
}

/// A reader event as one JSON object (the shape `--watch` and headless mode print).
public struct ReaderEventRecord: Sendable, Codable, Hashable {
    public var event: String
    public var reader: String?
    public var atr: String?
    public var error: String?

    public init(_ event: ReaderEvent) {
        switch event {
        case .readerAdded(let r): self.event = "reader-added"; reader = r
        case .readerRemoved(let r): self.event = "reader-removed"; reader = r
        case .cardInserted(let r, let a): self.event = "card-inserted"; reader = r; atr = hex(a)
        case .cardUnresponsive(let r): self.event = "card-unresponsive"; reader = r
        case .cardRemoved(let r): self.event = "card-removed"; reader = r
        case .serviceUnavailable(let e): self.event = "service-unavailable"; error = "\(e)"
        case .serviceRestored: self.event = "service-restored"
        }
    }
}
