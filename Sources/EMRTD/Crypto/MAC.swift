/// Message authentication codes used by secure messaging and PACE.
package enum MAC {
    /// ISO/IEC 9797-1 MAC algorithm 3 (retail MAC) with DES and a 16-byte key, padding method 2 applied here.
    package static func retail(key: [UInt8], data: [UInt8]) throws(EMRTDError) -> [UInt8] {
        guard key.count == 16 else { throw .crypto("retail MAC key must be 16 bytes, got \(key.count)") }
        let k1 = Array(key[0..<8])
        let padded = padISO9797(data, blockSize: 8)
        // DES-CBC with K1 over all blocks but the last (in one cipher call: single DES is two-key 3DES with K1 = K2),
        // then 3DES (K1,K2,K1) on the last block chained to it.
        var chain = [UInt8](repeating: 0, count: 8)
        if padded.count > 8 {
            chain = Array(try BlockCipher.tripleDESCBC(key: k1 + k1, data: Array(padded.dropLast(8)), encrypt: true).suffix(8))
        }
        return try BlockCipher.tripleDESCBC(key: key, iv: chain, data: Array(padded.suffix(8)), encrypt: true)
    }

    /// AES-CMAC (NIST SP 800-38B, RFC 4493) with a 16/24/32-byte key; returns the full 16-byte tag.
    package static func cmac(key: [UInt8], data: [UInt8]) throws(EMRTDError) -> [UInt8] {
        let zero = [UInt8](repeating: 0, count: 16)
        let l = try BlockCipher.aesECB(key: key, data: zero, encrypt: true)
        let k1 = doubleInGF128(l)
        let k2 = doubleInGF128(k1)
        let blocks = max(1, (data.count + 15) / 16)
        let complete = !data.isEmpty && data.count % 16 == 0
        var last: [UInt8]
        if complete {
            last = xor(Array(data[(blocks - 1) * 16..<blocks * 16]), k1)
        } else {
            last = xor(padISO9797(Array(data[((blocks - 1) * 16)...]), blockSize: 16), k2)
        }
        // The CBC chain over every block but the last, in one cipher call.
        var x = zero
        if blocks > 1 {
            x = Array(try BlockCipher.aesCBC(key: key, data: Array(data[..<((blocks - 1) * 16)]), encrypt: true).suffix(16))
        }
        last = xor(last, x)
        return try BlockCipher.aesECB(key: key, data: last, encrypt: true)
    }

    private static func doubleInGF128(_ block: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        var carry: UInt8 = 0
        for i in stride(from: 15, through: 0, by: -1) {
            out[i] = block[i] << 1 | carry
            carry = block[i] >> 7
        }
        if carry == 1 { out[15] ^= 0x87 }
        return out
    }
}
