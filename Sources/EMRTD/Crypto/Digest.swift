import COpenSSL

/// The hash functions ICAO 9303 uses.
package enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha1, sha224, sha256, sha384, sha512

    private var md: OpaquePointer? {
        switch self {
        case .sha1: EVP_sha1()
        case .sha224: EVP_sha224()
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }

    /// The digest of `data`.
    package func hash(_ data: [UInt8]) throws(EMRTDError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(data, data.count, &out, &length, md, nil) == 1 else { throw openSSLError("EVP_Digest \(rawValue)") }
        return Array(out.prefix(Int(length)))
    }
}

/// Cryptographically secure random bytes from libcrypto.
package func secureRandom(_ count: Int) throws(EMRTDError) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    guard count == 0 || RAND_bytes(&out, Int32(count)) == 1 else { throw openSSLError("RAND_bytes") }
    return out
}
