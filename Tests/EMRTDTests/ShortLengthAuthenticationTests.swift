import Agent
import CardIO
import CardSim
import PassiveAuth
import Testing

@testable import EMRTD

/// Regression (found by Benchmarks/CardBenchmarks): CA GENERAL AUTHENTICATE and AA INTERNAL AUTHENTICATE asked for
/// Ne 256, which secure messaging protects as an extended Le; a short-only card answered 6700 and the read called a
/// genuine chip a possible clone.
@Suite("Chip and active authentication over short APDUs only")
struct ShortLengthAuthenticationTests {
    @Test("A card and reader without extended length read as a genuine chip with PACE and with BAC",
          arguments: [true, false])
    func shortOnly(usePACE: Bool) throws {
        let pki = try TestPKI.generate(now: CCCDProfile.issueDate(CitizenSample.samples[0]))
        let profile = try CCCDProfile(CitizenSample.samples[0], pki: pki)
        let reader = SimulatedReader(profile.configuration(extendedLength: false), extended: false)
        let card = reader.card
        let (sm, _) = try CCCDAccess.open(reader.wire, keys: profile.accessKeys, usePACE: usePACE,
                                          reset: { () throws(CardIOError) in card.reset() })
        var store = TrustStore()
        _ = store.add(try Certificate(derEncoded: pki.csca.der))
        let read = try CardVerification.read(sm, wire: reader.wire, trustStore: store)
        #expect(read.authentication.chipAuthentication?.passed == true, "\(read.authentication.chipAuthentication?.detail ?? "")")
        #expect(read.authentication.activeAuthentication?.passed == true, "\(read.authentication.activeAuthentication?.detail ?? "")")
        #expect(read.chipStatement == "genuine chip")
        #expect(read.files.allSatisfy { $0.error == nil }, "\(read.files.compactMap(\.error))")
    }

    @Test("The open-ended Ne is 256 unless secure messaging runs without extended length")
    func openEndedNe() {
        let keys = SessionKeys(cipher: .aes128, encryption: [UInt8](repeating: 1, count: 16), mac: [UInt8](repeating: 2, count: 16),
                               ssc: [UInt8](repeating: 0, count: 16))
        let short = InProcessChannel(card: CCCDCard(.init(mrz: testMRZ)), supportsExtendedLength: false)
        let extended = InProcessChannel(card: CCCDCard(.init(mrz: testMRZ)), supportsExtendedLength: true)
        #expect(SecureMessagingCodec.openEndedNe(over: SecureMessagingChannel(base: short, keys: keys)) == 223)
        #expect(SecureMessagingCodec.openEndedNe(over: SecureMessagingChannel(base: extended, keys: keys)) == 256)
        #expect(SecureMessagingCodec.openEndedNe(over: short) == 256)
    }
}
