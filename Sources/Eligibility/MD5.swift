import COpenSSL

/// MD5 as lower-case hex, the form the gateway expects for passwords (through libcrypto).
public enum MD5 {
    /// `md5(text)` in lower-case hex.
    public static func hex(_ text: String) -> String {
        var out = [UInt8](repeating: 0, count: 16)
        var len: UInt32 = 0
        let bytes = Array(text.utf8)
        let ok = bytes.withUnsafeBufferPointer { buf in
            EVP_Digest(buf.baseAddress, buf.count, &out, &len, EVP_md5(), nil)
        }
        guard ok == 1 else { return "" }
        return out.prefix(Int(len)).map { String($0, radix: 16).leftPadded(2) }.joined()
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
