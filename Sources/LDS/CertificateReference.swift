import CardIO

/// The fields of an X.509 certificate needed to find it from a CMS signer identifier or by issuer.
public struct CertificateReference: Sendable, Hashable {
    /// The issuer Name's full DER.
    public var issuerDER: [UInt8]
    /// The serial number's INTEGER content octets.
    public var serialNumber: [UInt8]
    /// The subject Name's full DER.
    public var subjectDER: [UInt8]
    /// The subject key identifier extension's value, when present.
    public var subjectKeyIdentifier: [UInt8]?

    /// Reads a certificate's DER; nil when it is not a well-formed certificate.
    public init?(certificateDER: [UInt8]) {
        guard let cert = try? BERTLV.parseSingle(certificateDER, expecting: 0x30),
            let tbs = try? cert.children().first, tbs.tag == 0x30,
            var fields = try? tbs.children()
        else { return nil }
        if fields.first?.tag == 0xA0 { fields.removeFirst() }
        guard fields.count >= 6, fields[0].tag == 0x02, fields[2].tag == 0x30, fields[4].tag == 0x30 else { return nil }
        serialNumber = fields[0].value
        issuerDER = fields[2].encoded
        subjectDER = fields[4].encoded
        subjectKeyIdentifier = nil
        if let ext = fields.first(where: { $0.tag == 0xA3 }), let list = try? ext.children().first?.children() {
            for e in list {
                guard let parts = try? e.children(), parts.first?.value == [0x55, 0x1D, 0x0E],
                    let octets = parts.last, let inner = try? BERTLV.parseSingle(octets.value, expecting: 0x04)
                else { continue }
                subjectKeyIdentifier = inner.value
            }
        }
    }
}
