import CardIO
import Testing

@testable import EMRTD

/// ICAO Doc 9303 Part 11 (8th ed.), Appendix D "Worked example: Basic Access Control" (D.2–D.4).
/// Values as published there; also reproduced in public eMRTD test suites (e.g. gmrtd's kdf tests).
@Suite("BAC and secure messaging: ICAO 9303-11 Appendix D")
struct BACWorkedExampleTests {
    let mrz = try! MRZKey(documentNumber: "L898902C<", dateOfBirth: "690806", dateOfExpiry: "940623")

    @Test("MRZ information, key seed, K_enc and K_mac match D.2")
    func keys() throws {
        #expect(mrz.mrzInformation == "L898902C<369080619406236")
        #expect(try mrz.keySeed() == h("239AB9CB282DAF66231DC5A4DF6BFBAE"))
        let (enc, mac) = try KeyDerivation.sessionKeys(mrz.keySeed(), cipher: .tripleDES)
        #expect(enc == (try h("AB94FDECF2674FDFB9B391F85D7F76F2")))
        #expect(mac == (try h("7962D9ECE03D1ACD4C76089DCE131543")))
    }

    @Test("mutual authentication data, session keys and SSC match D.3")
    func mutualAuthentication() throws {
        let (enc, mac) = try KeyDerivation.sessionKeys(mrz.keySeed(), cipher: .tripleDES)
        let terminal = BAC.Terminal(rndIFD: try h("781723860C06C226"), kIFD: try h("0B795240CB7049B01C19B33E32804F0B"), kEnc: enc, kMac: mac)
        let rndIC = try h("4608F91988702212")
        #expect(try terminal.mutualAuthenticateData(rndIC: rndIC) == h(
            "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7"))
        let keys = try terminal.sessionKeys(
            response: h("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449"), rndIC: rndIC)
        #expect(keys.encryption == (try h("979EC13B1CBFE9DCD01AB0FED307EAE5")))
        #expect(keys.mac == (try h("F1CB1F1FB5ADF208806B89DC579DC1F8")))
        #expect(keys.ssc == (try h("887022120C06C226")))
    }

    @Test("a tampered MUTUAL AUTHENTICATE answer is a wrong-MAC error")
    func tamperedAnswer() throws {
        let (enc, mac) = try KeyDerivation.sessionKeys(mrz.keySeed(), cipher: .tripleDES)
        let terminal = BAC.Terminal(rndIFD: try h("781723860C06C226"), kIFD: try h("0B795240CB7049B01C19B33E32804F0B"), kEnc: enc, kMac: mac)
        var answer = try h("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
        answer[3] ^= 0x01
        #expect(throws: EMRTDError.secureMessaging(.wrongMAC)) { try terminal.sessionKeys(response: answer, rndIC: h("4608F91988702212")) }
        #expect(throws: EMRTDError.self) { try terminal.sessionKeys(response: [1, 2, 3], rndIC: h("4608F91988702212")) }
    }

    func session() throws -> SecureMessagingCodec {
        SecureMessagingCodec(keys: SessionKeys(
            cipher: .tripleDES, encryption: try h("979EC13B1CBFE9DCD01AB0FED307EAE5"), mac: try h("F1CB1F1FB5ADF208806B89DC579DC1F8"),
            ssc: try h("887022120C06C226")))
    }

    @Test("SELECT EF.COM and two READ BINARY commands are protected and unprotected as in D.4")
    func secureMessaging() throws {
        var codec = try session()
        let select = try codec.protect(APDU(ins: 0xA4, p1: 0x02, p2: 0x0C, data: [0x01, 0x1E]))
        #expect(try select.encoded() == h("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"))
        let selectAnswer = try codec.unprotect(ResponseAPDU(bytes: h("990290008E08FA855A5D4C50A8ED9000")))
        #expect(selectAnswer.status == .success && selectAnswer.data.isEmpty)

        let read4 = try codec.protect(APDU(ins: 0xB0, ne: 4))
        #expect(try read4.encoded() == h("0CB000000D9701048E08ED6705417E96BA5500"))
        let data4 = try codec.unprotect(ResponseAPDU(bytes: h("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")))
        #expect(data4.data == (try h("60145F01")))

        let read18 = try codec.protect(APDU(ins: 0xB0, p2: 0x04, ne: 0x12))
        #expect(try read18.encoded() == h("0CB000040D9701128E082EA28A70F3C7B53500"))
        let data18 = try codec.unprotect(ResponseAPDU(bytes: h(
            "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")))
        #expect(data18.data == (try h("04303130365F36063034303030305C026175")))
        #expect(codec.keys.ssc == (try h("887022120C06C22C")))
    }

    @Test("a response with a wrong MAC or without DO'8E' is a typed SM failure")
    func badResponses() throws {
        var codec = try session()
        _ = try codec.protect(APDU(ins: 0xA4, p1: 0x02, p2: 0x0C, data: [0x01, 0x1E]))
        #expect(throws: SecureMessagingFailure.wrongMAC) { try codec.unprotect(ResponseAPDU(bytes: h("990290008E08FA855A5D4C50A8EE9000"))) }
        var codec2 = try session()
        _ = try codec2.protect(APDU(ins: 0xA4, p1: 0x02, p2: 0x0C, data: [0x01, 0x1E]))
        #expect(throws: SecureMessagingFailure.missingDataObject("8E")) { try codec2.unprotect(ResponseAPDU(bytes: h("990290009000"))) }
        #expect(throws: SecureMessagingFailure.self) { try codec2.unprotect(ResponseAPDU(bytes: h("99049000"))) }
        #expect(throws: SecureMessagingFailure.sessionClosed(.smDataObjectsIncorrect)) { try codec2.unprotect(ResponseAPDU(bytes: h("6988"))) }
    }
}
