import CardIO
import Foundation
import LDS

/// An X.509 certificate parsed strictly, with what path validation needs; the DER stays the source of truth.
public struct Certificate: Sendable, Hashable, CustomStringConvertible {
    /// The whole certificate DER.
    public var derEncoded: [UInt8]
    /// The signed part (`tbsCertificate`), as the issuer's signature covers it.
    public var tbsDER: [UInt8]
    public var serialNumber: [UInt8]
    public var issuer: DistinguishedName
    public var subject: DistinguishedName
    public var notBefore: Date
    public var notAfter: Date
    /// The SubjectPublicKeyInfo DER.
    public var subjectPublicKeyInfoDER: [UInt8]
    /// The outer signature algorithm (what the issuer signed with).
    public var signatureAlgorithm: AlgorithmIdentifier
    public var signature: [UInt8]
    public var extensions: CertificateExtensions

    /// Parses a certificate DER; throws `malformedCertificate` naming the field.
    public init(derEncoded der: [UInt8]) throws(PassiveAuthError) {
        let r = DERReading(what: "certificate")
        let outer = try r.children(try r.single(der, tag: 0x30, field: "Certificate"), field: "Certificate")
        let tbs = try r.element(outer, 0, tag: 0x30, field: "tbsCertificate")
        signatureAlgorithm = try r.algorithm(try r.element(outer, 1, tag: 0x30, field: "signatureAlgorithm"), field: "signatureAlgorithm")
        signature = try r.bitString(try r.element(outer, 2, tag: 0x03, field: "signatureValue"), field: "signatureValue")
        derEncoded = der
        tbsDER = tbs.encoded
        var fields = try r.children(tbs, field: "tbsCertificate")
        if fields.first?.tag == 0xA0 { fields.removeFirst() }
        serialNumber = try r.element(fields, 0, tag: 0x02, field: "serialNumber").value
        let inner = try r.algorithm(try r.element(fields, 1, tag: 0x30, field: "tbsCertificate.signature"), field: "tbsCertificate.signature")
        guard inner.oid == signatureAlgorithm.oid else { throw r.fail("signature", "inner and outer algorithms differ") }
        issuer = try DistinguishedName(try r.element(fields, 2, tag: 0x30, field: "issuer"), reader: r, field: "issuer")
        let validity = try r.children(try r.element(fields, 3, tag: 0x30, field: "validity"), field: "validity")
        guard validity.count == 2 else { throw r.fail("validity", "expected notBefore and notAfter") }
        notBefore = try r.time(validity[0], field: "notBefore")
        notAfter = try r.time(validity[1], field: "notAfter")
        subject = try DistinguishedName(try r.element(fields, 4, tag: 0x30, field: "subject"), reader: r, field: "subject")
        subjectPublicKeyInfoDER = try r.element(fields, 5, tag: 0x30, field: "subjectPublicKeyInfo").encoded
        let ext = fields.dropFirst(6).first { $0.tag == 0xA3 }
        extensions = try ext.map { (e: TLV) throws(PassiveAuthError) in try CertificateExtensions(e, reader: r) } ?? CertificateExtensions()
    }

    /// Reads a file's bytes: DER, or PEM with one or more `CERTIFICATE` blocks.
    public static func load(fileContents bytes: [UInt8]) throws(PassiveAuthError) -> [Certificate] {
        guard bytes.first != 0x30 else { return [try Certificate(derEncoded: bytes)] }
        let text = String(decoding: bytes, as: UTF8.self)
        var result: [Certificate] = []
        for block in text.components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst() {
            guard let body = block.components(separatedBy: "-----END CERTIFICATE-----").first,
                let data = Data(base64Encoded: body, options: .ignoreUnknownCharacters)
            else { throw .malformedCertificate("PEM certificate", reason: "base64 body is invalid") }
            result.append(try Certificate(derEncoded: [UInt8](data)))
        }
        guard !result.isEmpty else { throw .malformedCertificate("certificate file", reason: "neither DER nor PEM CERTIFICATE") }
        return result
    }

    /// The subject public key, loaded by libcrypto from this certificate.
    public func publicKey() throws(PassiveAuthError) -> PublicKey { try PublicKey(certificateDER: derEncoded) }

    /// True when the subject and issuer names are equal (a root or self-issued link certificate).
    public var isSelfIssued: Bool { subject.matches(issuer) }

    /// True when `date` lies within notBefore…notAfter.
    public func isValid(at date: Date) -> Bool { notBefore <= date && date <= notAfter }

    /// True when `issuerKey` verifies this certificate's signature over its tbsCertificate.
    public func isSigned(by issuerKey: PublicKey) throws(PassiveAuthError) -> Bool {
        let scheme: SignatureScheme
        do { scheme = try SignatureScheme(signatureAlgorithm) } catch { throw .unsupportedAlgorithm("\(signatureAlgorithm) (\(error))") }
        return try SignatureVerifier.verify(signature: signature, over: tbsDER, scheme: scheme, digest: nil, key: issuerKey)
    }

    /// The serial number as hex.
    public var serialHex: String { hex(serialNumber) }

    public var description: String { "\(subject) (serial \(serialHex))" }
}
