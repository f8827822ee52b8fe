import CPCSC
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A PC/SC resource-manager context (`SCardEstablishContext`). Released on `release()` or deinit.
///
/// Calls on one context are serialised by libpcsclite; `cancel()` may be called from any
/// thread to end a blocked `statusChange` (that is what `SCardCancel` is for).
public final class PCSCContext: Sendable {
    private let handle: Mutex<SCARDCONTEXT?>

    /// The name of the PnP pseudo-reader whose state changes when readers come and go.
    public static let pnpNotificationReader = "\\\\?PnP?\\Notification"

    /// Establishes a system-scope context. Throws `.pcsc(.noService)` when pcscd is not running.
    public init() throws(CardIOError) {
        var ctx: SCARDCONTEXT = 0
        let rv = SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &ctx)
        try check(rv, "SCardEstablishContext")
        handle = Mutex(ctx)
    }

    deinit { release() }

    /// Releases the context; later calls on it fail with `SCARD_E_INVALID_HANDLE`. Idempotent.
    public func release() {
        handle.withLock { ctx in
            if let c = ctx { _ = SCardReleaseContext(c) }
            ctx = nil
        }
    }

    /// Ends a blocked `statusChange` on this context from another thread.
    public func cancel() {
        handle.withLock { ctx in
            if let c = ctx { _ = SCardCancel(c) }
        }
    }

    /// True while pcscd still knows this context.
    public var isValid: Bool {
        guard let c = handle.withLock({ $0 }) else { return false }
        return SCardIsValidContext(c) == SCARD_S_SUCCESS
    }

    func raw() throws(CardIOError) -> SCARDCONTEXT {
        guard let c = handle.withLock({ $0 }) else { throw .pcsc(.invalidHandle, function: "PCSCContext") }
        return c
    }

    /// The names of the connected readers; no reader is an empty list, not an error.
    public func listReaders() throws(CardIOError) -> [String] {
        let ctx = try raw()
        var length: DWORD = 0
        var rv = SCardListReaders(ctx, nil, nil, &length)
        if PCSCError(Int(rv)) == .noReadersAvailable { return [] }
        try check(rv, "SCardListReaders")
        var buffer = [CChar](repeating: 0, count: Int(length))
        rv = SCardListReaders(ctx, nil, &buffer, &length)
        if PCSCError(Int(rv)) == .noReadersAvailable { return [] }
        try check(rv, "SCardListReaders")
        return Self.splitMultiString(buffer)
    }

    static func splitMultiString(_ buffer: [CChar]) -> [String] {
        buffer.split(separator: 0).map { chars in
            String(decoding: chars.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Connects to the card in `reader`.
    public func connect(
        reader: String, share: ShareMode = .shared, protocols: CardProtocols = .any
    ) throws(CardIOError) -> PCSCCard {
        let ctx = try raw()
        var card: SCARDHANDLE = 0
        var active: DWORD = 0
        let rv = SCardConnect(ctx, reader, DWORD(share.rawValue), DWORD(protocols.rawValue), &card, &active)
        try check(rv, "SCardConnect")
        return PCSCCard(handle: card, activeProtocol: CardProtocols(rawValue: UInt32(active)), reader: reader)
    }

    /// Waits until the state of one of `readers` differs from its `currentState`, or `timeoutMs`
    /// passes (`nil` waits forever). Updates each entry's `eventState` and `atr`.
    public func statusChange(_ readers: inout [ReaderState], timeoutMs: UInt32?) throws(CardIOError) {
        let ctx = try raw()
        let names = readers.map { strdup($0.reader) }
        defer { names.forEach { free($0) } }
        var states = [SCARD_READERSTATE](repeating: SCARD_READERSTATE(), count: readers.count)
        for i in readers.indices {
            states[i].szReader = UnsafePointer(names[i])
            states[i].dwCurrentState = DWORD(readers[i].currentState)
        }
        let timeout = DWORD(timeoutMs ?? 0xFFFF_FFFF)
        let rv = SCardGetStatusChange(ctx, timeout, &states, DWORD(states.count))
        try check(rv, "SCardGetStatusChange")
        for i in readers.indices {
            readers[i].eventState = UInt32(truncatingIfNeeded: states[i].dwEventState)
            let count = min(Int(states[i].cbAtr), Int(MAX_ATR_SIZE))
            readers[i].atr = withUnsafeBytes(of: states[i].rgbAtr) { Array($0.prefix(count)) }
        }
    }

    /// Every reader with its card state, without waiting.
    public func snapshot() throws(CardIOError) -> [ReaderState] {
        var states = try listReaders().map { ReaderState(reader: $0) }
        guard !states.isEmpty else { return [] }
        do {
            try statusChange(&states, timeoutMs: 0)
        } catch .pcsc(.timeout, _) {
            // Nothing changed relative to "unaware" is impossible, but tolerate it.
        }
        return states
    }
}

/// One reader's state as `SCardGetStatusChange` reports it.
public struct ReaderState: Sendable, Hashable {
    public var reader: String
    /// What the caller believes (fed back from the last `eventState`).
    public var currentState: UInt32
    /// What pcscd reported; the upper 16 bits are an event counter (or, for the PnP reader, the reader count).
    public var eventState: UInt32 = 0
    public var atr: [UInt8] = []

    public init(reader: String, currentState: UInt32 = 0) {
        self.reader = reader
        self.currentState = currentState
    }

    public var isCardPresent: Bool { eventState & UInt32(SCARD_STATE_PRESENT) != 0 }
    public var isMute: Bool { eventState & UInt32(SCARD_STATE_MUTE) != 0 }
    public var isEmpty: Bool { eventState & UInt32(SCARD_STATE_EMPTY) != 0 }
    public var isUnknown: Bool { eventState & UInt32(SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE) != 0 }
    public var isInUse: Bool { eventState & UInt32(SCARD_STATE_INUSE | SCARD_STATE_EXCLUSIVE) != 0 }
    public var changed: Bool { eventState & UInt32(SCARD_STATE_CHANGED) != 0 }
    /// pcscd's per-reader event counter (upper 16 bits).
    public var eventCounter: UInt32 { eventState >> 16 }

    /// The event state with the CHANGED bit cleared, ready to be fed back as `currentState`.
    public var acknowledged: UInt32 { eventState & ~UInt32(SCARD_STATE_CHANGED) }
}

/// `SCARD_SHARE_*`.
public enum ShareMode: UInt32, Sendable {
    case exclusive = 1
    case shared = 2
    case direct = 3
}

/// `SCARD_PROTOCOL_*` as a set.
public struct CardProtocols: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let t0 = CardProtocols(rawValue: 1)
    public static let t1 = CardProtocols(rawValue: 2)
    public static let raw = CardProtocols(rawValue: 4)
    public static let any: CardProtocols = [.t0, .t1]

    public var description: String {
        switch self {
        case .t0: "T=0"
        case .t1: "T=1"
        case .raw: "raw"
        case []: "none"
        default: "T=0|T=1"
        }
    }
}

/// `SCARD_LEAVE_CARD` … `SCARD_EJECT_CARD`.
public enum Disposition: UInt32, Sendable {
    case leave = 0
    case reset = 1
    case unpower = 2
    case eject = 3
}

@inline(__always)
func check(_ rv: LONG, _ function: String) throws(CardIOError) {
    let e = PCSCError(Int(rv))
    guard e == .success else { throw .pcsc(e, function: function) }
}
