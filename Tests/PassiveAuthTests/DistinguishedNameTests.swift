import CardIO
import LDS
import PassiveAuth
import Testing

/// Name matching for path building: DER first, then attributes compared without regard to string type, case or
/// repeated spaces (RFC 5280 §7.1), since some issuers re-encode names between CSCA and signer certificates.
@Suite("Distinguished names")
struct DistinguishedNameTests {
    static func name(_ attributes: [(String, UInt8, String)]) throws -> DistinguishedName {
        let rdns = attributes.map { oid, tag, text in
            TLV(tag: 0x31, children: [TLV(tag: 0x30, value: (OID(dotted: oid)?.derEncoded ?? []) + TLV(tag: TLVTag(rawValue: UInt32(tag)),
                value: Array(text.utf8)).encoded)])
        }
        return try DistinguishedName(derEncoded: TLV(tag: 0x30, children: rdns).encoded)
    }

    @Test("the same name in PrintableString and UTF8String, or in another case and spacing, matches; another name does not")
    func matching() throws {
        let printable = try Self.name([("2.5.4.6", 0x13, "VN"), ("2.5.4.3", 0x13, "CSCA  Test")])
        let utf8 = try Self.name([("2.5.4.6", 0x13, "VN"), ("2.5.4.3", 0x0C, "csca test")])
        let other = try Self.name([("2.5.4.6", 0x13, "VN"), ("2.5.4.3", 0x0C, "CSCA Other")])
        let reordered = try Self.name([("2.5.4.3", 0x0C, "CSCA Test"), ("2.5.4.6", 0x13, "VN")])
        #expect(printable.derEncoded != utf8.derEncoded)
        #expect(printable.matches(utf8))
        #expect(!printable.matches(other))
        #expect(!printable.matches(reordered))
        #expect(printable.description == "C=VN, CN=CSCA  Test")
        #expect(printable.value(of: "CN") == "CSCA  Test")
    }

    @Test("a malformed name is a typed error")
    func malformed() {
        #expect(throws: PassiveAuthError.self) { try DistinguishedName(derEncoded: [0x30, 0x03, 0x31, 0x01]) }
        #expect(throws: PassiveAuthError.self) { try DistinguishedName(derEncoded: [0x31, 0x00]) }
    }
}
