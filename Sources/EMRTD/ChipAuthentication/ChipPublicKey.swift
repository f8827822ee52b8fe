import COpenSSL

/// A chip's static public key (DG14 chip-authentication key or DG15 active-authentication key), loaded from its
/// SubjectPublicKeyInfo DER with libcrypto. EC keys with named or explicit domain parameters are recognised.
package final class ChipPublicKey: @unchecked Sendable {
    /// What kind of key it is.
    package enum Kind: Sendable, Hashable {
        /// An EC key on a known curve with its uncompressed point.
        case ec(EllipticCurve.Name, point: [UInt8])
        /// An RSA key of `bits`.
        case rsa(bits: Int)
    }

    /// The EVP_PKEY (immutable after init).
    // Freed in deinit: read `raw` only while the key is kept alive (a parameter, self, or withExtendedLifetime).
    let raw: OpaquePointer
    package let kind: Kind

    /// Parses `der` (a SubjectPublicKeyInfo); `what` names the key in errors ("DG14 chip-authentication key").
    package init(subjectPublicKeyInfo der: [UInt8], what: String) throws(EMRTDError) {
        var pointer: UnsafePointer<UInt8>?
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            pointer = buffer.baseAddress
            return d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        guard let key = parsed else {
            ERR_clear_error()
            throw .malformed("\(what) is not a SubjectPublicKeyInfo libcrypto can load (DH keys are not supported)")
        }
        raw = key
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA:
            kind = .rsa(bits: Int(EVP_PKEY_get_bits(key)))
        case EVP_PKEY_EC:
            do { kind = try Self.ecKind(key, what: what) } catch {
                EVP_PKEY_free(key)
                throw error
            }
        default:
            EVP_PKEY_free(key)
            throw .unsupported("\(what) has key type \(EVP_PKEY_get_base_id(key)); only EC and RSA keys are implemented")
        }
    }

    deinit { EVP_PKEY_free(raw) }

    /// Names the curve (also when the parameters are explicit) and extracts the point.
    private static func ecKind(_ key: OpaquePointer, what: String) throws(EMRTDError) -> Kind {
        guard let ec = EVP_PKEY_get1_EC_KEY(key) else { throw openSSLError("EVP_PKEY_get1_EC_KEY") }
        defer { EC_KEY_free(ec) }
        guard let group = EC_KEY_get0_group(ec), let point = EC_KEY_get0_public_key(ec) else {
            throw .malformed("\(what) has no EC group or point")
        }
        var nid = EC_GROUP_get_curve_name(group)
        if nid == NID_undef { nid = EC_GROUP_check_named_curve(group, 0, nil) }
        ERR_clear_error()
        guard let name = EllipticCurve.Name.allCases.first(where: { $0.nid == nid }) else {
            throw .unsupported("\(what) lies on a curve that is not one of the ICAO standardized curves")
        }
        let length = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, nil, 0, nil)
        guard length > 0 else { throw openSSLError("EC_POINT_point2oct") }
        var out = [UInt8](repeating: 0, count: length)
        guard EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, &out, length, nil) == length else {
            throw openSSLError("EC_POINT_point2oct")
        }
        return .ec(name, point: out)
    }
}

extension EllipticCurve.Name {
    /// The dotted OID naming the curve (for building SubjectPublicKeyInfo with a named curve).
    package var curveOID: String {
        guard let object = OBJ_nid2obj(nid) else { return "" }
        var buffer = [CChar](repeating: 0, count: 80)
        let n = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        return String(decoding: buffer.prefix(Int(max(0, n))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
