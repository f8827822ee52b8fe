import CardIO
import EMRTD
import LDS

/// The chip's PACE progress between GENERAL AUTHENTICATE steps.
struct PACEState {
    var key: AccessKey
    var step = 0
    var nonce: [UInt8] = []
    var mapped: [UInt8] = []
    var privateKey: [UInt8] = []
    var publicKey: [UInt8] = []
    var terminalKey: [UInt8] = []
    var kEnc: [UInt8] = []
    var kMac: [UInt8] = []
}

extension CCCDCard {
    /// MSE:Set AT for PACE: checks the OID and password reference (1 MRZ, 2 CAN).
    func manageSecurityEnvironment(_ apdu: APDU) -> StatusWord {
        guard apdu.p1 == 0xC1, apdu.p2 == 0xA4 else { return .incorrectP1P2 }
        switch configuration.mode {
        case .bacOnly: return .insNotSupported
        case .paceAdvertisedButRefused: return .securityStatusNotSatisfied
        case .paceOnly, .both: break
        }
        guard let objects = try? BERTLV.parseAll(apdu.data),
            let oid = objects.first(where: { $0.tag == 0x80 })?.value,
            let ref = objects.first(where: { $0.tag == 0x83 })?.value
        else { return .incorrectData }
        guard oid == configuration.pace.protocol.contentBytes else { return .referencedDataNotFound }
        if let id = objects.first(where: { $0.tag == 0x84 })?.value, id != [UInt8(clamping: configuration.pace.parameterID ?? 0)] {
            return .referencedDataNotFound
        }
        switch ref {
        case [0x01]: pace = PACEState(key: .mrz(configuration.mrz))
        case [0x02]:
            guard let can = configuration.can else { return .referencedDataNotFound }
            pace = PACEState(key: .can(can))
        default: return .referencedDataNotFound
        }
        session = nil
        return .success
    }

    /// GENERAL AUTHENTICATE steps 1–4 of PACE generic mapping, card side.
    func generalAuthenticate(_ apdu: APDU) -> ([UInt8], StatusWord) {
        guard var state = pace, let cipherSuite = configuration.pace.cipher, let id = configuration.pace.parameterID else {
            return ([], .conditionsNotSatisfied)
        }
        let lastStep = state.step == 3
        guard (apdu.cla & 0x10 == 0) == lastStep else { return ([], .claNotSupported) }
        guard let outer = try? BERTLV.parseSingle(apdu.data, expecting: 0x7C), let inner = try? outer.children() else {
            pace = nil
            return ([], .incorrectData)
        }
        do {
            let group = try PACEGroup(parameterID: id)
            let cipher = cipherSuite.sessionCipher
            switch state.step {
            case 0:
                guard inner.isEmpty else { throw CardSideError.malformed }
                state.nonce = try secureRandom(16)
                let z = try cipher.cbc(key: state.key.paceKey(cipher: cipher), data: state.nonce, encrypt: true)
                state.step = 1
                pace = state
                return (TLV(tag: 0x7C, children: [TLV(tag: 0x80, value: z)]).encoded, .success)
            case 1:
                guard let pkMapIFD = inner.first(where: { $0.tag == 0x81 })?.value else { throw CardSideError.malformed }
                let sk = try group.randomPrivateKey()
                let pk = try group.publicKey(sk, generator: group.generator)
                state.mapped = try group.mapGenerator(nonce: state.nonce, shared: group.sharedElement(sk, peer: pkMapIFD))
                state.step = 2
                pace = state
                return (TLV(tag: 0x7C, children: [TLV(tag: 0x82, value: pk)]).encoded, .success)
            case 2:
                guard let pkIFD = inner.first(where: { $0.tag == 0x83 })?.value else { throw CardSideError.malformed }
                state.terminalKey = try group.validate(pkIFD)
                state.privateKey = try group.randomPrivateKey()
                state.publicKey = try group.publicKey(state.privateKey, generator: state.mapped)
                guard state.publicKey != state.terminalKey else { throw CardSideError.malformed }
                let shared = try group.sharedSecret(state.privateKey, peer: state.terminalKey)
                (state.kEnc, state.kMac) = try KeyDerivation.sessionKeys(shared, cipher: cipher)
                state.step = 3
                pace = state
                return (TLV(tag: 0x7C, children: [TLV(tag: 0x84, value: state.publicKey)]).encoded, .success)
            default:
                pace = nil
                authenticationAttempts += 1
                guard let tIFD = inner.first(where: { $0.tag == 0x85 })?.value else { throw CardSideError.malformed }
                guard tIFD == (try token(state.publicKey, group: group, cipher: cipher, kMac: state.kMac)) else {
                    return ([], .verificationFailed)
                }
                let tIC = try token(state.terminalKey, group: group, cipher: cipher, kMac: state.kMac)
                session = CardSession(cipher: cipher, kEnc: state.kEnc, kMac: state.kMac, ssc: [UInt8](repeating: 0, count: cipher.blockSize))
                return (TLV(tag: 0x7C, children: [TLV(tag: 0x86, value: tIC)]).encoded, .success)
            }
        } catch {
            pace = nil
            return ([], .incorrectData)
        }
    }

    private func token(_ publicKey: [UInt8], group: PACEGroup, cipher: SessionCipher, kMac: [UInt8]) throws -> [UInt8] {
        let template = TLV(tag: 0x7F49, value: configuration.pace.protocol.derEncoded
            + TLV(tag: TLVTag(rawValue: UInt32(group.publicKeyTag)), value: publicKey).encoded)
        return try cipher.mac(key: kMac, data: template.encoded)
    }
}
