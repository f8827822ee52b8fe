import CardIO
import LDS

/// The X.509 extensions path validation uses; others are ignored.
public struct CertificateExtensions: Sendable, Hashable {
    public var subjectKeyIdentifier: [UInt8]?
    /// The authority key identifier's `keyIdentifier`.
    public var authorityKeyIdentifier: [UInt8]?
    /// Key usage bits (bit 0 = digitalSignature … bit 5 = keyCertSign, bit 6 = cRLSign); nil when absent.
    public var keyUsage: KeyUsage?
    /// Basic constraints `cA`; nil when the extension is absent.
    public var isCA: Bool?

    /// Key usage bits as in RFC 5280 §4.2.1.3.
    public struct KeyUsage: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let digitalSignature = KeyUsage(rawValue: 1 << 0)
        public static let nonRepudiation = KeyUsage(rawValue: 1 << 1)
        public static let keyCertSign = KeyUsage(rawValue: 1 << 5)
        public static let cRLSign = KeyUsage(rawValue: 1 << 6)
    }

    init() {}

    init(_ tlv: TLV, reader r: DERReading) throws(PassiveAuthError) {
        let list = try r.children(try r.element(try r.children(tlv, field: "extensions"), 0, tag: 0x30, field: "extensions"),
            field: "extensions")
        for ext in list {
            let parts = try r.children(ext, tag: 0x30, field: "extension")
            let id = try r.oid(try r.element(parts, 0, tag: 0x06, field: "extension id"), field: "extension id")
            guard let octets = parts.last, octets.tag == 0x04 else { throw r.fail("extension \(id)", "no extnValue") }
            let field = "extension \(id.dotted)"
            switch id.dotted {
            case "2.5.29.14":
                subjectKeyIdentifier = try r.single(octets.value, tag: 0x04, field: field).value
            case "2.5.29.35":
                let items = try r.children(try r.single(octets.value, tag: 0x30, field: field), field: field)
                authorityKeyIdentifier = items.first { $0.tag == 0x80 }?.value
            case "2.5.29.15":
                let bits = try r.bitString(try r.single(octets.value, tag: 0x03, field: field), field: field, aligned: false)
                var raw: UInt16 = 0
                for (i, byte) in bits.prefix(2).enumerated() {
                    for bit in 0..<8 where byte & (0x80 >> bit) != 0 { raw |= 1 << UInt16(i * 8 + bit) }
                }
                keyUsage = KeyUsage(rawValue: raw)
            case "2.5.29.19":
                let items = try r.children(try r.single(octets.value, tag: 0x30, field: field), field: field)
                isCA = items.first.map { $0.tag == 0x01 && $0.value.first.map { $0 != 0 } == true } ?? false
            default: continue
            }
        }
    }
}
