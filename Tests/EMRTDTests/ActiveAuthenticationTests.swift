import CardIO
import CardSim
import LDS
import Testing

@testable import EMRTD

@Suite("Active authentication against the simulated CCCD, in-process")
struct ActiveAuthenticationTests {
    static func aaAlgorithm(_ infos: SecurityInfos) -> OID? {
        infos.infos.lazy.compactMap { if case .activeAuthentication(let oid) = $0 { oid } else { nil } }.first
    }

    @Test("The chip signs the challenge with DG15's key and the signature verifies", arguments: CCCDProfile.ActiveAuthenticationKeyType.allCases)
    func passes(type: CCCDProfile.ActiveAuthenticationKeyType) throws {
        let profile = try CCCDProfile(CitizenSample.samples[0], pki: nil, activeAuthentication: type)
        let (_, sm, infos) = try openProfile(profile)
        let dg15 = try FileReader(channel: sm).readFile(fileID: 0x010F)
        let result = try ActiveAuthentication.run(sm, dg15: dg15, signatureAlgorithm: Self.aaAlgorithm(infos))
        #expect(result.passed, "\(result.detail ?? "")")
        #expect(result.protocolName == (type == .ecdsa ? "AA ECDSA brainpoolP256r1 SHA256" : "AA RSA-1024 ISO 9796-2"))
    }

    @Test("A chip whose AA key differs from DG15's fails active authentication", arguments: CCCDProfile.ActiveAuthenticationKeyType.allCases)
    func wrongKey(type: CCCDProfile.ActiveAuthenticationKeyType) throws {
        let profile = try CCCDProfile(CitizenSample.samples[2], pki: nil, activeAuthentication: type, faults: [.wrongActiveAuthenticationKey])
        let (_, sm, infos) = try openProfile(profile)
        let dg15 = try FileReader(channel: sm).readFile(fileID: 0x010F)
        let result = try ActiveAuthentication.run(sm, dg15: dg15, signatureAlgorithm: Self.aaAlgorithm(infos))
        #expect(!result.passed)
        #expect(result.detail != nil)
    }

    @Test("A signature for another challenge, or a flipped bit, does not verify")
    func tampered() throws {
        let key = try TestKey.ec(curve: 927, explicitParameters: false)
        let chipKey = try ChipPublicKey(subjectPublicKeyInfo: key.subjectPublicKeyInfoDER(), what: "test")
        let challenge: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        // Sign through the card's own INTERNAL AUTHENTICATE code path (plain r||s).
        let signature = try CCCDCard.plainECDSASignature(key, challenge)
        #expect(try ActiveAuthentication.verify(signature: signature, challenge: challenge, key: chipKey, signatureAlgorithm: nil).passed)
        var flipped = signature
        flipped[5] ^= 0x10
        #expect(try !ActiveAuthentication.verify(signature: flipped, challenge: challenge, key: chipKey, signatureAlgorithm: nil).passed)
        #expect(try !ActiveAuthentication.verify(signature: signature, challenge: challenge.reversed(), key: chipKey, signatureAlgorithm: nil).passed)
        #expect(try !ActiveAuthentication.verify(signature: Array(signature.prefix(10)), challenge: challenge, key: chipKey, signatureAlgorithm: nil).passed)
    }
}
