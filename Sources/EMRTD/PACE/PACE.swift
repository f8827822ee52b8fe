import CardIO
import LDS

/// PACE with generic mapping (ICAO 9303-11 §4.4): MSE:Set AT, encrypted nonce, mapping, key agreement,
/// authentication tokens. ECDH and DH, 3DES and AES. Integrated and chip-authentication mapping are refused.
public enum PACE {
    /// Runs PACE with `info` and `key`; returns the protected channel (SSC 0). A refused password is `.accessDenied`.
    public static func open(_ channel: any CardChannel, info: PACEInfo, key: AccessKey) throws(EMRTDError) -> SecureMessagingChannel {
        var terminal = try Terminal(info: info, key: key)
        return try terminal.run(channel)
    }

    /// True when this reader implements `info` (generic mapping, known cipher, standardized parameters).
    public static func supports(_ info: PACEInfo) -> Bool {
        guard let (mapping, _) = info.mapping, mapping == .generic, info.cipher != nil, let id = info.parameterID else { return false }
        return (0...2).contains(id) || (8...18).contains(id)
    }

    /// The terminal side with its ephemeral keys injectable, so the ICAO worked examples can drive it.
    package struct Terminal {
        package let info: PACEInfo
        package let group: PACEGroup
        package let cipher: SessionCipher
        let key: AccessKey
        /// Source of ephemeral private keys: the mapping key first, then the key-agreement key.
        package var nextPrivateKey: () throws(EMRTDError) -> [UInt8]
        /// Includes the parameter ID (84) in MSE:Set AT.
        package var sendParameterID = true

        package init(info: PACEInfo, key: AccessKey) throws(EMRTDError) {
            guard let (mapping, _) = info.mapping, let suite = info.cipher else {
                throw .unsupported("PACE protocol \(info.protocol) is not a known PACE OID")
            }
            guard mapping == .generic else {
                throw .unsupported("PACE \(mapping.rawValue) mapping (\(info.protocol)); only generic mapping is implemented — use BAC or a reader that supports it")
            }
            guard let id = info.parameterID else { throw .unsupported("PACEInfo without a standardized parameter ID (PACEDomainParameterInfo)") }
            self.info = info
            let group = try PACEGroup(parameterID: id)
            self.group = group
            cipher = suite.sessionCipher
            self.key = key
            nextPrivateKey = { () throws(EMRTDError) in try group.randomPrivateKey() }
        }

        package mutating func run(_ channel: any CardChannel) throws(EMRTDError) -> SecureMessagingChannel {
            var setAT = TLV(tag: 0x80, value: info.protocol.contentBytes).encoded + [0x83, 0x01, key.paceReference]
            if sendParameterID, let id = info.parameterID { setAT += [0x84, 0x01, UInt8(clamping: id)] }
            let mse = try exchange(channel, APDU(ins: 0x22, p1: 0xC1, p2: 0xA4, data: setAT), step: "MSE:Set AT")
            _ = mse

            let kPi = try key.paceKey(cipher: cipher)
            let z = try generalAuthenticate(channel, tag: nil, value: [], answerTag: 0x80, last: false, step: "GENERAL AUTHENTICATE (nonce)")
            guard !z.isEmpty, z.count % cipher.blockSize == 0 else { throw .malformed("encrypted nonce of \(z.count) bytes is not whole blocks") }
            let s = try cipher.cbc(key: kPi, data: z, encrypt: false)

            let skMap = try nextPrivateKey()
            let pkMapIFD = try group.publicKey(skMap, generator: group.generator)
            let pkMapIC = try generalAuthenticate(channel, tag: 0x81, value: pkMapIFD, answerTag: 0x82, last: false, step: "GENERAL AUTHENTICATE (map nonce)")
            let h = try group.sharedElement(skMap, peer: pkMapIC)
            let mapped = try group.mapGenerator(nonce: s, shared: h)

            let skIFD = try nextPrivateKey()
            let pkIFD = try group.publicKey(skIFD, generator: mapped)
            let pkIC = try group.validate(
                generalAuthenticate(channel, tag: 0x83, value: pkIFD, answerTag: 0x84, last: false, step: "GENERAL AUTHENTICATE (key agreement)"))
            guard pkIC != pkIFD else { throw .malformed("chip's ephemeral public key equals the terminal's") }
            let shared = try group.sharedSecret(skIFD, peer: pkIC)
            let (kEnc, kMac) = try KeyDerivation.sessionKeys(shared, cipher: cipher)

            let tIFD = try authenticationToken(macKey: kMac, publicKey: pkIC)
            let tIC = try generalAuthenticate(channel, tag: 0x85, value: tIFD, answerTag: 0x86, last: true, step: "GENERAL AUTHENTICATE (mutual authentication)")
            guard constantTimeEqual(tIC, try authenticationToken(macKey: kMac, publicKey: pkIFD)) else {
                throw .malformed("chip's authentication token does not verify: the chip does not hold the same session keys")
            }
            let keys = SessionKeys(cipher: cipher, encryption: kEnc, mac: kMac, ssc: [UInt8](repeating: 0, count: cipher.blockSize))
            return SecureMessagingChannel(base: channel, keys: keys)
        }

        /// T = MAC(K_mac, 7F49 { 06 OID, 86|84 public key }) (ICAO 9303-11 §4.4.3.4).
        package func authenticationToken(macKey: [UInt8], publicKey: [UInt8]) throws(EMRTDError) -> [UInt8] {
            let template = TLV(tag: 0x7F49, value: info.protocol.derEncoded + TLV(tag: TLVTag(rawValue: UInt32(group.publicKeyTag)), value: publicKey).encoded)
            return try cipher.mac(key: macKey, data: template.encoded)
        }

        private func generalAuthenticate(_ channel: any CardChannel, tag: UInt8?, value: [UInt8], answerTag: UInt8, last: Bool, step: String)
            throws(EMRTDError) -> [UInt8]
        {
            let inner = tag.map { TLV(tag: TLVTag(rawValue: UInt32($0)), value: value).encoded } ?? []
            let command = APDU(cla: last ? 0x00 : 0x10, ins: 0x86, data: TLV(tag: 0x7C, value: inner).encoded, ne: APDU.maxShortNe)
            let answer = try exchange(channel, command, step: step)
            do {
                let outer = try BERTLV.parseSingle(answer.data, expecting: 0x7C)
                guard let object = try outer.child(TLVTag(rawValue: UInt32(answerTag))) else {
                    throw EMRTDError.malformed("\(step): answer lacks data object \(hex([answerTag]))")
                }
                return object.value
            } catch let error as TLVError {
                throw .malformed("\(step): \(error)")
            } catch let error as EMRTDError {
                throw error
            } catch {
                throw .malformed("\(step): \(error)")
            }
        }

        private func exchange(_ channel: any CardChannel, _ command: APDU, step: String) throws(EMRTDError) -> ResponseAPDU {
            let answer: ResponseAPDU
            do { answer = try channel.send(command) } catch { throw .card(error) }
            guard answer.status.isSuccess else {
                if step.hasPrefix("GENERAL AUTHENTICATE (mutual")
                    && (answer.status == .verificationFailed || answer.status.retriesLeft != nil || answer.status == .securityStatusNotSatisfied)
                {
                    throw .accessDenied(protocol: "PACE", hint: "the \(key.kind) does not match this card (\(answer.status))")
                }
                throw .status(answer.status, step: "PACE \(step)")
            }
            return answer
        }
    }
}
