import COpenSSL
import CardIO
import LDS

/// Active authentication (ICAO 9303-11 §6.1): INTERNAL AUTHENTICATE with an 8-byte random challenge; the chip
/// signs it with its DG15 private key. ECDSA signatures are plain `r || s` (BSI TR-03111 §5.2.1) over the hash
/// named by DG14's ActiveAuthenticationInfo; RSA signatures use ISO/IEC 9796-2 scheme 1 (message recovery).
public enum ActiveAuthentication {
    /// What one run found.
    public struct Result: Sendable, Hashable {
        /// e.g. `"AA ECDSA brainpoolP256r1 SHA-256"`.
        public var protocolName: String
        public var passed: Bool
        /// Why it failed, when it did.
        public var detail: String?
    }

    /// Sends INTERNAL AUTHENTICATE and verifies the answer with DG15's key. `signatureAlgorithm` is DG14's
    /// ActiveAuthenticationInfo OID (needed for ECDSA; SHA-256 is assumed when absent).
    public static func run(_ channel: any CardChannel, dg15: [UInt8], signatureAlgorithm: OID?) throws(EMRTDError) -> Result {
        let spki: [UInt8]
        do { spki = try DG15(derEncoded: dg15).publicKey.derEncoded } catch { throw .malformed("DG15: \(error)") }
        let key = try ChipPublicKey(subjectPublicKeyInfo: spki, what: "DG15 active-authentication key")
        let challenge = try secureRandom(8)
        let answer: ResponseAPDU
        do { answer = try channel.send(APDU(ins: 0x88, data: challenge, ne: SecureMessagingCodec.openEndedNe(over: channel))) } catch {
            throw EMRTDError.from(error, channel: channel)
        }
        guard answer.status.isSuccess else { throw .status(answer.status, step: "AA INTERNAL AUTHENTICATE") }
        return try verify(signature: answer.data, challenge: challenge, key: key, signatureAlgorithm: signatureAlgorithm)
    }

    /// Verifies a chip's answer to `challenge`; a wrong signature is a failed result, not an error.
    package static func verify(signature: [UInt8], challenge: [UInt8], key: ChipPublicKey, signatureAlgorithm: OID?) throws(EMRTDError) -> Result {
        switch key.kind {
        case .ec(let curve, _):
            let digest = try ecdsaDigest(signatureAlgorithm)
            let name = "AA ECDSA \(curve.rawValue) \(digest.rawValue.uppercased())"
            let ok = try verifyECDSA(plain: signature, message: challenge, key: key, digest: digest, orderSize: EllipticCurve(curve).orderSize)
            return Result(protocolName: name, passed: ok, detail: ok ? nil : "the signature does not verify with DG15's key: the chip does not hold it")
        case .rsa(let bits):
            let name = "AA RSA-\(bits) ISO 9796-2"
            if let why = try verifyISO9796(signature: signature, challenge: challenge, key: key) {
                return Result(protocolName: name, passed: false, detail: why)
            }
            return Result(protocolName: name, passed: true)
        }
    }

    /// The hash of an ECDSA AA OID: ecdsa-plain-SHA* (BSI 0.4.0.127.0.7.1.1.4.1.x) or ecdsa-with-SHA* (X9.62).
    static func ecdsaDigest(_ oid: OID?) throws(EMRTDError) -> DigestAlgorithm {
        guard let oid else { return .sha256 }
        switch oid.dotted {
        case "0.4.0.127.0.7.1.1.4.1.1", "1.2.840.10045.4.1": return .sha1
        case "0.4.0.127.0.7.1.1.4.1.2", "1.2.840.10045.4.3.1": return .sha224
        case "0.4.0.127.0.7.1.1.4.1.3", "1.2.840.10045.4.3.2": return .sha256
        case "0.4.0.127.0.7.1.1.4.1.4", "1.2.840.10045.4.3.3": return .sha384
        case "0.4.0.127.0.7.1.1.4.1.5", "1.2.840.10045.4.3.4": return .sha512
        default: throw .unsupported("active authentication signature algorithm \(oid.dotted)")
        }
    }

