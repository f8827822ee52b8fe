import CardIO

/// A CMS SignerInfo (RFC 5652 §5.3) with what a verifier needs: the signed attributes as the DER
/// `SET` that was signed, the signature algorithm and the signature.
public struct SignerInfo: Sendable, Hashable {
    /// How the signer's certificate is named.
    public enum Identifier: Sendable, Hashable {
        /// Issuer Name (full DER) and serial number (INTEGER content octets).
        case issuerAndSerialNumber(issuerDER: [UInt8], serialNumber: [UInt8])
        case subjectKeyIdentifier([UInt8])
    }

    /// One attribute: its type and each value's full DER.
    public struct Attribute: Sendable, Hashable {
        public var type: OID
        public var valuesDER: [[UInt8]]
    }

    public var version: Int
    public var signerIdentifier: Identifier
    public var digestAlgorithm: AlgorithmIdentifier
    /// The signed attributes, in order; empty when the signature covers the content directly.
    public var signedAttributes: [Attribute]
    /// The exact bytes the signature covers when attributes are present: `[0] IMPLICIT` re-tagged as
    /// `SET` (`31`), per RFC 5652 §5.4. Nil when there are no signed attributes (then the content is signed).
    public var signedAttributesDER: [UInt8]?
    /// The `messageDigest` attribute's value (a hash of the encapsulated content), nil when absent.
    public var messageDigest: [UInt8]?
    /// The `contentType` attribute's value, nil when absent.
    public var contentTypeAttribute: OID?
    public var signatureAlgorithm: AlgorithmIdentifier
    /// The signature scheme decoded from `signatureAlgorithm`.
    public var signatureScheme: SignatureScheme
    /// The signature octets (for ECDSA, a DER `Ecdsa-Sig-Value`).
    public var signature: [UInt8]

    init(_ tlv: TLV, der: DER) throws(LDSError) {
        let items = try der.children(tlv, tag: 0x30, field: "SignerInfo")
        version = try der.smallInteger(try der.element(items, 0, tag: 0x02, field: "SignerInfo.version"), field: "SignerInfo.version")
        guard items.count > 1 else { throw .missingField(der.file, field: "SignerInfo.sid") }
        switch items[1].tag {
        case 0x30:
            let ias = try der.children(items[1], field: "SignerInfo.sid")
            let issuer = try der.element(ias, 0, tag: 0x30, field: "SignerInfo.sid.issuer")
            let serial = try der.element(ias, 1, tag: 0x02, field: "SignerInfo.sid.serialNumber")
            signerIdentifier = .issuerAndSerialNumber(issuerDER: issuer.encoded, serialNumber: serial.value)
        case 0x80: signerIdentifier = .subjectKeyIdentifier(items[1].value)
        default: throw der.wrongTag("SignerInfo.sid", expected: 0x30, found: items[1].tag)
        }
        digestAlgorithm = try AlgorithmIdentifier(try der.element(items, 2, tag: 0x30, field: "SignerInfo.digestAlgorithm"),
            der: der, field: "SignerInfo.digestAlgorithm")
        var index = 3
        var attributes: [Attribute] = []
        if index < items.count, items[index].tag == 0xA0 {
            signedAttributesDER = DER.retag(items[index], as: 0x31)
            for a in try der.children(items[index], field: "SignerInfo.signedAttrs") {
                let parts = try der.children(a, tag: 0x30, field: "SignerInfo.signedAttrs attribute")
                let type = try der.oid(try der.element(parts, 0, tag: 0x06, field: "attribute type"), field: "attribute type")
                let values = try der.children(try der.element(parts, 1, tag: 0x31, field: "attribute values"), field: "attribute values")
                attributes.append(Attribute(type: type, valuesDER: values.map(\.encoded)))
                if type.dotted == "1.2.840.113549.1.9.4" {
                    messageDigest = try der.element(values, 0, tag: 0x04, field: "messageDigest attribute").value
                } else if type.dotted == "1.2.840.113549.1.9.3" {
                    contentTypeAttribute = try der.oid(try der.element(values, 0, tag: 0x06, field: "contentType attribute"),
                        field: "contentType attribute")
                }
            }
            index += 1
        } else {
            signedAttributesDER = nil
        }
        signedAttributes = attributes
        signatureAlgorithm = try AlgorithmIdentifier(try der.element(items, index, tag: 0x30, field: "SignerInfo.signatureAlgorithm"),
            der: der, field: "SignerInfo.signatureAlgorithm")
        signatureScheme = try SignatureScheme(signatureAlgorithm, file: der.file)
        signature = try der.element(items, index + 1, tag: 0x04, field: "SignerInfo.signature").value
        guard !signature.isEmpty else { throw .invalidValue(der.file, field: "SignerInfo.signature", reason: "empty") }
    }

    /// The digest to use for the signature: the scheme's own, else `digestAlgorithm`'s.
    public var effectiveDigest: DigestAlgorithm? {
        switch signatureScheme {
        case .rsaPKCS1v15(let d?), .ecdsa(let d?): d
        case .rsaPSS(let h, _, _): h
        default: DigestAlgorithm(oid: digestAlgorithm.oid)
        }
    }
}
