import CardIO
import EMRTD
import LDS

/// A chip-authentication key pair (ECDH on brainpoolP256r1, or DH in the RFC 5114 2048/224 group) and the CA
/// cipher the chip offers with it.
public struct SimulatedChipAuthenticationKey: Sendable {
    package let curve: EllipticCurve.Name
    /// The DH key instead of the EC one.
    package var dh: DHChipKey?
    package let privateKey: [UInt8]
    /// The uncompressed public point.
    public let publicKey: [UInt8]
    /// The session cipher after CA (3DES uses MSE:Set KAT, AES uses MSE:Set AT + GENERAL AUTHENTICATE).
    public let cipher: SessionCipher

    /// A fresh key pair; `dh` picks Diffie-Hellman instead of ECDH.
    public static func generate(cipher: SessionCipher = .aes128, dh: Bool = false) throws(EMRTDError) -> SimulatedChipAuthenticationKey {
        if dh {
            let (secret, key) = try DiffieHellmanGroup(.modp2048_224).chipKeyPair()
            return SimulatedChipAuthenticationKey(curve: .brainpoolP256r1, dh: key, privateKey: secret, publicKey: key.y, cipher: cipher)
        }
        let curve = try EllipticCurve(.brainpoolP256r1)
        let secret = try curve.randomScalar()
        return SimulatedChipAuthenticationKey(curve: .brainpoolP256r1, dh: nil, privateKey: secret, publicKey: try curve.multiply(secret), cipher: cipher)
    }

    /// id-CA-ECDH-{3DES-CBC-CBC, AES-CBC-CMAC-128/192/256}.
    public var protocolOID: OID {
        let last = switch cipher {
        case .tripleDES: "1"
        case .aes128: "2"
        case .aes192: "3"
        case .aes256: "4"
        }
        return OID(dotted: (dh == nil ? "0.4.0.127.0.7.2.2.3.2." : "0.4.0.127.0.7.2.2.3.1.") + last)!
    }

    /// The named-curve SubjectPublicKeyInfo of the public key.
    public var subjectPublicKeyInfo: [UInt8] {
        if let dh { return dh.subjectPublicKeyInfo }
        let algorithm = TLV(tag: 0x30, value: OID(dotted: "1.2.840.10045.2.1")!.derEncoded + (OID(dotted: curve.curveOID)?.derEncoded ?? []))
        return TLV(tag: 0x30, value: algorithm.encoded + TLV(tag: 0x03, value: [0x00] + publicKey).encoded).encoded
    }

    /// ChipAuthenticationInfo (version 1) and ChipAuthenticationPublicKeyInfo (id-PK-ECDH), DER, for DG14.
    public var securityInfos: [[UInt8]] {
        let info = TLV(tag: 0x30, value: protocolOID.derEncoded + [0x02, 0x01, 0x01]).encoded
        let key = TLV(tag: 0x30, value: OID(dotted: dh == nil ? "0.4.0.127.0.7.2.2.1.2" : "0.4.0.127.0.7.2.2.1.1")!.derEncoded
            + subjectPublicKeyInfo).encoded
        return [info, key]
    }

    /// The card's half of the key agreement: the session that follows CA with `terminalKey`.
    func agree(_ terminalKey: [UInt8]) throws -> CardSession {
        if let dh {
            let (enc, mac) = try KeyDerivation.sessionKeys(try dh.power(privateKey, base: terminalKey), cipher: cipher)
            return CardSession(cipher: cipher, kEnc: enc, kMac: mac, ssc: [UInt8](repeating: 0, count: cipher.blockSize))
        }
        let group = try EllipticCurve(curve)
        let shared = try group.xCoordinate(group.multiply(privateKey, group.validate(terminalKey)))
        let (enc, mac) = try KeyDerivation.sessionKeys(shared, cipher: cipher)
        return CardSession(cipher: cipher, kEnc: enc, kMac: mac, ssc: [UInt8](repeating: 0, count: cipher.blockSize))
    }
}

extension CCCDCard {
    /// MSE:Set KAT (`41 A6`, 3DES: key agreement at once) or MSE:Set AT (`41 A4`, AES: GENERAL AUTHENTICATE follows).
    func chipAuthenticationSetup(_ apdu: APDU, secured: Bool) -> StatusWord {
        guard secured else { return .securityStatusNotSatisfied }
        guard let key = configuration.chipAuthenticationKey else { return .referencedDataNotFound }
        guard let objects = try? BERTLV.parseAll(apdu.data) else { return .incorrectData }
        switch apdu.p2 {
        case 0xA6:
            guard key.cipher == .tripleDES, let ephemeral = objects.first(where: { $0.tag == 0x91 })?.value else { return .incorrectData }
            guard let next = try? key.agree(ephemeral) else { return .incorrectData }
            nextSession = next
            return .success
        case 0xA4:
            guard objects.first(where: { $0.tag == 0x80 })?.value == key.protocolOID.contentBytes else { return .referencedDataNotFound }
            chipAuthenticationPending = true
            return .success
        default:
            return .incorrectP1P2
        }
    }

    /// GENERAL AUTHENTICATE of chip authentication: `7C { 80 ephemeral key }` → empty `7C`, then new keys.
    func chipAuthenticationAgreement(_ apdu: APDU) -> ([UInt8], StatusWord) {
        chipAuthenticationPending = false
        guard let key = configuration.chipAuthenticationKey,
            let outer = try? BERTLV.parseSingle(apdu.data, expecting: 0x7C),
            let ephemeral = (try? outer.children())?.first(where: { $0.tag == 0x80 })?.value,
            let next = try? key.agree(ephemeral)
        else { return ([], .incorrectData) }
        nextSession = next
        return ([0x7C, 0x00], .success)
    }
}
