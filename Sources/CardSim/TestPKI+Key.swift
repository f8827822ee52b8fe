import COpenSSL
import LDS
import PassiveAuth

/// Why the test PKI could not make a key, certificate or signature (libcrypto's error text included).
public struct TestPKIError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    static func openSSL(_ what: String) -> TestPKIError {
        let code = ERR_get_error()
        ERR_clear_error()
        var buffer = [CChar](repeating: 0, count: 256)
        if code != 0 { ERR_error_string_n(code, &buffer, buffer.count) }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return TestPKIError(description: "test PKI: \(what) failed \(text)")
    }
}

/// How the test PKI signs: the algorithm and its hash.
public enum TestSignatureAlgorithm: Sendable, Hashable {
    case ecdsa(LDS.DigestAlgorithm)
    case rsaPKCS1(LDS.DigestAlgorithm)
    /// RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash.
    case rsaPSS(LDS.DigestAlgorithm)

    var digest: LDS.DigestAlgorithm {
        switch self { case .ecdsa(let d), .rsaPKCS1(let d), .rsaPSS(let d): d }
    }

    /// The AlgorithmIdentifier DER a CMS SignerInfo carries for this algorithm.
    var algorithmIdentifierDER: [UInt8] {
        let oid: String
        switch self {
        case .ecdsa(let d): oid = ["sha1": "1.2.840.10045.4.1", "sha224": "1.2.840.10045.4.3.1", "sha256": "1.2.840.10045.4.3.2",
            "sha384": "1.2.840.10045.4.3.3", "sha512": "1.2.840.10045.4.3.4"][d.rawValue] ?? ""
        case .rsaPKCS1(let d): oid = ["sha1": "1.2.840.113549.1.1.5", "sha224": "1.2.840.113549.1.1.14", "sha256": "1.2.840.113549.1.1.11",
            "sha384": "1.2.840.113549.1.1.12", "sha512": "1.2.840.113549.1.1.13"][d.rawValue] ?? ""
        case .rsaPSS(let d):
            let hash = SODBuilder.sequence([SODBuilder.oid(d.oid), [0x05, 0x00]])
            let mgf = SODBuilder.sequence([SODBuilder.oid("1.2.840.113549.1.1.8"), hash])
            let params = SODBuilder.sequence([SODBuilder.tagged(0xA0, hash), SODBuilder.tagged(0xA1, mgf),
                SODBuilder.tagged(0xA2, SODBuilder.integer(d.outputLength))])
            return SODBuilder.sequence([SODBuilder.oid("1.2.840.113549.1.1.10"), params])
        }
        return SODBuilder.sequence([SODBuilder.oid(oid)])
    }
}

extension LDS.DigestAlgorithm {
    /// The dotted OID of the hash.
    var oid: String {
        switch self {
        case .sha1: "1.3.14.3.2.26"
        case .sha224: "2.16.840.1.101.3.4.2.4"
        case .sha256: "2.16.840.1.101.3.4.2.1"
        case .sha384: "2.16.840.1.101.3.4.2.2"
        case .sha512: "2.16.840.1.101.3.4.2.3"
        }
    }

    func digest(_ data: [UInt8]) throws(TestPKIError) -> [UInt8] {
        do { return try hash(data) } catch { throw TestPKIError(description: "test PKI: \(error)") }
    }
}

/// A private key generated at run time by libcrypto (never stored), freed on deinit.
public final class TestKey: @unchecked Sendable {
    // Immutable after init; used for signing only.
    // Freed in deinit: read `raw` only while the key is kept alive (a parameter, self, or withExtendedLifetime).
    let raw: OpaquePointer

    private init(raw: OpaquePointer) { self.raw = raw }
    deinit { EVP_PKEY_free(raw) }

    /// A fresh EC key on curve `nid` (e.g. `NID_brainpoolP384r1`); `explicitParameters` spells the domain parameters
    /// out in the public key encoding, as real CSCAs do, instead of naming the curve.
    public static func ec(curve nid: Int32, explicitParameters: Bool = true) throws(TestPKIError) -> TestKey {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw .openSSL("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, nid) == 1,
            EVP_PKEY_CTX_set_ec_param_enc(ctx, explicitParameters ? OPENSSL_EC_EXPLICIT_CURVE : OPENSSL_EC_NAMED_CURVE) == 1
        else { throw .openSSL("EC key generation setup") }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(ctx, &key) == 1, let key else { throw .openSSL("EVP_PKEY_keygen EC") }
        return TestKey(raw: key)
    }

    /// A fresh RSA key of `bits`.
    public static func rsa(bits: Int32 = 2048) throws(TestPKIError) -> TestKey {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { throw .openSSL("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) == 1 else { throw .openSSL("RSA setup") }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(ctx, &key) == 1, let key else { throw .openSSL("EVP_PKEY_keygen RSA") }
        return TestKey(raw: key)
    }

    /// The SubjectPublicKeyInfo DER (`i2d_PUBKEY`).
    public func subjectPublicKeyInfoDER() throws(TestPKIError) -> [UInt8] {
        let length = i2d_PUBKEY(raw, nil)
        guard length > 0 else { throw .openSSL("i2d_PUBKEY") }
        var out = [UInt8](repeating: 0, count: Int(length))
        let written = out.withUnsafeMutableBufferPointer { b in
            var p = b.baseAddress
            return i2d_PUBKEY(raw, &p)
        }
        guard written == length else { throw .openSSL("i2d_PUBKEY") }
        return out
    }

    /// Signs `message` with `algorithm` (`EVP_DigestSign`).
    public func sign(_ message: [UInt8], _ algorithm: TestSignatureAlgorithm) throws(TestPKIError) -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw .openSSL("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        try Self.initSigning(ctx, key: raw, algorithm)
        var length = 0
        guard EVP_DigestSign(ctx, nil, &length, message, message.count) == 1 else { throw .openSSL("EVP_DigestSign size") }
        var out = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &out, &length, message, message.count) == 1 else { throw .openSSL("EVP_DigestSign") }
        return Array(out.prefix(length))
    }

    /// `EVP_DigestSignInit` with the padding `algorithm` needs.
    static func initSigning(_ ctx: OpaquePointer, key: OpaquePointer, _ algorithm: TestSignatureAlgorithm) throws(TestPKIError) {
        var pctx: OpaquePointer?
        guard EVP_DigestSignInit(ctx, &pctx, algorithm.digest.evpMD, nil, key) == 1 else { throw .openSSL("EVP_DigestSignInit") }
        if case .rsaPSS(let d) = algorithm {
            guard EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1, EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, d.evpMD) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, Int32(d.outputLength)) == 1
            else { throw .openSSL("RSA-PSS parameters") }
        }
    }
}
