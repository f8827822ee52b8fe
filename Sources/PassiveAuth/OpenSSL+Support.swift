import COpenSSL
import LDS

/// The last libcrypto error as a `PassiveAuthError`, prefixed with what was being done; clears the queue.
func openSSLError(_ what: String) -> PassiveAuthError {
    let code = ERR_get_error()
    ERR_clear_error()
    guard code != 0 else { return .crypto(what) }
    var buffer = [CChar](repeating: 0, count: 256)
    ERR_error_string_n(code, &buffer, buffer.count)
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return .crypto("\(what): \(text)")
}

extension DigestAlgorithm {
    /// The libcrypto message digest (a static object, never freed).
    package var evpMD: OpaquePointer? {
        switch self {
        case .sha1: EVP_sha1()
        case .sha224: EVP_sha224()
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        case .sha512: EVP_sha512()
        }
    }

    /// The digest of `data`.
    public func hash(_ data: [UInt8]) throws(PassiveAuthError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(data, data.count, &out, &length, evpMD, nil) == 1 else { throw openSSLError("EVP_Digest \(rawValue)") }
        return Array(out.prefix(Int(length)))
    }
}
