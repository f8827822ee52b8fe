import Agent
import CardIO
import CardSim
import Foundation
import LDS
import PassiveAuth
import Testing
import VNID

@testable import EMRTD

/// One full verified read of a profile's card in-process.
func verifiedRead(_ profile: CCCDProfile, trust: Bool = true) throws -> (VerifiedCardRead, SimulatedReader) {
    let reader = SimulatedReader(profile.configuration())
    let (sm, _) = try reader.open(profile.accessKeys)
    var store = TrustStore()
    if trust, let csca = profile.pki?.csca { _ = store.add(try Certificate(derEncoded: csca.der)) }
    return (try CardVerification.read(sm, wire: reader.wire, trustStore: store), reader)
}

@Suite("Full verified read of the complete simulated CCCD, in-process")
struct ChipAuthFullReadTests {
    /// One PKI for all samples (issued January–June 2021): signer valid from mid-December 2020 for five years.
    static let pki = Result { try TestPKI.generate(now: CCCDProfile.issueDate(CitizenSample.samples[2]) + 5 * 86_400) }

    @Test("Every DG13 field comes back right, passive, chip and active authentication pass: genuine chip")
    func genuine() throws {
        let sample = CitizenSample.samples[0]
        let profile = try CCCDProfile(sample, pki: Self.pki.get())
        var verdictBeforeFace: AuthenticationReport?
        let reader = SimulatedReader(profile.configuration())
        let (sm, _) = try reader.open(profile.accessKeys)
        var store = TrustStore()
        _ = store.add(try Certificate(derEncoded: try Self.pki.get().csca.der))
        let read = try CardVerification.read(sm, wire: reader.wire, trustStore: store, verdict: { verdictBeforeFace = $0 })
        let citizen = try #require(read.citizen)
        #expect(citizen.idNumber == sample.idNumber)
        #expect(citizen.fullName == sample.fullName)
        #expect(citizen.dateOfBirth?.text == sample.dateOfBirth.ddMMyyyy)
        #expect(citizen.sex == sample.sex)
        #expect(citizen.placeOfOrigin == sample.placeOfOrigin)
        #expect(citizen.placeOfResidence == sample.placeOfResidence)
        #expect(citizen.identifyingMarks == sample.identifyingMarks)
        #expect(citizen.dateOfIssue?.text == sample.dateOfIssue.ddMMyyyy)
        #expect(citizen.fatherName == sample.fatherName && citizen.motherName == sample.motherName && citizen.spouseName == sample.spouseName)
        #expect(citizen.oldIDNumber == sample.oldIDNumber)
        #expect(citizen.discrepancies.isEmpty, "\(citizen.discrepancies)")
        #expect(read.authentication.passive.outcome.isVerified, "\(read.authentication.passive.message)")
        #expect(read.authentication.passive.validationTimeSource == .dateOfIssue)
        #expect(read.authentication.chipAuthentication?.passed == true)
        #expect(read.authentication.activeAuthentication?.passed == true)
        #expect(read.chipStatement == "genuine chip")
        #expect(read.face?.imageData.isEmpty == false)
        #expect(read.files.map(\.name) == ["COM", "DG13", "DG1", "SOD", "DG14", "DG15", "DG2"])
        // The verdict came before DG2 and already covered DG14/DG15.
        #expect(verdictBeforeFace?.chipVerdict == .genuine)
        #expect(verdictBeforeFace?.passive.dataGroups.contains { $0.dataGroup == 2 } == false)
    }

    @Test("CA/AA passing with keys the SOD does not cover is reported as chip keys not authenticated by the SOD")
    func keysNotInSOD() throws {
        let profile = try CCCDProfile(CitizenSample.samples[1], pki: Self.pki.get(), faults: [.sodOmitsChipKeys])
        let (read, _) = try verifiedRead(profile)
        #expect(read.authentication.chipAuthentication?.passed == true && read.authentication.activeAuthentication?.passed == true)
        #expect(read.authentication.chipVerdict == .keyNotVouchedFor)
        #expect(read.chipStatement == "chip keys not authenticated by the SOD")
    }

    @Test("With an empty trust store the data still reads, the issuer is not trusted, and the chip is not called genuine")
    func untrusted() throws {
        let profile = try CCCDProfile(CitizenSample.samples[2], pki: Self.pki.get())
        let (read, _) = try verifiedRead(profile, trust: false)
        #expect(read.citizen?.idNumber == CitizenSample.samples[2].idNumber)
        #expect(read.authentication.passive.outcome.code == PassiveAuthenticationOutcome.issuerNotTrusted(issuer: "").code)
        #expect(read.chipStatement == "chip keys not authenticated by the SOD")
    }

    @Test("A cloned chip (wrong CA key) is reported as failed and the rest of the card is not read")
    func clone() throws {
        let profile = try CCCDProfile(CitizenSample.samples[0], pki: Self.pki.get(), faults: [.wrongChipAuthenticationKey])
        let (read, _) = try verifiedRead(profile)
        #expect(read.authentication.chipAuthentication?.passed == false)
        #expect(read.chipStatement == "anti-cloning check failed: the chip may be a clone")
        #expect(!read.files.contains { $0.name == "DG2" } && read.notes.contains("DG2 not read: chip authentication failed"))
        #expect(read.citizen?.fullName == CitizenSample.samples[0].fullName)
    }

    @Test("Certificates are checked at DG13's date of issue: a signer made today was not yet valid then")
    func checkedAtIssueDate() throws {
        let profile = try CCCDProfile(CitizenSample.samples[0], pki: TestPKI.generate())
        let (read, _) = try verifiedRead(profile)
        #expect(read.authentication.passive.outcome.code == "certificateNotYetValid", "\(read.authentication.passive.message)")
        #expect(read.chipStatement == "chip keys not authenticated by the SOD")
    }

    @Test("Past the deadline no further file is read and a note says why")
    func deadline() throws {
        let profile = try CCCDProfile(CitizenSample.samples[0], pki: nil)
        let reader = SimulatedReader(profile.configuration())
        let (sm, _) = try reader.open(profile.accessKeys)
        let read = try CardVerification.read(sm, wire: reader.wire, trustStore: TrustStore(), deadline: .now - .seconds(1))
        #expect(read.files.isEmpty && read.citizen == nil)
        #expect(read.notes.contains("DG13 not read: the read took longer than allowed"))
    }

    @Test("Without a SOD, passing CA/AA are not vouched for")
    func noSOD() throws {
        let profile = try CCCDProfile(CitizenSample.samples[0], pki: nil)
        let (read, _) = try verifiedRead(profile)
        #expect(read.authentication.passive.outcome == .noSOD)
        #expect(read.chipStatement == "chip keys not authenticated by the SOD")
    }
}
