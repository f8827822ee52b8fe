import CardIO
import CardSim
import LDS
import Testing

@testable import EMRTD

/// Opens a profile's card in-process with the CAN and returns the session and DG14's SecurityInfos.
func openProfile(_ profile: CCCDProfile, mode: CCCDCard.AccessMode = .both) throws -> (SimulatedReader, SecureMessagingChannel, SecurityInfos) {
    let reader = SimulatedReader(profile.configuration(mode: mode))
    let (sm, _) = try reader.open(profile.accessKeys)
    let dg14 = try FileReader(channel: sm).readFile(fileID: 0x010E)
    let infos = try SecurityInfos(derEncoded: BERTLV.parseSingle(dg14, expecting: 0x6E).value, file: .dataGroup(14))
    return (reader, sm, infos)
}

@Suite("Chip authentication (ECDH) against the simulated CCCD, in-process")
struct ChipAuthenticationTests {
    @Test("CA restarts secure messaging with new keys from the chip's DG14 key, and files read on", arguments: [SessionCipher.aes128, .tripleDES, .aes256])
    func roundTrip(cipher: SessionCipher) throws {
        let profile = try CCCDProfile(CitizenSample.samples[0], pki: nil, caCipher: cipher)
        let (reader, sm, infos) = try openProfile(profile)
        let (next, name) = try ChipAuthentication.run(sm, dg14: infos)
        #expect(name == "CA ECDH brainpoolP256r1 \(cipher.rawValue)")
        #expect(next.cipher == cipher)
        let dg13 = try FileReader(channel: next).readFile(fileID: 0x010D)
        #expect(dg13 == profile.files[0x010D])
        // The old session is gone: the card now checks MACs with the CA keys.
        #expect(throws: EMRTDError.self) { try FileReader(channel: sm).select(fileID: 0x011E) }
        _ = reader
    }

    @Test("CA with Diffie-Hellman (RFC 5114 2048/224 key in DG14) restarts secure messaging too", arguments: [SessionCipher.aes128, .tripleDES])
    func diffieHellman(cipher: SessionCipher) throws {
        let profile = try CCCDProfile(CitizenSample.samples[0], pki: nil, caCipher: cipher, caDH: true)
        let (_, sm, infos) = try openProfile(profile)
        let (next, name) = try ChipAuthentication.run(sm, dg14: infos)
        #expect(name == "CA DH 2048-bit \(cipher.rawValue)")
        #expect(try FileReader(channel: next).readFile(fileID: 0x0101) == profile.files[0x0101])
        let wrong = try CCCDProfile(CitizenSample.samples[0], pki: nil, caCipher: cipher, caDH: true, faults: [.wrongChipAuthenticationKey])
        let (_, sm2, infos2) = try openProfile(wrong)
        let (next2, _) = try ChipAuthentication.run(sm2, dg14: infos2)
        #expect(throws: EMRTDError.self) { try FileReader(channel: next2).select(fileID: 0x011E) }
    }

    @Test("A chip holding a different CA key than its DG14 cannot continue secure messaging")
    func wrongKey() throws {
        let profile = try CCCDProfile(CitizenSample.samples[1], pki: nil, faults: [.wrongChipAuthenticationKey])
        let (_, sm, infos) = try openProfile(profile)
        let (next, _) = try ChipAuthentication.run(sm, dg14: infos)
        #expect {
            try FileReader(channel: next).select(fileID: 0x011E)
        } throws: { error in
            guard let e = error as? EMRTDError, case .secureMessaging = e else { return false }
            return true
        }
    }

    @Test("DG14 without a chip-authentication key is reported as unsupported, not as a failure")
    func noKey() throws {
        let infos = try SecurityInfos(derEncoded: TLV(tag: 0x31, value: CCCDCard.defaultPACE.derEncoded).encoded, file: .dataGroup(14))
        #expect(throws: EMRTDError.unsupported("DG14 holds no ChipAuthenticationPublicKeyInfo: the chip offers no chip authentication")) {
            try ChipAuthentication.select(infos)
        }
    }

    @Test("The CA key's explicit-parameter and named-curve encodings name the same curve and point")
    func keyParsing() throws {
        let key = try SimulatedChipAuthenticationKey.generate()
        let parsed = try ChipPublicKey(subjectPublicKeyInfo: key.subjectPublicKeyInfo, what: "test key")
        #expect(parsed.kind == .ec(.brainpoolP256r1, point: key.publicKey))
        let aa = try TestKey.ec(curve: 927, explicitParameters: true)
        let explicit = try ChipPublicKey(subjectPublicKeyInfo: aa.subjectPublicKeyInfoDER(), what: "test key")
        guard case .ec(let curve, let point) = explicit.kind else { Issue.record("not EC"); return }
        #expect(curve == .brainpoolP256r1 && point.count == 65)
        #expect(throws: EMRTDError.self) { try ChipPublicKey(subjectPublicKeyInfo: [0x30, 0x03, 0x02, 0x01, 0x00], what: "junk") }
    }
}
