import CardIO
import Foundation
import LDS

/// An X.509 CRL (RFC 5280 §5): its issuer, dates and revoked serial numbers.
public struct RevocationList: Sendable, Hashable {
    public var issuer: DistinguishedName
    public var thisUpdate: Date
    public var nextUpdate: Date?
    /// Revoked serial numbers (INTEGER content octets).
    public var revokedSerialNumbers: Set<[UInt8]>
    var tbsDER: [UInt8]
    var signatureAlgorithm: AlgorithmIdentifier
    var signature: [UInt8]

    /// Parses a CRL's DER.
    public init(derEncoded der: [UInt8]) throws(PassiveAuthError) {
        let r = DERReading(what: "CRL")
        let outer = try r.children(try r.single(der, tag: 0x30, field: "CertificateList"), field: "CertificateList")
        let tbs = try r.element(outer, 0, tag: 0x30, field: "tbsCertList")
        signatureAlgorithm = try r.algorithm(try r.element(outer, 1, tag: 0x30, field: "signatureAlgorithm"), field: "signatureAlgorithm")
        signature = try r.bitString(try r.element(outer, 2, tag: 0x03, field: "signatureValue"), field: "signatureValue")
        tbsDER = tbs.encoded
        var fields = try r.children(tbs, field: "tbsCertList")
        if fields.first?.tag == 0x02 { fields.removeFirst() }
        issuer = try DistinguishedName(try r.element(fields, 1, tag: 0x30, field: "issuer"), reader: r, field: "issuer")
        guard fields.count > 2 else { throw r.fail("thisUpdate", "missing") }
        thisUpdate = try r.time(fields[2], field: "thisUpdate")
        var rest = fields.dropFirst(3)
        if let next = rest.first, next.tag == 0x17 || next.tag == 0x18 {
            nextUpdate = try r.time(next, field: "nextUpdate")
            rest = rest.dropFirst()
        }
        var serials: Set<[UInt8]> = []
        if let list = rest.first, list.tag == 0x30 {
            for entry in try r.children(list, field: "revokedCertificates") {
                let parts = try r.children(entry, tag: 0x30, field: "revokedCertificate")
                serials.insert(try r.element(parts, 0, tag: 0x02, field: "userCertificate").value)
            }
        }
        revokedSerialNumbers = serials
    }

    /// True when `issuerKey` verifies the CRL's signature.
    public func isSigned(by issuerKey: PublicKey) throws(PassiveAuthError) -> Bool {
        let scheme: SignatureScheme
        do { scheme = try SignatureScheme(signatureAlgorithm) } catch { throw .unsupportedAlgorithm("\(signatureAlgorithm) (\(error))") }
        return try SignatureVerifier.verify(signature: signature, over: tbsDER, scheme: scheme, digest: nil, key: issuerKey)
    }
}