    /// ECDSA over `message` with a plain `r || s` signature of two order-sized halves.
    static func verifyECDSA(plain: [UInt8], message: [UInt8], key: ChipPublicKey, digest: DigestAlgorithm, orderSize: Int) throws(EMRTDError) -> Bool {
        guard plain.count == 2 * orderSize else { return false }
        guard let sig = ECDSA_SIG_new() else { throw openSSLError("ECDSA_SIG_new") }
        defer { ECDSA_SIG_free(sig) }
        guard let r = BN_bin2bn(plain, Int32(orderSize), nil) else { throw openSSLError("BN_bin2bn") }
        guard let s = Array(plain[orderSize...]).withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32(orderSize), nil) }) else {
            BN_free(r)
            throw openSSLError("BN_bin2bn")
        }
        ECDSA_SIG_set0(sig, r, s)
        let length = i2d_ECDSA_SIG(sig, nil)
        guard length > 0 else { throw openSSLError("i2d_ECDSA_SIG") }
        var der = [UInt8](repeating: 0, count: Int(length))
        _ = der.withUnsafeMutableBufferPointer { b in
            var p = b.baseAddress
            return i2d_ECDSA_SIG(sig, &p)
        }
        guard let ctx = EVP_MD_CTX_new() else { throw openSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestVerifyInit(ctx, nil, digest.evpMD, nil, key.raw) == 1 else { throw openSSLError("EVP_DigestVerifyInit") }
        let result = EVP_DigestVerify(ctx, der, der.count, message, message.count)
        ERR_clear_error()
        return result == 1
    }

    /// ISO/IEC 9796-2 digital signature scheme 1 with partial recovery; nil when valid, else why not.
    static func verifyISO9796(signature: [UInt8], challenge: [UInt8], key: ChipPublicKey) throws(EMRTDError) -> String? {
        let k = Int(EVP_PKEY_get_size(key.raw))
        guard signature.count == k else { return "signature of \(signature.count) bytes for a \(k)-byte modulus" }
        guard let ctx = EVP_PKEY_CTX_new(key.raw, nil) else { throw openSSLError("EVP_PKEY_CTX_new") }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_verify_recover_init(ctx) == 1, EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 else {
            throw openSSLError("EVP_PKEY_verify_recover_init")
        }
        var out = [UInt8](repeating: 0, count: k)
        var length = k
        guard EVP_PKEY_verify_recover(ctx, &out, &length, signature, signature.count) == 1, length == k else {
            ERR_clear_error()
            return "the signature does not decrypt with DG15's key"
        }
        guard out.first == 0x6A else { return "recovered block does not start with header 6A" }
        let digest: DigestAlgorithm
        var trailer = 1
        switch out.last {
        case 0xBC: digest = .sha1
        case 0xCC:
            trailer = 2
            switch out[k - 2] {
            case 0x33: digest = .sha1
            case 0x34: digest = .sha256
            case 0x35: digest = .sha512
            case 0x36: digest = .sha384
            case 0x38: digest = .sha224
            default: return "unknown hash identifier \(hex([out[k - 2]])) in the ISO 9796-2 trailer"
            }
        default: return "recovered block has no ISO 9796-2 trailer (BC or xxCC)"
        }
        let hashLength = try digest.hash([]).count
        guard k - trailer - hashLength > 1 else { return "modulus too small for the hash" }
        let m1 = Array(out[1..<(k - trailer - hashLength)])
        let expected = Array(out[(k - trailer - hashLength)..<(k - trailer)])
        return constantTimeEqual(try digest.hash(m1 + challenge), expected) ? nil : "the recovered hash does not match the challenge"
    }
}

extension DigestAlgorithm {
    /// The libcrypto message digest.
    var evpMD: OpaquePointer? {
        switch self {
        case .sha1: EVP_sha1()
        case .sha224: EVP_sha224()
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }
}
