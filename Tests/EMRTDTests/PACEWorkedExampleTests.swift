import CardIO
import LDS
import Testing

@testable import EMRTD

/// ICAO Doc 9303 Part 11 (8th ed.), Appendix G: PACE worked examples with the MRZ password of
/// document T22000129 (born 640812, expires 101031). G.1 is ECDH generic mapping on brainpoolP256r1
/// with AES-128; G.2 is DH generic mapping on the RFC 5114 1024-bit group with AES-128.
@Suite("PACE generic mapping: ICAO 9303-11 Appendix G")
struct PACEWorkedExampleTests {
    let key = AccessKey.mrz(try! MRZKey(documentNumber: "T22000129", dateOfBirth: "640812", dateOfExpiry: "101031"))

    @Test("the MRZ password and K_π match Appendix G")
    func password() throws {
        #expect(try key.pacePassword() == h("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD"))
        #expect(try key.paceKey(cipher: .aes128) == h("89DED1B26624EC1E634C1989302849DD"))
    }

    func terminal(oid: String, parameterID: Int, privateKeys: [String]) throws -> PACE.Terminal {
        let info = PACEInfo(protocol: try #require(OID(dotted: oid)), version: 2, parameterID: parameterID)
        var terminal = try PACE.Terminal(info: info, key: key)
        var keys = try privateKeys.map { try h($0) }
        terminal.nextPrivateKey = { () throws(EMRTDError) in
            guard !keys.isEmpty else { throw .crypto("test ran out of private keys") }
            return keys.removeFirst()
        }
        terminal.sendParameterID = false
        return terminal
    }

    @Test("ECDH-GM on brainpoolP256r1 reproduces the G.1 transcript, session keys and tokens")
    func ecdhGenericMapping() throws {
        let pkMapIFD = "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D"
        let pkMapIC = "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"
        let pkIFD = "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462"
        let pkIC = "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"
        let channel = try ScriptedChannel([
            ("0022C1A40F800A04007F00070202040202830101", "9000"),
            ("10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C39000"),
            ("10860000457C438141" + pkMapIFD + "00", "7C438241" + pkMapIC + "9000"),
            ("10860000457C438341" + pkIFD + "00", "7C438441" + pkIC + "9000"),
            ("008600000C7C0A8508C2B0BD78D94BA86600", "7C0A86083ABB9674BCE93C089000"),
        ])
        var t = try terminal(oid: "0.4.0.127.0.7.2.2.4.2.2", parameterID: 13, privateKeys: [
            "7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99",
            "A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595",
        ])
        let sm = try t.run(channel)
        #expect(channel.mismatch == nil)
        #expect(channel.isFinished)
        #expect(sm.cipher == .aes128)
        // Session keys of G.1 from the shared secret 28768D20…4925.
        let (enc, mac) = try KeyDerivation.sessionKeys(h("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925"), cipher: .aes128)
        #expect(enc == (try h("F5F0E35C0D7161EE6724EE513A0D9A7F")))
        #expect(mac == (try h("FE251C7858B356B24514B3BD5F4297D1")))
    }

    @Test("DH-GM on the 1024-bit MODP group reproduces the G.2 transcript and tokens")
    func dhGenericMapping() throws {
        let pkMapIFD = "23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3EB71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A44D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022DCB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C"
        let pkMapIC = "78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F2449400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6"
        let pkIFD = "907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911551B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08FA8D61B76D3A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4"
        let pkIC = "075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1"
        let channel = try ScriptedChannel([
            ("0022C1A40F800A04007F00070202040102830101", "9000"),
            ("10860000027C0000", "7C128010854D8DF5827FA6852D1A4FA701CDDDCA9000"),
            ("10860000867C81838181" + "80" + pkMapIFD + "00", "7C818382818078879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F2449400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE69000"),
            ("10860000867C81838381" + "80" + pkIFD + "00", "7C8183848180" + pkIC + "9000"),
            ("008600000C7C0A8508B46DD9BD4D98381F00", "7C0A8608917F37B5C0E6D8D19000"),
        ])
        _ = pkMapIC
        var t = try terminal(oid: "0.4.0.127.0.7.2.2.4.1.2", parameterID: 0, privateKeys: [
            "5265030F751F4AD18B08AC565FC7AC952E41618D", "89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA",
        ])
        _ = try t.run(channel)
        #expect(channel.mismatch == nil)
        #expect(channel.isFinished)
    }

    @Test("a wrong password answered 6300 at the token step is access denied naming the key")
    func wrongPassword() throws {
        let channel = try ScriptedChannel([
            ("0022C1A40F800A04007F00070202040202830101", "9000"),
            ("10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C39000"),
        ])
        var t = try terminal(oid: "0.4.0.127.0.7.2.2.4.2.2", parameterID: 13, privateKeys: ["7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99"])
        #expect(throws: EMRTDError.self) { _ = try t.run(channel) }
    }

    @Test("integrated and chip-authentication mapping are reported as unsupported")
    func unsupportedMappings() throws {
        for oid in ["0.4.0.127.0.7.2.2.4.4.2", "0.4.0.127.0.7.2.2.4.6.2"] {
            let info = PACEInfo(protocol: try #require(OID(dotted: oid)), version: 2, parameterID: 13)
            #expect(!PACE.supports(info))
            #expect(throws: EMRTDError.self) { _ = try PACE.Terminal(info: info, key: key) }
        }
    }
}
