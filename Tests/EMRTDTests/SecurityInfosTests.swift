import CardIO
import CardSim
import LDS
import Testing

@testable import EMRTD

@Suite("EF.CardAccess SecurityInfos and hostile card answers")
struct SecurityInfosTests {
    @Test("the EF.CardAccess of ICAO 9303-11 Appendix G parses to ECDH-GM AES-128 on parameter 13")
    func icaoCardAccess() throws {
        // EF.CardAccess of the Appendix G worked example: one PACEInfo, id-PACE-ECDH-GM-AES-CBC-CMAC-128, version 2, ID 13.
        let infos = try SecurityInfos(derEncoded: h("31143012060A04007F0007020204020202010202010D"))
        let pace = try #require(infos.paceInfos.first)
        #expect(pace.version == 2 && pace.parameterID == 13)
        #expect(pace.mapping?.0 == .generic && pace.mapping?.1 == .ecdh && pace.cipher == .aes128)
        #expect(PACE.supports(pace))
        #expect(TLV(tag: 0x31, value: pace.derEncoded).encoded == (try h("31143012060A04007F0007020204020202010202010D")))
    }

    @Test("chip-authentication entries and unknown protocols are kept; a truncated file is an LDSError")
    func otherEntries() throws {
        let ca = try h("300F060A04007F00070202030202020101")  // id-CA-ECDH-AES-CBC-CMAC-128, version 1
        let unknown = try h("3009060404007F00020101")
        let infos = try SecurityInfos(derEncoded: TLV(tag: 0x31, value: ca + unknown).encoded, file: .dataGroup(14))
        #expect(infos.chipAuthenticationInfos.count == 1 && infos.chipAuthenticationInfos.first?.version == 1)
        #expect(infos.infos.count == 2)
        #expect(throws: LDSError.self) { try SecurityInfos(derEncoded: h("31143012060A04007F00070202040202020102")) }
        #expect(throws: LDSError.self) { try SecurityInfos(derEncoded: h("3103300106")) }
    }

    /// A card that answers every command with pseudo-random bytes.
    final class GarbageCard: SimulatedCard {
        let atr: [UInt8] = [0x3B, 0x00]
        var state: UInt64
        init(seed: UInt64) { state = seed | 1 }
        func reset() {}
        func process(_ command: [UInt8]) -> [UInt8] {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let n = Int(state % 90)
            var out = (0..<n).map { i in UInt8(truncatingIfNeeded: state >> (i % 56)) }
            // Mostly success status words, so parsing goes deep.
            out += state % 3 == 0 ? [0x6A, 0x82] : [0x90, 0x00]
            if state % 5 == 0, out.count > 4 { out[0] = 0x31 }
            return out
        }
    }

    @Test("a card answering garbage never traps: access control ends in a typed error", arguments: 1...200)
    func garbage(seed: Int) {
        let channel = InProcessChannel(card: GarbageCard(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15))
        let keys = CCCDAccessKeys(can: "123456", mrz: [try! MRZKey(documentNumber: "X1", dateOfBirth: "900101", dateOfExpiry: "300101")])
        #expect(throws: EMRTDError.self) { _ = try CCCDAccess.open(channel, keys: keys, reset: { () throws(CardIOError) in }) }
    }
}
