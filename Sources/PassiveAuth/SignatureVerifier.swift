import COpenSSL
import LDS

/// Checks one signature with `EVP_DigestVerify*` on the signer's key: RSA PKCS#1 v1.5, RSA-PSS and ECDSA
/// (any hash, named or explicit curve parameters). Never goes through libcrypto's chain verifier.
public enum SignatureVerifier {
    /// True when `signature` over `message` verifies under `key` with `scheme`; `digest` is used when the scheme
    /// names no hash. Throws only when the algorithm cannot be checked (unsupported or wrong key type).
    public static func verify(signature: [UInt8], over message: [UInt8], scheme: SignatureScheme,
        digest: DigestAlgorithm?, key: PublicKey) throws(PassiveAuthError) -> Bool {
        let hash: DigestAlgorithm
        switch scheme {
        case .rsaPKCS1v15(let d), .ecdsa(let d):
            guard let h = d ?? digest else { throw .unsupportedAlgorithm("\(scheme) without a digest algorithm") }
            hash = h
        case .rsaPSS(let h, _, _): hash = h
        case .other(let oid): throw .unsupportedAlgorithm(oid.description)
        }
        switch scheme {
        case .rsaPKCS1v15, .rsaPSS:
            guard key.isRSA else { throw .unsupportedAlgorithm("an RSA signature with a \(key.isEC ? "EC" : "non-RSA") key") }
        case .ecdsa:
            guard key.isEC else { throw .unsupportedAlgorithm("an ECDSA signature with a non-EC key") }
        case .other: break
        }
        guard let ctx = EVP_MD_CTX_new() else { throw openSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        var pctx: OpaquePointer?
        guard EVP_DigestVerifyInit(ctx, &pctx, hash.evpMD, nil, key.raw) == 1 else {
            throw openSSLError("EVP_DigestVerifyInit \(hash.rawValue)")
        }
        if case .rsaPSS(_, let mgf, let salt) = scheme {
            // pctx belongs to ctx and is freed with it.
            guard EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, mgf.evpMD) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, Int32(clamping: salt)) == 1
            else { throw openSSLError("RSA-PSS parameters") }
        }
        let result = EVP_DigestVerify(ctx, signature, signature.count, message, message.count)
        ERR_clear_error()  // a failed verification leaves an entry; it is an answer, not an error
        return result == 1
    }
}
