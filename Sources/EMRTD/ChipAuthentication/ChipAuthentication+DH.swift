import COpenSSL
import CardIO
import LDS

/// A Diffie-Hellman chip-authentication key (id-PK-DH, X9.42 `dhpublicnumber`): domain parameters p, g, q and y.
package struct DHChipKey: Sendable, Hashable {
    package var p: [UInt8]
    package var g: [UInt8]
    package var q: [UInt8]
    /// The public value, padded to the length of p.
    package var y: [UInt8]

    /// id-dhpublicnumber (ANSI X9.42).
    package static let algorithm = "1.2.840.10046.2.1"

    /// Reads `SEQUENCE { SEQUENCE { OID dhpublicnumber, SEQUENCE { p, g, q, … } }, BIT STRING { INTEGER y } }`.
    package init(subjectPublicKeyInfo der: [UInt8]) throws(EMRTDError) {
        do {
            let spki = try SubjectPublicKeyInfo(derEncoded: der, file: .dataGroup(14))
            guard spki.algorithm.dotted == Self.algorithm, let parameters = spki.parametersDER else {
                throw EMRTDError.unsupported("DG14 key algorithm \(spki.algorithm.dotted) is neither EC nor X9.42 DH")
            }
            let domain = try BERTLV.parseSingle(parameters, expecting: 0x30).children()
            guard domain.count >= 3, domain[0].tag == 0x02, domain[1].tag == 0x02, domain[2].tag == 0x02 else {
                throw EMRTDError.malformed("DG14 DH domain parameters lack p, g, q")
            }
            let strip = { (v: [UInt8]) in Array(v.drop { $0 == 0 }) }
            p = strip(domain[0].value)
            g = strip(domain[1].value)
            q = strip(domain[2].value)
            let yValue = strip(try BERTLV.parseSingle(spki.keyBits, expecting: 0x02).value)
            guard !p.isEmpty, !q.isEmpty, yValue.count <= p.count else { throw EMRTDError.malformed("DG14 DH key values out of range") }
            y = [UInt8](repeating: 0, count: p.count - yValue.count) + yValue
        } catch let error as EMRTDError {
            throw error
        } catch {
            throw .malformed("DG14 DH chip-authentication key: \(error)")
        }
    }

    /// A key from its parts (for building DG14 in the simulator).
    package init(p: [UInt8], g: [UInt8], q: [UInt8], y: [UInt8]) {
        (self.p, self.g, self.q, self.y) = (p, g, q, y)
    }

    /// The SubjectPublicKeyInfo DER.
    package var subjectPublicKeyInfo: [UInt8] {
        func integer(_ v: [UInt8]) -> [UInt8] {
            let trimmed = Array(v.drop { $0 == 0 })
            return TLV(tag: 0x02, value: (trimmed.first ?? 0x80) & 0x80 != 0 ? [0] + trimmed : trimmed).encoded
        }
        let parameters = TLV(tag: 0x30, value: integer(p) + integer(g) + integer(q)).encoded
        let algorithm = TLV(tag: 0x30, value: OID(dotted: Self.algorithm)!.derEncoded + parameters).encoded
        return TLV(tag: 0x30, value: algorithm + TLV(tag: 0x03, value: [0x00] + integer(y)).encoded).encoded
    }

    /// A random exponent in [1, q-1].
    package func randomExponent() throws(EMRTDError) -> [UInt8] {
        let k = try BigNum()
        let order = try BigNum(q)
        repeat {
            let ok = withExtendedLifetime((k, order)) { BN_priv_rand_range(k.raw, order.raw) == 1 }
            guard ok else { throw openSSLError("BN_priv_rand_range") }
        } while k.isZero
        return try k.bytes(padTo: q.count)
    }

    /// base^exponent mod p, padded to the length of p (base nil means g); a peer value is checked to lie in 1 < v < p-1
    /// and in the order-q subgroup.
    package func power(_ exponent: [UInt8], base: [UInt8]? = nil) throws(EMRTDError) -> [UInt8] {
        let modulus = try BigNum(p)
        let ctx = try BigNumContext()
        let b = try BigNum(base ?? g)
        if base != nil {
            let one = try BigNum([1])
            let limit = try BigNum()
            let subtracted = withExtendedLifetime((limit, modulus, one)) { BN_sub(limit.raw, modulus.raw, one.raw) == 1 }
            guard subtracted else { throw openSSLError("BN_sub") }
            guard BigNum.compare(b, one) > 0, BigNum.compare(b, limit) < 0 else { throw .malformed("DH public value outside 1 < y < p-1") }
            let check = try BigNum()
            let order = try BigNum(q)
            let ok = withExtendedLifetime((check, b, order, modulus, ctx)) {
                BN_mod_exp(check.raw, b.raw, order.raw, modulus.raw, ctx.raw) == 1
            }
            guard ok else { throw openSSLError("BN_mod_exp") }
            guard check.isOne else { throw .malformed("DH public value is not in the prime-order subgroup") }
        }
        let r = try BigNum()
        let e = try BigNum(exponent)
        let ok = withExtendedLifetime((r, b, e, modulus, ctx)) { BN_mod_exp(r.raw, b.raw, e.raw, modulus.raw, ctx.raw) == 1 }
        guard ok else { throw openSSLError("BN_mod_exp") }
        return try r.bytes(padTo: p.count)
    }
}

extension DiffieHellmanGroup {
    /// A DH chip-authentication key pair in this group: (private exponent, key).
    package func chipKeyPair() throws(EMRTDError) -> (secret: [UInt8], key: DHChipKey) {
        let x = try randomExponent()
        let key = DHChipKey(p: try p.bytes(), g: try g.bytes(), q: try q.bytes(), y: try power(x))
        return (x, key)
    }
}
