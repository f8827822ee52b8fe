import CardIO
import LDS

/// Chip authentication with ECDH or DH (ICAO 9303-11 §6.2, BSI TR-03110 §3.4): an ephemeral key agreement with the
/// chip's static DG14 key, then secure messaging restarts with keys derived from the shared secret (SSC 0).
/// A chip that does not hold the private key cannot answer the next protected command correctly.
public enum ChipAuthentication {
    /// The chosen DG14 entries: the protocol (cipher) and the public key.
    public struct Selection: Sendable, Hashable {
        /// e.g. id-CA-ECDH-AES-CBC-CMAC-128; nil when DG14 has only the key (3DES is then implied).
        public var info: ChipAuthenticationInfo?
        public var publicKey: ChipAuthenticationPublicKeyInfo
        /// The session cipher after CA.
        public var cipher: SessionCipher
    }

    /// id-CA-ECDH = 0.4.0.127.0.7.2.2.3.2.
    static let ecdhPrefix: [UInt64] = [0, 4, 0, 127, 0, 7, 2, 2, 3, 2]
    /// id-CA-DH = 0.4.0.127.0.7.2.2.3.1.
    static let dhPrefix: [UInt64] = [0, 4, 0, 127, 0, 7, 2, 2, 3, 1]

    /// Picks the first ECDH or DH ChipAuthenticationInfo with a matching key (by key ID when given).
    public static func select(_ dg14: SecurityInfos) throws(EMRTDError) -> Selection {
        let keys = dg14.chipAuthenticationPublicKeys
        guard !keys.isEmpty else { throw .unsupported("DG14 holds no ChipAuthenticationPublicKeyInfo: the chip offers no chip authentication") }
        for info in dg14.chipAuthenticationInfos where [ecdhPrefix, dhPrefix].contains(Array(info.protocol.arcs.prefix(10))) {
            guard let cipher = sessionCipher(info.protocol) else { continue }
            let key = keys.first { info.keyID == nil || $0.keyID == nil || $0.keyID == info.keyID }
            if let key { return Selection(info: info, publicKey: key, cipher: cipher) }
        }
        if dg14.chipAuthenticationInfos.isEmpty, let key = keys.first {
            return Selection(info: nil, publicKey: key, cipher: .tripleDES)
        }
        throw .unsupported("DG14 offers only chip authentication variants this reader does not implement (an unknown cipher)")
    }

    /// The cipher named by the last arc of an id-CA OID.
    static func sessionCipher(_ oid: OID) -> SessionCipher? {
        switch oid.arcs.last {
        case 1: .tripleDES
        case 2: .aes128
        case 3: .aes192
        case 4: .aes256
        default: nil
        }
    }

    /// Runs chip authentication on `channel`; returns the channel with the new keys and a protocol name for reports.
    /// A chip that refuses a step throws `.status`; one answering with wrong keys shows up on the next command.
    public static func run(_ channel: SecureMessagingChannel, dg14: SecurityInfos) throws(EMRTDError) -> (SecureMessagingChannel, String) {
        let selection = try select(dg14)
        let spki = selection.publicKey.subjectPublicKeyInfo
        let ephemeralPublic: [UInt8], shared: [UInt8], agreement: String
        if (try? SubjectPublicKeyInfo(derEncoded: spki, file: .dataGroup(14)))?.algorithm.dotted == DHChipKey.algorithm {
            let dh = try DHChipKey(subjectPublicKeyInfo: spki)
            let ephemeral = try dh.randomExponent()
            ephemeralPublic = try dh.power(ephemeral)
            shared = try dh.power(ephemeral, base: dh.y)
            agreement = "DH \(dh.p.count * 8)-bit"
        } else {
            let key = try ChipPublicKey(subjectPublicKeyInfo: spki, what: "DG14 chip-authentication key")
            guard case .ec(let name, let chipPoint) = key.kind else { throw .unsupported("DG14 chip-authentication key is an RSA key") }
            let curve = try EllipticCurve(name)
            let ephemeral = try curve.randomScalar()
            ephemeralPublic = try curve.multiply(ephemeral)
            shared = try curve.xCoordinate(curve.multiply(ephemeral, chipPoint))
            agreement = "ECDH \(name.rawValue)"
        }
        let keyReference = selection.info?.keyID ?? selection.publicKey.keyID
        let reference = keyReference.map { TLV(tag: 0x84, value: $0).encoded } ?? []
        if selection.cipher == .tripleDES {
            try exchange(channel, APDU(ins: 0x22, p1: 0x41, p2: 0xA6, data: TLV(tag: 0x91, value: ephemeralPublic).encoded + reference),
                         step: "CA MSE:Set KAT")
        } else if let info = selection.info {
            try exchange(channel, APDU(ins: 0x22, p1: 0x41, p2: 0xA4, data: TLV(tag: 0x80, value: info.protocol.contentBytes).encoded + reference),
                         step: "CA MSE:Set AT")
            let answer = try exchange(channel, APDU(ins: 0x86, data: TLV(tag: 0x7C, value: TLV(tag: 0x80, value: ephemeralPublic).encoded).encoded,
                                                    ne: SecureMessagingCodec.openEndedNe(over: channel)), step: "CA GENERAL AUTHENTICATE")
            guard (try? BERTLV.parseSingle(answer.data, expecting: 0x7C)) != nil else {
                throw .malformed("CA GENERAL AUTHENTICATE: answer is not a dynamic authentication data object 7C")
            }
        }
        let (enc, mac) = try KeyDerivation.sessionKeys(shared, cipher: selection.cipher)
        let keys = SessionKeys(cipher: selection.cipher, encryption: enc, mac: mac, ssc: [UInt8](repeating: 0, count: selection.cipher.blockSize))
        return (SecureMessagingChannel(base: channel.base, keys: keys), "CA \(agreement) \(selection.cipher.rawValue)")
    }

    @discardableResult
    private static func exchange(_ channel: SecureMessagingChannel, _ command: APDU, step: String) throws(EMRTDError) -> ResponseAPDU {
        let answer: ResponseAPDU
        do { answer = try channel.send(command) } catch { throw EMRTDError.from(error, channel: channel) }
        guard answer.status.isSuccess else { throw .status(answer.status, step: step) }
        return answer
    }
}
