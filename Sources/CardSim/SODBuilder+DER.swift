import CardIO
import Foundation
import LDS

/// Small DER encoders for the hand-built SOD and certificate extensions.
extension SODBuilder {
    static func length(_ n: Int) -> [UInt8] { BERTLV.encodeLength(n) }
    static func tagged(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag] + length(content.count) + content }
    static func sequence(_ items: [[UInt8]]) -> [UInt8] { tagged(0x30, items.flatMap { $0 }) }
    /// A SET OF with its elements in DER order.
    static func set(_ items: [[UInt8]]) -> [UInt8] { tagged(0x31, items.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { $0 }) }
    static func octets(_ bytes: [UInt8]) -> [UInt8] { tagged(0x04, bytes) }
    static func oid(_ dotted: String) -> [UInt8] { OID(dotted: dotted)?.derEncoded ?? [0x06, 0x00] }

    /// A non-negative INTEGER, minimal encoding.
    static func integer(_ n: Int) -> [UInt8] { LDSBuilder.integer(n).encoded }

    /// A UTCTime `YYMMDDHHMMSSZ`.
    static func utcTime(_ date: Date) -> [UInt8] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let parts = [(c.year ?? 0) % 100, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0]
        let text = parts.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined() + "Z"
        return tagged(0x17, Array(text.utf8))
    }
}
