/// The block cipher a secure-messaging session uses, which fixes its key length, block size and MAC.
public enum SessionCipher: String, Sendable, Hashable, CaseIterable, Codable {
    case tripleDES = "3DES", aes128 = "AES-128", aes192 = "AES-192", aes256 = "AES-256"

    /// Key length in bytes.
    package var keyLength: Int {
        switch self {
        case .tripleDES, .aes128: 16
        case .aes192: 24
        case .aes256: 32
        }
    }

    /// Block size in bytes (also the SSC length).
    package var blockSize: Int { self == .tripleDES ? 8 : 16 }

    /// Encrypts or decrypts whole blocks in CBC mode with `iv`.
    package func cbc(key: [UInt8], iv: [UInt8]? = nil, data: [UInt8], encrypt: Bool) throws(EMRTDError) -> [UInt8] {
        let zero = [UInt8](repeating: 0, count: blockSize)
        if self == .tripleDES { return try BlockCipher.tripleDESCBC(key: key, iv: iv ?? zero, data: data, encrypt: encrypt) }
        return try BlockCipher.aesCBC(key: key, iv: iv ?? zero, data: data, encrypt: encrypt)
    }

    /// The 8-byte MAC of PACE tokens: retail MAC (padding method 2) for 3DES, AES-CMAC truncated for AES.
    package func mac(key: [UInt8], data: [UInt8]) throws(EMRTDError) -> [UInt8] {
        if self == .tripleDES { return try MAC.retail(key: key, data: data) }
        return Array(try MAC.cmac(key: key, data: data).prefix(8))
    }

    /// The 8-byte SM MAC over `SSC || data`: padded once with method 2 (ICAO 9303-11 §9.8.6.2, §9.8.7.2).
    package func secureMessagingMAC(key: [UInt8], ssc: [UInt8], data: [UInt8]) throws(EMRTDError) -> [UInt8] {
        if self == .tripleDES { return try MAC.retail(key: key, data: ssc + data) }
        return Array(try MAC.cmac(key: key, data: padISO9797(ssc + data, blockSize: blockSize)).prefix(8))
    }
}

/// Key derivation of ICAO 9303-11 §9.7.1: K = H(secret || counter), truncated to the cipher's key length.
package enum KeyDerivation {
    package static let encryptionCounter: UInt32 = 1
    package static let macCounter: UInt32 = 2
    package static let passwordCounter: UInt32 = 3

    /// Derives one key. 3DES keys get odd DES parity, as the ICAO worked examples print them.
    package static func derive(_ secret: [UInt8], counter: UInt32, cipher: SessionCipher) throws(EMRTDError) -> [UInt8] {
        let input = secret + [UInt8(counter >> 24), UInt8(counter >> 16 & 0xFF), UInt8(counter >> 8 & 0xFF), UInt8(counter & 0xFF)]
        switch cipher {
        case .tripleDES: return withDESParity(Array(try DigestAlgorithm.sha1.hash(input).prefix(16)))
        case .aes128: return Array(try DigestAlgorithm.sha1.hash(input).prefix(16))
        case .aes192: return Array(try DigestAlgorithm.sha256.hash(input).prefix(24))
        case .aes256: return try DigestAlgorithm.sha256.hash(input)
        }
    }

    /// K_enc and K_mac from a shared secret or BAC key seed.
    package static func sessionKeys(_ secret: [UInt8], cipher: SessionCipher) throws(EMRTDError) -> (enc: [UInt8], mac: [UInt8]) {
        (try derive(secret, counter: encryptionCounter, cipher: cipher), try derive(secret, counter: macCounter, cipher: cipher))
    }

    /// Sets each byte's lowest bit so the byte has odd parity.
    static func withDESParity(_ key: [UInt8]) -> [UInt8] {
        key.map { b in
            let high = b & 0xFE
            return high | (high.nonzeroBitCount % 2 == 0 ? 1 : 0)
        }
    }
}
