import COpenSSL

/// Raw block-cipher operations (no padding: callers pad with ISO 9797-1 method 2 themselves).
package enum BlockCipher {
    /// Two-key (16 bytes) or three-key (24 bytes) 3DES in CBC mode.
    package static func tripleDESCBC(key: [UInt8], iv: [UInt8] = [UInt8](repeating: 0, count: 8), data: [UInt8], encrypt: Bool)
        throws(EMRTDError) -> [UInt8]
    {
        let cipher: OpaquePointer?
        switch key.count {
        case 16: cipher = EVP_des_ede_cbc()
        case 24: cipher = EVP_des_ede3_cbc()
        default: throw .crypto("3DES key must be 16 or 24 bytes, got \(key.count)")
        }
        return try run(cipher, key: key, iv: iv, data: data, encrypt: encrypt, blockSize: 8)
    }

    /// AES (128/192/256 by key length) in CBC mode.
    package static func aesCBC(key: [UInt8], iv: [UInt8] = [UInt8](repeating: 0, count: 16), data: [UInt8], encrypt: Bool)
        throws(EMRTDError) -> [UInt8]
    {
        let cipher: OpaquePointer?
        switch key.count {
        case 16: cipher = EVP_aes_128_cbc()
        case 24: cipher = EVP_aes_192_cbc()
        case 32: cipher = EVP_aes_256_cbc()
        default: throw .crypto("AES key must be 16, 24 or 32 bytes, got \(key.count)")
        }
        return try run(cipher, key: key, iv: iv, data: data, encrypt: encrypt, blockSize: 16)
    }

    /// AES (128/192/256 by key length) in ECB mode.
    package static func aesECB(key: [UInt8], data: [UInt8], encrypt: Bool) throws(EMRTDError) -> [UInt8] {
        let cipher: OpaquePointer?
        switch key.count {
        case 16: cipher = EVP_aes_128_ecb()
        case 24: cipher = EVP_aes_192_ecb()
        case 32: cipher = EVP_aes_256_ecb()
        default: throw .crypto("AES key must be 16, 24 or 32 bytes, got \(key.count)")
        }
        return try run(cipher, key: key, iv: nil, data: data, encrypt: encrypt, blockSize: 16)
    }

    private static func run(_ cipher: OpaquePointer?, key: [UInt8], iv: [UInt8]?, data: [UInt8], encrypt: Bool, blockSize: Int)
        throws(EMRTDError) -> [UInt8]
    {
        guard data.count % blockSize == 0 else {
            throw .crypto("cipher input of \(data.count) bytes is not a multiple of the \(blockSize)-byte block")
        }
        if let iv, iv.count != blockSize { throw .crypto("IV must be \(blockSize) bytes, got \(iv.count)") }
        guard let cipher, let ctx = EVP_CIPHER_CTX_new() else { throw openSSLError("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        guard EVP_CipherInit_ex(ctx, cipher, nil, key, iv, encrypt ? 1 : 0) == 1 else { throw openSSLError("EVP_CipherInit_ex") }
        EVP_CIPHER_CTX_set_padding(ctx, 0)
        if data.isEmpty { return [] }
        var out = [UInt8](repeating: 0, count: data.count + blockSize)
        var written: Int32 = 0
        guard EVP_CipherUpdate(ctx, &out, &written, data, Int32(data.count)) == 1 else { throw openSSLError("EVP_CipherUpdate") }
        var final: Int32 = 0
        let ok = out.withUnsafeMutableBufferPointer { buf in
            EVP_CipherFinal_ex(ctx, buf.baseAddress! + Int(written), &final)
        }
        guard ok == 1 else { throw openSSLError("EVP_CipherFinal_ex") }
        return Array(out.prefix(Int(written + final)))
    }
}

/// ISO/IEC 9797-1 padding method 2: append 0x80, then zeros to a multiple of `blockSize`.
package func padISO9797(_ data: [UInt8], blockSize: Int) -> [UInt8] {
    var out = data
    out.append(0x80)
    while out.count % blockSize != 0 { out.append(0) }
    return out
}

/// Removes ISO/IEC 9797-1 method 2 padding; nil when the padding is malformed.
package func unpadISO9797(_ data: [UInt8]) -> [UInt8]? {
    guard let last = data.lastIndex(where: { $0 != 0 }), data[last] == 0x80 else { return nil }
    return Array(data[..<last])
}
