import COpenSSL
import Foundation
import LDS

/// A CSCA → document signer PKI generated in code at run time (no key is ever checked in), shaped like a real
/// country's: explicit EC domain parameters on Brainpool curves, or RSA-2048 (PKCS#1 v1.5 or PSS).
public struct TestPKI: Sendable {
    /// The key and signature families the test PKI can be made of.
    public enum Kind: String, Sendable, CaseIterable {
        /// brainpoolP384r1 keys with explicit parameters, ECDSA-SHA384, SHA-256 data group hashes (as evidence suggests for CCCD).
        case brainpoolP384r1
        /// RSA-2048, sha256WithRSAEncryption.
        case rsa2048
        /// RSA-2048, RSASSA-PSS with SHA-256.
        case rsaPSS2048
    }

    public let kind: Kind
    public let csca: TestCertificate
    public let documentSigner: TestCertificate
    /// The moment the PKI was generated for; certificates are valid around it.
    public let now: Date

    /// Generates a CSCA (valid one year back, ten ahead) and a document signer (a month back, five years ahead).
    public static func generate(_ kind: Kind = .brainpoolP384r1, country: String = "VN", now: Date = Date()) throws(TestPKIError) -> TestPKI {
        let csca = try makeCSCA(kind, name: [.init("C", country), .init("O", "idgate test PKI"), .init("CN", "CSCA Test \(country)")],
            now: now)
        let ds = try issueDocumentSigner(kind, by: csca, serial: 2, notBefore: now - 30 * day, notAfter: now + 5 * 365 * day)
        return TestPKI(kind: kind, csca: csca, documentSigner: ds, now: now)
    }

    /// A self-signed CSCA with a fresh key of `kind`.
    public static func makeCSCA(_ kind: Kind, name: [NameAttribute], now: Date, keyIdentifier: [UInt8]? = nil) throws(TestPKIError)
        -> TestCertificate
    {
        let profile = Profile(subject: name, key: try newKey(kind), algorithm: algorithm(kind), serial: 1,
            notBefore: now - 365 * day, notAfter: now + 10 * 365 * day, isCA: true, keyIdentifier: keyIdentifier)
        return try issue(profile, by: nil)
    }

    /// A document signer certificate issued by `csca`, with a fresh key of `kind`.
    /// `keyUsage` overrides the keyUsage BIT STRING DER (default: digitalSignature).
    public static func issueDocumentSigner(_ kind: Kind, by csca: TestCertificate, serial: Int, notBefore: Date, notAfter: Date,
        keyUsage: [UInt8]? = nil) throws(TestPKIError) -> TestCertificate
    {
        let country = csca.name.first { $0.type == "C" }?.value ?? "VN"
        let profile = Profile(subject: [.init("C", country), .init("O", "idgate test PKI"), .init("CN", "Document Signer \(serial)")],
            key: try newKey(kind), algorithm: algorithm(kind), serial: serial, notBefore: notBefore, notAfter: notAfter, isCA: false,
            keyUsage: keyUsage)
        return try issue(profile, by: csca)
    }

    /// A CRL signed by `csca` listing `revokedSerials`.
    public static func revocationList(by csca: TestCertificate, revokedSerials: [Int], now: Date) throws(TestPKIError) -> [UInt8] {
        guard let crl = X509_CRL_new() else { throw .openSSL("X509_CRL_new") }
        defer { X509_CRL_free(crl) }
        guard let this = ASN1_TIME_set(nil, time_t(now.timeIntervalSince1970)) else { throw .openSSL("ASN1_TIME_set") }
        defer { ASN1_TIME_free(this) }
        guard let next = ASN1_TIME_set(nil, time_t((now + 90 * day).timeIntervalSince1970)) else { throw .openSSL("ASN1_TIME_set") }
        defer { ASN1_TIME_free(next) }
        guard X509_CRL_set_version(crl, 1) == 1, X509_CRL_set1_lastUpdate(crl, this) == 1, X509_CRL_set1_nextUpdate(crl, next) == 1
        else { throw .openSSL("X509_CRL fields") }
        try withName(csca.name) { (n: OpaquePointer) throws(TestPKIError) in
            guard X509_CRL_set_issuer_name(crl, n) == 1 else { throw .openSSL("X509_CRL_set_issuer_name") }
        }
        for serial in revokedSerials {
            guard let entry = X509_REVOKED_new() else { throw .openSSL("X509_REVOKED_new") }
            guard let number = ASN1_INTEGER_new() else {
                X509_REVOKED_free(entry)
                throw .openSSL("ASN1_INTEGER_new")
            }
            defer { ASN1_INTEGER_free(number) }
            guard ASN1_INTEGER_set(number, serial) == 1, X509_REVOKED_set_serialNumber(entry, number) == 1,
                X509_REVOKED_set_revocationDate(entry, this) == 1, X509_CRL_add0_revoked(crl, entry) == 1
            else {
                X509_REVOKED_free(entry)
                throw .openSSL("X509_REVOKED fields")
            }
        }
        guard let ctx = EVP_MD_CTX_new() else { throw .openSSL("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        try TestKey.initSigning(ctx, key: csca.key.raw, csca.algorithm)
        guard X509_CRL_sort(crl) == 1, X509_CRL_sign_ctx(crl, ctx) > 0 else { throw .openSSL("X509_CRL_sign_ctx") }
        return try encode { i2d_X509_CRL(crl, $0) }
    }

    /// The hash the LDSSecurityObject uses for data groups with this kind.
    public var dataGroupDigest: LDS.DigestAlgorithm { .sha256 }

    static let day: TimeInterval = 86_400

    static func newKey(_ kind: Kind) throws(TestPKIError) -> TestKey {
        switch kind {
        case .brainpoolP384r1: try TestKey.ec(curve: NID_brainpoolP384r1, explicitParameters: true)
        case .rsa2048, .rsaPSS2048: try TestKey.rsa(bits: 2048)
        }
    }

    static func algorithm(_ kind: Kind) -> TestSignatureAlgorithm {
        switch kind {
        case .brainpoolP384r1: .ecdsa(.sha384)
        case .rsa2048: .rsaPKCS1(.sha256)
        case .rsaPSS2048: .rsaPSS(.sha256)
        }
    }
}
