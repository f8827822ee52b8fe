import COpenSSL
import Foundation
import LDS

/// A certificate of the test PKI with its private key.
public struct TestCertificate: Sendable {
    /// The certificate DER.
    public let der: [UInt8]
    public let key: TestKey
    /// Subject name attributes, in order (`("C", "VN")`, `("CN", …)`).
    public let name: [TestPKI.NameAttribute]
    /// The subject key identifier written in the certificate.
    public let keyIdentifier: [UInt8]
    /// How this certificate's key signs.
    public let algorithm: TestSignatureAlgorithm
}

extension TestPKI {
    /// One attribute of an X.501 name.
    public struct NameAttribute: Sendable, Hashable {
        public var type: String
        public var value: String
        public init(_ type: String, _ value: String) {
            self.type = type
            self.value = value
        }
    }

    /// What a certificate to be issued looks like.
    struct Profile {
        var subject: [NameAttribute]
        var key: TestKey
        var algorithm: TestSignatureAlgorithm
        var serial: Int
        var notBefore: Date
        var notAfter: Date
        var isCA: Bool
        /// Override of the subject key identifier (an impostor copies the real one).
        var keyIdentifier: [UInt8]? = nil
        /// Override of the keyUsage BIT STRING DER.
        var keyUsage: [UInt8]? = nil
    }

    /// Issues a certificate with libcrypto's X509 API, signed by `issuer` (self-signed when nil).
    static func issue(_ p: Profile, by issuer: TestCertificate?) throws(TestPKIError) -> TestCertificate {
        guard let x = X509_new() else { throw .openSSL("X509_new") }
        defer { X509_free(x) }
        var ski = p.keyIdentifier ?? []
        if p.keyIdentifier == nil { ski = try LDS.DigestAlgorithm.sha1.digest(try p.key.subjectPublicKeyInfoDER()) }
        let signerKey = issuer?.key ?? p.key
        let signerAlgorithm = issuer?.algorithm ?? p.algorithm
        guard X509_set_version(x, 2) == 1, ASN1_INTEGER_set(X509_get_serialNumber(x), p.serial) == 1,
            ASN1_TIME_set(X509_getm_notBefore(x), time_t(p.notBefore.timeIntervalSince1970)) != nil,
            ASN1_TIME_set(X509_getm_notAfter(x), time_t(p.notAfter.timeIntervalSince1970)) != nil,
            X509_set_pubkey(x, p.key.raw) == 1
        else { throw .openSSL("X509 fields") }
        try withName(p.subject) { (n: OpaquePointer) throws(TestPKIError) in
            guard X509_set_subject_name(x, n) == 1 else { throw .openSSL("X509_set_subject_name") }
        }
        try withName(issuer?.name ?? p.subject) { (n: OpaquePointer) throws(TestPKIError) in
            guard X509_set_issuer_name(x, n) == 1 else { throw .openSSL("X509_set_issuer_name") }
        }
        let basic = SODBuilder.sequence(p.isCA ? [[0x01, 0x01, 0xFF], SODBuilder.integer(0)] : [])
        // keyUsage: keyCertSign + cRLSign (0x06, 1 unused bit) for a CA; digitalSignature (0x80, 7 unused bits) for a signer.
        let usage: [UInt8] = p.keyUsage ?? (p.isCA ? [0x03, 0x02, 0x01, 0x06] : [0x03, 0x02, 0x07, 0x80])
        try addExtension(x, nid: NID_basic_constraints, critical: true, value: basic)
        try addExtension(x, nid: NID_key_usage, critical: true, value: usage)
        try addExtension(x, nid: NID_subject_key_identifier, critical: false, value: SODBuilder.octets(ski))
        let aki = issuer?.keyIdentifier ?? ski
        try addExtension(x, nid: NID_authority_key_identifier, critical: false, value: SODBuilder.sequence([[0x80] + SODBuilder.length(aki.count) + aki]))

        guard let ctx = EVP_MD_CTX_new() else { throw .openSSL("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        try TestKey.initSigning(ctx, key: signerKey.raw, signerAlgorithm)
        guard X509_sign_ctx(x, ctx) > 0 else { throw .openSSL("X509_sign_ctx") }
        let der = try encode { i2d_X509(x, $0) }
        return TestCertificate(der: der, key: p.key, name: p.subject, keyIdentifier: ski, algorithm: p.algorithm)
    }

    /// Builds an X509_NAME for the duration of `body`.
    static func withName(_ attributes: [NameAttribute], _ body: (OpaquePointer) throws(TestPKIError) -> Void) throws(TestPKIError) {
        guard let name = X509_NAME_new() else { throw .openSSL("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        for a in attributes {
            let bytes = Array(a.value.utf8)
            guard X509_NAME_add_entry_by_txt(name, a.type, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                throw .openSSL("X509_NAME_add_entry_by_txt \(a.type)")
            }
        }
        try body(name)
    }

    /// Adds an extension whose value is the DER `value`.
    static func addExtension(_ x: OpaquePointer, nid: Int32, critical: Bool, value: [UInt8]) throws(TestPKIError) {
        guard let octets = ASN1_OCTET_STRING_new() else { throw .openSSL("ASN1_OCTET_STRING_new") }
        defer { ASN1_OCTET_STRING_free(octets) }
        guard ASN1_OCTET_STRING_set(octets, value, Int32(value.count)) == 1,
            let ext = X509_EXTENSION_create_by_NID(nil, nid, critical ? 1 : 0, octets)
        else { throw .openSSL("X509_EXTENSION_create_by_NID \(nid)") }
        defer { X509_EXTENSION_free(ext) }
        guard X509_add_ext(x, ext, -1) == 1 else { throw .openSSL("X509_add_ext") }
    }

    /// Runs an `i2d_*` function twice (length, then bytes).
    static func encode(_ i2d: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) throws(TestPKIError) -> [UInt8] {
        let length = i2d(nil)
        guard length > 0 else { throw .openSSL("i2d") }
        var out = [UInt8](repeating: 0, count: Int(length))
        let written = out.withUnsafeMutableBufferPointer { b in
            var p = b.baseAddress
            return i2d(&p)
        }
        guard written == length else { throw .openSSL("i2d") }
        return out
    }
}
