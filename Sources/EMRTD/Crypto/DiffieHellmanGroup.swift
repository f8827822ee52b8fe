import COpenSSL

/// A MODP group with a prime-order subgroup (RFC 5114 §2.1–2.3), the DH groups PACE allows.
/// Group elements travel as big-endian integers padded to the length of p.
package final class DiffieHellmanGroup: @unchecked Sendable {
    /// The RFC 5114 groups by PACE standardized domain parameter ID 0, 1, 2.
    package enum Name: String, Sendable, CaseIterable {
        case modp1024_160 = "1024-bit MODP, 160-bit subgroup"
        case modp2048_224 = "2048-bit MODP, 224-bit subgroup"
        case modp2048_256 = "2048-bit MODP, 256-bit subgroup"
    }

    package let name: Name
    let p: BigNum
    let q: BigNum
    let g: BigNum
    private let ctx: BigNumContext
    /// Bytes of p (the length of every encoded element).
    package let elementSize: Int

    package init(_ name: Name) throws(EMRTDError) {
        let dh: OpaquePointer?
        switch name {
        case .modp1024_160: dh = DH_get_1024_160()
        case .modp2048_224: dh = DH_get_2048_224()
        case .modp2048_256: dh = DH_get_2048_256()
        }
        guard let dh else { throw openSSLError("DH_get \(name)") }
        defer { DH_free(dh) }
        var pp: OpaquePointer?
        var qq: OpaquePointer?
        var gg: OpaquePointer?
        DH_get0_pqg(dh, &pp, &qq, &gg)
        guard let pp, let qq, let gg, let pd = BN_dup(pp), let qd = BN_dup(qq), let gd = BN_dup(gg) else {
            throw openSSLError("DH_get0_pqg")
        }
        self.name = name
        p = BigNum(owning: pd)
        q = BigNum(owning: qd)
        g = BigNum(owning: gd)
        ctx = try BigNumContext()
        elementSize = p.byteCount
    }

    /// The group generator g.
    package var generator: [UInt8] { get throws(EMRTDError) { try g.bytes(padTo: elementSize) } }

    /// A uniformly random exponent in [1, q-1].
    package func randomExponent() throws(EMRTDError) -> [UInt8] {
        let k = try BigNum()
        repeat {
            let ok = withExtendedLifetime(k) { BN_priv_rand_range(k.raw, q.raw) == 1 }
            guard ok else { throw openSSLError("BN_priv_rand_range") }
        } while k.isZero
        return try k.bytes(padTo: q.byteCount)
    }

    /// Checks 1 < y < p-1 and y^q = 1 (y lies in the prime-order subgroup); returns y padded.
    package func validate(_ element: [UInt8]) throws(EMRTDError) -> [UInt8] {
        let y = try BigNum(element)
        let one = try BigNum([1])
        let pMinusOne = try BigNum()
        let subtracted = withExtendedLifetime((pMinusOne, one)) { BN_sub(pMinusOne.raw, p.raw, one.raw) == 1 }
        guard subtracted else { throw openSSLError("BN_sub") }
        guard BigNum.compare(y, one) > 0, BigNum.compare(y, pMinusOne) < 0 else {
            throw .malformed("DH public value outside 1 < y < p-1")
        }
        let check = try BigNum()
        let raised = withExtendedLifetime((check, y)) { BN_mod_exp(check.raw, y.raw, q.raw, p.raw, ctx.raw) == 1 }
        guard raised else { throw openSSLError("BN_mod_exp") }
        guard check.isOne else { throw .malformed("DH public value is not in the prime-order subgroup") }
        return try y.bytes(padTo: elementSize)
    }

    /// base^exponent mod p (base nil means g).
    package func power(_ exponent: [UInt8], base: [UInt8]? = nil) throws(EMRTDError) -> [UInt8] {
        let e = try BigNum(exponent)
        let b = try base.map { (bytes) throws(EMRTDError) in try BigNum(bytes) } ?? g
        let r = try BigNum()
        let ok = withExtendedLifetime((r, b, e)) { BN_mod_exp(r.raw, b.raw, e.raw, p.raw, ctx.raw) == 1 }
        guard ok else { throw openSSLError("BN_mod_exp") }
        return try r.bytes(padTo: elementSize)
    }

    /// a · b mod p.
    package func multiply(_ a: [UInt8], _ b: [UInt8]) throws(EMRTDError) -> [UInt8] {
        let x = try BigNum(a)
        let y = try BigNum(b)
        let r = try BigNum()
        let ok = withExtendedLifetime((r, x, y)) { BN_mod_mul(r.raw, x.raw, y.raw, p.raw, ctx.raw) == 1 }
        guard ok else { throw openSSLError("BN_mod_mul") }
        return try r.bytes(padTo: elementSize)
    }
}
