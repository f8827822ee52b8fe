@testable import Agent
import CardIO
import CardSim
import EMRTD
import PassiveAuth
import Testing

@Suite struct DemoCardTests {
    /// Opens the card in-process with the demo QR key and reads it the way the daemon's reader does.
    func read(_ card: CCCDCard, trustStore: TrustStore) throws -> VerificationSummary {
        let wire = CountingChannel(InProcessChannel(card: card))
        let keys = try DemoCard.accessKey.accessKeys(today: AccessKeyInput.today())
        let (sm, _) = try CCCDAccess.open(wire, keys: keys, reset: { () throws(CardIOError) in card.reset() })
        return PCSCCardReader.verification(try CardVerification.read(sm, wire: wire, trustStore: trustStore))
    }

    @Test("The demo card read with its QR key verifies: trusted issuer, genuine chip, CA and AA passed") func verifies() throws {
        let demo = try DemoCard.complete()
        let summary = try read(demo.card, trustStore: demo.trustStore)
        #expect(summary.verdict == "verified")
        #expect(summary.details.contains("genuine chip"))
        #expect(summary.details.contains { $0.hasPrefix("CA ") && $0.hasSuffix("passed") })
        #expect(summary.details.contains { $0.hasPrefix("AA ") && $0.hasSuffix("passed") })
    }

    @Test("Without the demo CSCA the same card reads as issuer not trusted") func untrusted() throws {
        let demo = try DemoCard.complete()
        #expect(try read(demo.card, trustStore: TrustStore()).verdict == "issuerNotTrusted")
    }
}
