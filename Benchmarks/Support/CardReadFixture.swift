import Agent
import CardIO
import CardSim
import EMRTD
import Foundation
import PassiveAuth

/// One complete simulated CCCD (CitizenSample, test PKI, DG14/DG15/SOD) and the trust store that verifies it: what
/// `idgate read --simulated` reads, here in-process behind `InProcessChannel` wrapped in `CountingChannel`.
public final class CardReadFixture {
    /// What one full read cost and gave.
    public struct Outcome {
        public var apdus: Int
        public var bytesSent: Int
        public var bytesReceived: Int
        /// APDUs of access control alone (EF.CardAccess, PACE or BAC, SELECT application).
        public var accessAPDUs: Int
        /// CPU nanoseconds the simulated chip spent (not spent by a reader talking to a real chip).
        public var cardCPUNanoseconds: Int
        public var access: AccessOutcome
        public var read: VerifiedCardRead
    }

    /// Why a read does not count: it must verify (passive authentication) and find a genuine chip (CA and AA).
    public struct NotVerified: Error, CustomStringConvertible {
        public var description: String
    }

    public let profile: CCCDProfile
    public let trustStore: TrustStore

    /// Builds the card's files and keys (slow: key generation); reuse one fixture for many reads.
    public init(sample: Int = 0) throws {
        let citizen = CitizenSample.samples[sample]
        let pki = try TestPKI.generate(now: CCCDProfile.issueDate(citizen))
        profile = try CCCDProfile(citizen, pki: pki)
        var store = TrustStore()
        _ = store.add(try Certificate(derEncoded: pki.csca.der))
        trustStore = store
    }

    /// The sizes of the files a verified read reads, in reading order.
    public var fileSizes: [Int] { CardVerification.files.map { profile.files[$0.fileID]?.count ?? 0 } }

    /// Opens a fresh card (PACE with the CAN, or BAC) and reads and verifies it as the agent does.
    public func read(extendedLength: Bool, usePACE: Bool = true) throws -> Outcome {
        let card = TimedCard(profile.card(extendedLength: extendedLength))
        let wire = CountingChannel(InProcessChannel(card: card, supportsExtendedLength: extendedLength))
        let (sm, access) = try CCCDAccess.open(wire, keys: profile.accessKeys, usePACE: usePACE, reset: { card.reset() })
        let accessAPDUs = wire.apdus
        let read = try CardVerification.read(sm, wire: wire, trustStore: trustStore)
        guard read.authentication.passive.outcome.isVerified, read.chipStatement == "genuine chip" else {
            throw NotVerified(description: "read not verified: \(read.authentication.passive.outcome.code), \(read.chipStatement), CA: \(read.authentication.chipAuthentication?.detail ?? "-"), \(read.notes)")
        }
        return Outcome(apdus: wire.apdus, bytesSent: wire.bytesSent, bytesReceived: wire.bytesReceived, accessAPDUs: accessAPDUs,
                       cardCPUNanoseconds: card.cpuNanoseconds, access: access, read: read)
    }
}
