import LDS

/// The group PACE's generic mapping and key agreement run in: an elliptic curve or a MODP group.
/// Group elements are encoded as PACE sends them: `04||x||y` for points, big-endian integers for DH.
package enum PACEGroup: Sendable {
    case ec(EllipticCurve)
    case dh(DiffieHellmanGroup)

    /// The group for a standardized domain parameter ID (ICAO 9303-11 §9.5.1, table 6).
    package init(parameterID: Int) throws(EMRTDError) {
        switch parameterID {
        case 0: self = .dh(try DiffieHellmanGroup(.modp1024_160))
        case 1: self = .dh(try DiffieHellmanGroup(.modp2048_224))
        case 2: self = .dh(try DiffieHellmanGroup(.modp2048_256))
        case 8: self = .ec(try EllipticCurve(.p192))
        case 9: self = .ec(try EllipticCurve(.brainpoolP192r1))
        case 10: self = .ec(try EllipticCurve(.p224))
        case 11: self = .ec(try EllipticCurve(.brainpoolP224r1))
        case 12: self = .ec(try EllipticCurve(.p256))
        case 13: self = .ec(try EllipticCurve(.brainpoolP256r1))
        case 14: self = .ec(try EllipticCurve(.brainpoolP320r1))
        case 15: self = .ec(try EllipticCurve(.p384))
        case 16: self = .ec(try EllipticCurve(.brainpoolP384r1))
        case 17: self = .ec(try EllipticCurve(.brainpoolP512r1))
        case 18: self = .ec(try EllipticCurve(.p521))
        default: throw .unsupported("PACE domain parameter ID \(parameterID) (proprietary or reserved)")
        }
    }

    /// A name for reports.
    package var name: String {
        switch self {
        case .ec(let c): c.name.rawValue
        case .dh(let g): g.name.rawValue
        }
    }

    /// The tag of the public key inside the authentication-token template 7F49 (86 point, 84 DH value).
    package var publicKeyTag: UInt8 {
        if case .ec = self { return 0x86 }
        return 0x84
    }

    /// The standard generator.
    package var generator: [UInt8] {
        get throws(EMRTDError) {
            switch self {
            case .ec(let c): try c.generator
            case .dh(let g): try g.generator
            }
        }
    }

    package func randomPrivateKey() throws(EMRTDError) -> [UInt8] {
        switch self {
        case .ec(let c): try c.randomScalar()
        case .dh(let g): try g.randomExponent()
        }
    }

    /// private · generator (EC) or generator^private (DH).
    package func publicKey(_ privateKey: [UInt8], generator: [UInt8]) throws(EMRTDError) -> [UInt8] {
        switch self {
        case .ec(let c): try c.multiply(privateKey, generator)
        case .dh(let g): try g.power(privateKey, base: generator)
        }
    }

    /// Checks a peer's public key and returns it normalised.
    package func validate(_ publicKey: [UInt8]) throws(EMRTDError) -> [UInt8] {
        switch self {
        case .ec(let c): try c.validate(publicKey)
        case .dh(let g): try g.validate(publicKey)
        }
    }

    /// The full shared element private · peer (the mapping's H).
    package func sharedElement(_ privateKey: [UInt8], peer: [UInt8]) throws(EMRTDError) -> [UInt8] {
        try publicKey(privateKey, generator: validate(peer))
    }

    /// The key-agreement secret: the x-coordinate (EC) or the whole element (DH).
    package func sharedSecret(_ privateKey: [UInt8], peer: [UInt8]) throws(EMRTDError) -> [UInt8] {
        let element = try sharedElement(privateKey, peer: peer)
        switch self {
        case .ec(let c): return try c.xCoordinate(element)
        case .dh: return element
        }
    }

    /// Generic mapping (ICAO 9303-11 §4.4.3.3.1): G~ = s·G + H, or g~ = g^s · h mod p.
    package func mapGenerator(nonce: [UInt8], shared: [UInt8]) throws(EMRTDError) -> [UInt8] {
        switch self {
        case .ec(let c): return try c.add(c.multiply(nonce), shared)
        case .dh(let g): return try g.multiply(g.power(nonce), shared)
        }
    }
}

extension PACEInfo.Cipher {
    /// The session cipher of this suite.
    package var sessionCipher: SessionCipher {
        switch self {
        case .tripleDES: .tripleDES
        case .aes128: .aes128
        case .aes192: .aes192
        case .aes256: .aes256
        }
    }
}
