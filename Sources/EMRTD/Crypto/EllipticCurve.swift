import COpenSSL

/// A named elliptic curve over a prime field with the point arithmetic PACE's generic mapping needs.
/// Points travel as uncompressed octet strings (`04 || x || y`); every point from outside is validated.
package final class EllipticCurve: @unchecked Sendable {
    /// The curves PACE may use, with their OpenSSL NIDs.
    package enum Name: String, Sendable, CaseIterable {
        case p256 = "P-256", p384 = "P-384", p521 = "P-521"
        case brainpoolP256r1, brainpoolP384r1, brainpoolP512r1
        case p224 = "P-224", brainpoolP224r1, brainpoolP320r1, p192 = "P-192", brainpoolP192r1

        var nid: Int32 {
            switch self {
            case .p192: NID_X9_62_prime192v1
            case .p224: NID_secp224r1
            case .p256: NID_X9_62_prime256v1
            case .p384: NID_secp384r1
            case .p521: NID_secp521r1
            case .brainpoolP192r1: NID_brainpoolP192r1
            case .brainpoolP224r1: NID_brainpoolP224r1
            case .brainpoolP256r1: NID_brainpoolP256r1
            case .brainpoolP320r1: NID_brainpoolP320r1
            case .brainpoolP384r1: NID_brainpoolP384r1
            case .brainpoolP512r1: NID_brainpoolP512r1
            }
        }
    }

    package let name: Name
    private let group: OpaquePointer
    private let ctx: BigNumContext
    /// Bytes of one field element (the length of x and of y).
    package let fieldSize: Int
    /// Bytes of the group order.
    package let orderSize: Int
    private let order: BigNum

    package init(_ name: Name) throws(EMRTDError) {
        guard let group = EC_GROUP_new_by_curve_name(name.nid) else { throw openSSLError("EC_GROUP_new_by_curve_name \(name)") }
        self.name = name
        self.group = group
        do {
            ctx = try BigNumContext()
            order = try BigNum()
        } catch {
            EC_GROUP_free(group)
            throw error
        }
        fieldSize = Int((EC_GROUP_get_degree(group) + 7) / 8)
        EC_GROUP_get_order(group, order.raw, ctx.raw)
        orderSize = order.byteCount
    }

    deinit { EC_GROUP_free(group) }

    /// The curve's base point G.
    package var generator: [UInt8] {
        get throws(EMRTDError) {
            guard let g = EC_GROUP_get0_generator(group) else { throw openSSLError("EC_GROUP_get0_generator") }
            return try encode(g)
        }
    }

    /// A uniformly random private key in [1, n-1].
    package func randomScalar() throws(EMRTDError) -> [UInt8] {
        let k = try BigNum()
        repeat {
            let ok = withExtendedLifetime(k) { BN_priv_rand_range(k.raw, order.raw) == 1 }
            guard ok else { throw openSSLError("BN_priv_rand_range") }
        } while k.isZero
        return try k.bytes(padTo: orderSize)
    }

    /// Checks that `bytes` is an uncompressed point on the curve, not the point at infinity; returns it.
    package func validate(_ bytes: [UInt8]) throws(EMRTDError) -> [UInt8] {
        let p = try decode(bytes)
        defer { EC_POINT_free(p) }
        return try encode(p)
    }

    /// scalar · point (point nil means the generator).
    package func multiply(_ scalar: [UInt8], _ point: [UInt8]? = nil) throws(EMRTDError) -> [UInt8] {
        let k = try BigNum(scalar)
        guard let r = EC_POINT_new(group) else { throw openSSLError("EC_POINT_new") }
        defer { EC_POINT_free(r) }
        if let point {
            let p = try decode(point)
            defer { EC_POINT_free(p) }
            let ok = withExtendedLifetime(k) { EC_POINT_mul(group, r, nil, p, k.raw, ctx.raw) == 1 }
            guard ok else { throw openSSLError("EC_POINT_mul") }
        } else {
            let ok = withExtendedLifetime(k) { EC_POINT_mul(group, r, k.raw, nil, nil, ctx.raw) == 1 }
            guard ok else { throw openSSLError("EC_POINT_mul") }
        }
        return try encode(r)
    }

    /// a + b.
    package func add(_ a: [UInt8], _ b: [UInt8]) throws(EMRTDError) -> [UInt8] {
        let pa = try decode(a)
        defer { EC_POINT_free(pa) }
        let pb = try decode(b)
        defer { EC_POINT_free(pb) }
        guard let r = EC_POINT_new(group) else { throw openSSLError("EC_POINT_new") }
        defer { EC_POINT_free(r) }
        guard EC_POINT_add(group, r, pa, pb, ctx.raw) == 1 else { throw openSSLError("EC_POINT_add") }
        return try encode(r)
    }

    /// The x-coordinate of an encoded point (the ECDH shared secret).
    package func xCoordinate(_ point: [UInt8]) throws(EMRTDError) -> [UInt8] {
        let valid = try validate(point)
        return Array(valid[1...fieldSize])
    }

    private func decode(_ bytes: [UInt8]) throws(EMRTDError) -> OpaquePointer {
        guard bytes.count == 1 + 2 * fieldSize, bytes.first == 0x04 else {
            throw .malformed("EC point on \(name.rawValue) must be 04||x||y of \(1 + 2 * fieldSize) bytes, got \(bytes.count)")
        }
        guard let p = EC_POINT_new(group) else { throw openSSLError("EC_POINT_new") }
        guard EC_POINT_oct2point(group, p, bytes, bytes.count, ctx.raw) == 1,
            EC_POINT_is_on_curve(group, p, ctx.raw) == 1, EC_POINT_is_at_infinity(group, p) == 0
        else {
            EC_POINT_free(p)
            ERR_clear_error()
            throw .malformed("EC point is not on \(name.rawValue)")
        }
        return p
    }

    private func encode(_ point: OpaquePointer) throws(EMRTDError) -> [UInt8] {
        guard EC_POINT_is_at_infinity(group, point) == 0 else { throw .crypto("result is the point at infinity") }
        var out = [UInt8](repeating: 0, count: 1 + 2 * fieldSize)
        let n = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, &out, out.count, ctx.raw)
        guard n == out.count else { throw openSSLError("EC_POINT_point2oct") }
        return out
    }
}
