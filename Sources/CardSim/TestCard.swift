import CardIO
import Synchronization

/// A small card for exercising the transport: SELECT by AID, GET CHALLENGE, an echo command,
/// and commands that answer with T=0 procedure bytes (`61xx`, `6Cxx`) so the channel's
/// handling of them is tested through a real pcscd.
///
/// Proprietary commands (CLA 0x80):
/// - `80 EE 00 00 Lc data Le` → echoes `data` (or `Le` bytes of a counter pattern when there is no data).
/// - `80 61 00 00 Le` → answers `61xx` and hands out `P1P2` (default 600) pattern bytes by GET RESPONSE.
/// - `80 6C 00 00 Le` → answers `6C20` unless Le is 0x20, then 32 pattern bytes.
public final class TestCard: SimulatedCard, @unchecked Sendable {
    public static let aid: [UInt8] = [0xF0, 0x69, 0x64, 0x67, 0x61, 0x74, 0x65]  // F0 "idgate"
    public let atr: [UInt8]
    private var selected = false
    private var pending: [UInt8] = []
    private let counter = Mutex(0)

    /// `atr` defaults to a T=1 ATR with historical bytes "idgate".
    public init(atr: [UInt8] = [0x3B, 0x86, 0x80, 0x01, 0x69, 0x64, 0x67, 0x61, 0x74, 0x65, 0x4F]) {
        self.atr = atr
    }

    /// Commands processed since creation.
    public var commandsProcessed: Int { counter.withLock { $0 } }

    public func reset() {
        selected = false
        pending = []
    }

    public static func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) } }

    public func process(_ bytes: [UInt8]) -> [UInt8] {
        counter.withLock { $0 += 1 }
        guard let apdu = try? APDU(bytes: bytes) else { return [0x67, 0x00] }
        let ok: [UInt8] = [0x90, 0x00]
        switch (apdu.cla, apdu.ins) {
        case (0x00, 0xA4) where apdu.p1 == 0x04:
            selected = apdu.data == Self.aid
            return selected ? ok : [0x6A, 0x82]
        case (0x00, 0x84):
            return (0..<(apdu.ne ?? 8)).map { _ in UInt8.random(in: 0...255) } + ok
        case (0x00, 0xC0):
            guard !pending.isEmpty else { return [0x69, 0x85] }
            let n = min(apdu.ne ?? 256, pending.count)
            let chunk = Array(pending.prefix(n))
            pending.removeFirst(n)
            return chunk + (pending.isEmpty ? ok : [0x61, UInt8(min(pending.count, 256) & 0xFF)])
        case (0x80, 0xEE):
            guard selected else { return [0x69, 0x85] }
            if !apdu.data.isEmpty { return apdu.data + ok }
            return Self.pattern(apdu.ne ?? 0) + ok
        case (0x80, 0x61):
            let total = apdu.p1 == 0 && apdu.p2 == 0 ? 600 : Int(apdu.p1) << 8 | Int(apdu.p2)
            pending = Self.pattern(total)
            return [0x61, UInt8(min(total, 256) & 0xFF)]
        case (0x80, 0x6C):
            return apdu.ne == 0x20 ? Self.pattern(0x20) + ok : [0x6C, 0x20]
        default:
            return [0x6D, 0x00]
        }
    }
}
