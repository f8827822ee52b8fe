import COpenSSL
import LDS

/// A public key held by libcrypto (RSA or EC, named or explicit curve parameters), freed on deinit.
public final class PublicKey: @unchecked Sendable {
    // Immutable after init; libcrypto keys are safe to use from several threads for verification.
    // Freed in deinit: read `raw` only while the key is kept alive (a parameter, self, or withExtendedLifetime).
    let raw: OpaquePointer

    /// The subject public key of a certificate, loaded with `d2i_X509` and `X509_get_pubkey`.
    public init(certificateDER der: [UInt8]) throws(PassiveAuthError) {
        let x509: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var p = buffer.baseAddress
            return d2i_X509(nil, &p, buffer.count)
        }
        guard let x509 else { throw .malformedCertificate("certificate", reason: "\(openSSLError("d2i_X509"))") }
        defer { X509_free(x509) }
        guard let key = X509_get_pubkey(x509) else {
            throw .unsupportedAlgorithm("certificate public key (\(openSSLError("X509_get_pubkey")))")
        }
        raw = key
    }

    /// A SubjectPublicKeyInfo DER (e.g. DG15's key), loaded with `d2i_PUBKEY`.
    public init(subjectPublicKeyInfoDER der: [UInt8]) throws(PassiveAuthError) {
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var p = buffer.baseAddress
            return d2i_PUBKEY(nil, &p, buffer.count)
        }
        guard let key else { throw .unsupportedAlgorithm("public key (\(openSSLError("d2i_PUBKEY")))") }
        raw = key
    }

    deinit { EVP_PKEY_free(raw) }

    /// The key's size in bits (modulus or field size).
    public var bits: Int { Int(EVP_PKEY_get_bits(raw)) }

    /// True for RSA (and RSA-PSS) keys.
    public var isRSA: Bool { EVP_PKEY_is_a(raw, "RSA") == 1 || EVP_PKEY_is_a(raw, "RSA-PSS") == 1 }

    /// True for EC keys.
    public var isEC: Bool { EVP_PKEY_is_a(raw, "EC") == 1 }
}
