import CardIO
import LDS

/// An X.501 Name, kept as DER (compared byte for byte) with a readable form such as `C=VN, O=…, CN=…`.
public struct DistinguishedName: Sendable, Hashable, CustomStringConvertible {
    /// The Name's full DER.
    public var derEncoded: [UInt8]
    /// Attribute type short name (or dotted OID) and text, in order.
    public var attributes: [Attribute]

    /// One attribute of a relative distinguished name.
    public struct Attribute: Sendable, Hashable {
        public var type: String
        public var value: String
    }

    init(_ tlv: TLV, reader: DERReading, field: String) throws(PassiveAuthError) {
        derEncoded = tlv.encoded
        var attributes: [Attribute] = []
        for rdn in try reader.children(tlv, tag: 0x30, field: field) {
            for atv in try reader.children(rdn, tag: 0x31, field: field) {
                let parts = try reader.children(atv, tag: 0x30, field: field)
                let type = try reader.oid(try reader.element(parts, 0, tag: 0x06, field: field), field: field)
                guard parts.count > 1 else { throw reader.fail(field, "attribute without value") }
                let value = ASN1String.decode(parts[1]) ?? "#" + hex(parts[1].encoded)
                attributes.append(Attribute(type: Self.shortNames[type.dotted] ?? type.dotted, value: value))
            }
        }
        self.attributes = attributes
    }

    /// Parses a Name's DER.
    public init(derEncoded der: [UInt8]) throws(PassiveAuthError) {
        let r = DERReading(what: "name")
        try self.init(try r.single(der, tag: 0x30, field: "Name"), reader: r, field: "Name")
    }

    /// True when both name the same entity: equal DER, or the same attributes in the same order once string types,
    /// letter case and runs of spaces are ignored (RFC 5280 §7.1; some issuers re-encode PrintableString as UTF8String).
    public func matches(_ other: DistinguishedName) -> Bool {
        derEncoded == other.derEncoded || (!attributes.isEmpty && normalized == other.normalized)
    }

    private var normalized: [String] {
        attributes.map { $0.type + "=" + $0.value.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }

    /// The first value of an attribute type (`"CN"`, `"C"`, `"O"`…).
    public func value(of type: String) -> String? { attributes.first { $0.type == type }?.value }

    public var description: String { attributes.map { "\($0.type)=\($0.value)" }.joined(separator: ", ") }

    static let shortNames: [String: String] = [
        "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.7": "L", "2.5.4.8": "ST",
        "2.5.4.5": "serialNumber", "1.2.840.113549.1.9.1": "emailAddress",
    ]
}
