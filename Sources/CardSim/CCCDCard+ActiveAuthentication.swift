import COpenSSL
import CardIO
import EMRTD
import LDS

extension CCCDCard {
    /// INTERNAL AUTHENTICATE: signs the 8-byte challenge with the active-authentication key — ECDSA-SHA256 as plain
    /// `r || s` (BSI TR-03111), or RSA with ISO/IEC 9796-2 scheme 1 (SHA-1, trailer BC).
    func internalAuthenticate(_ apdu: APDU, secured: Bool) -> ([UInt8], StatusWord) {
        guard secured else { return ([], .securityStatusNotSatisfied) }
        guard let key = configuration.activeAuthenticationKey else { return ([], .insNotSupported) }
        guard apdu.data.count == 8 else { return ([], .wrongLength) }
        do {
            if EVP_PKEY_get_base_id(key.raw) == EVP_PKEY_EC {
                return (try Self.plainECDSASignature(key, apdu.data), .success)
            }
            return (try Self.iso9796Sign(key, apdu.data), .success)
        } catch {
            return ([], .incorrectData)
        }
    }

    /// ECDSA-SHA256 converted from DER to `r || s`, each half as long as the group order.
    public static func plainECDSASignature(_ key: TestKey, _ message: [UInt8]) throws -> [UInt8] {
        let der = try key.sign(message, .ecdsa(.sha256))
        let size = (Int(EVP_PKEY_get_bits(key.raw)) + 7) / 8
        let parts = try BERTLV.parseSingle(der, expecting: 0x30).children()
        guard parts.count == 2 else { throw CardSideError.malformed }
        return try parts.flatMap { (part: TLV) throws -> [UInt8] in
            let value = Array(part.value.drop { $0 == 0 })
            guard value.count <= size else { throw CardSideError.malformed }
            return [UInt8](repeating: 0, count: size - value.count) + value
        }
    }

    /// ISO/IEC 9796-2 scheme 1: `6A || M1 || SHA-1(M1 || challenge) || BC`, raw RSA private operation.
    static func iso9796Sign(_ key: TestKey, _ challenge: [UInt8]) throws -> [UInt8] {
        let k = Int(EVP_PKEY_get_size(key.raw))
        let m1 = try secureRandom(k - 22)
        let h = try EMRTD.DigestAlgorithm.sha1.hash(m1 + challenge)
        let block = [0x6A] + m1 + h + [0xBC]
        guard let ctx = EVP_PKEY_CTX_new(key.raw, nil) else { throw CardSideError.malformed }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_sign_init(ctx) == 1, EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 else { throw CardSideError.malformed }
        var out = [UInt8](repeating: 0, count: k)
        var length = k
        guard EVP_PKEY_sign(ctx, &out, &length, block, block.count) == 1 else { throw CardSideError.malformed }
        return Array(out.prefix(length))
    }
}
