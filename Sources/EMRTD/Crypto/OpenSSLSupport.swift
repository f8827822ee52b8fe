import COpenSSL

/// The last libcrypto error as text, prefixed with what was being done; clears the queue.
func openSSLError(_ what: String) -> EMRTDError {
    let code = ERR_get_error()
    ERR_clear_error()
    guard code != 0 else { return .crypto(what) }
    var buffer = [CChar](repeating: 0, count: 256)
    ERR_error_string_n(code, &buffer, buffer.count)
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return .crypto("\(what): \(text)")
}

/// An owned BIGNUM, freed on deinit.
///
/// Lifetime hazard: Swift may release a local `BigNum` right after its last Swift use, and reading `raw` can be that
/// last use, so `BN_f(x.raw)` may run on freed memory in optimised builds. Pass `raw` of a local or temporary only
/// inside `withExtendedLifetime(x) { … }` (or use a method on the object, which keeps `self` alive for the call).
final class BigNum {
    let raw: OpaquePointer

    init() throws(EMRTDError) {
        guard let bn = BN_new() else { throw openSSLError("BN_new") }
        raw = bn
    }

    /// A big-endian unsigned integer.
    init(_ bytes: [UInt8]) throws(EMRTDError) {
        guard let bn = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw openSSLError("BN_bin2bn") }
        raw = bn
    }

    /// Takes ownership of a BIGNUM.
    init(owning raw: OpaquePointer) { self.raw = raw }

    deinit { BN_clear_free(raw) }

    var byteCount: Int { Int((BN_num_bits(raw) + 7) / 8) }

    /// Big-endian bytes left-padded with zeros to `length` (or minimal when nil).
    func bytes(padTo length: Int? = nil) throws(EMRTDError) -> [UInt8] {
        let n = length ?? byteCount
        guard byteCount <= n else { throw .crypto("number of \(byteCount) bytes does not fit in \(n)") }
        var out = [UInt8](repeating: 0, count: n)
        guard BN_bn2binpad(raw, &out, Int32(n)) == Int32(n) else { throw openSSLError("BN_bn2binpad") }
        return out
    }

    static func compare(_ a: BigNum, _ b: BigNum) -> Int { Int(BN_cmp(a.raw, b.raw)) }
    var isZero: Bool { BN_is_zero(raw) == 1 }
    var isOne: Bool { BN_is_one(raw) == 1 }
}

/// An owned BN_CTX, freed on deinit (same lifetime hazard as `BigNum`: keep a local alive around C calls on `raw`).
final class BigNumContext {
    let raw: OpaquePointer
    init() throws(EMRTDError) {
        guard let ctx = BN_CTX_new() else { throw openSSLError("BN_CTX_new") }
        raw = ctx
    }
    deinit { BN_CTX_free(raw) }
}

/// XOR of two equal-length byte arrays (shorter one bounds the result).
func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { zip(a, b).map { $0 ^ $1 } }
