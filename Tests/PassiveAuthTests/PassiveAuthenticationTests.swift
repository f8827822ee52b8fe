import CardSim
import Foundation
import LDS
import PassiveAuth
import Testing

/// Passive authentication against SODs built at run time by `SODBuilder` with a generated `TestPKI`: a good SOD,
/// and one SOD per fault switch, each of which must be detected as its own outcome.
@Suite("Passive authentication")
struct PassiveAuthenticationTests {
    /// DG1, DG13, DG14 and DG15 of a sample citizen (DG14/DG15 contents are stand-ins: only their hashes matter here).
    static func dataGroups() -> [Int: [UInt8]] {
        let person = CitizenSample.samples[0]
        return [1: LDSBuilder.dg1(for: person), 13: LDSBuilder.dg13(for: person),
            14: [0x6E, 0x03, 0x31, 0x01, 0x00], 15: [0x6F, 0x03, 0x30, 0x01, 0x00]]
    }

    static func verify(_ sod: [UInt8]?, _ store: TrustStore, dataGroups: [Int: [UInt8]] = dataGroups(), at date: CalendarDate? = nil)
        -> PassiveAuthenticationReport
    {
        PassiveAuthentication.verify(sod: sod, dataGroups: dataGroups, trustStore: store, at: date)
    }

    static func store(_ pki: TestPKI) throws -> TrustStore { TrustStore(certificates: [try Certificate(derEncoded: pki.csca.der)]) }

    @Test("a good SOD verifies with its CSCA trusted, and reads as 'issuer not trusted' with an empty store",
        arguments: TestPKI.Kind.allCases)
    func goodSOD(kind: TestPKI.Kind) throws {
        let pki = try TestPKI.generate(kind)
        let built = try SODBuilder.build(dataGroups: Self.dataGroups(), pki: pki)
        let trusted = Self.verify(built.sod, try Self.store(pki))
        #expect(trusted.outcome == .verified, "\(trusted.message)")
        #expect(trusted.sodSignatureValid == true)
        #expect(trusted.dataGroups.map(\.status) == [.matched, .matched, .matched, .matched])
        #expect(trusted.validationTimeSource == .signingTime)
        #expect(trusted.csca?.subject.contains("CSCA Test VN") == true)
        let untrusted = Self.verify(built.sod, TrustStore())
        guard case .issuerNotTrusted = untrusted.outcome else {
            Issue.record("expected issuer not trusted, got \(untrusted.outcome)")
            return
        }
        #expect(untrusted.sodSignatureValid == true)
        #expect(untrusted.message.contains("signature valid, issuer not trusted"))
    }

    @Test("the generated CSCA and signer keys carry explicit EC parameters, and the SOD parses with the LDS parser")
    func explicitParameters() throws {
        let pki = try TestPKI.generate(.brainpoolP384r1)
        for der in [pki.csca.der, pki.documentSigner.der] {
            let spki = try SubjectPublicKeyInfo(derEncoded: try Certificate(derEncoded: der).subjectPublicKeyInfoDER)
            #expect(spki.keyType == .ec(curve: nil))
        }
        let sod = try SOD(derEncoded: try SODBuilder.build(dataGroups: Self.dataGroups(), pki: pki).sod)
        #expect(sod.signer.signatureScheme == .ecdsa(digest: .sha384))
        #expect(sod.securityObject.digestAlgorithm == .sha256)
        #expect(Set(sod.securityObject.dataGroupHashes.keys) == [1, 13, 14, 15])
    }

    @Test("every fault switch is detected as its own outcome", arguments: [TestPKI.Kind.brainpoolP384r1, .rsaPSS2048])
    func faults(kind: TestPKI.Kind) throws {
        let pki = try TestPKI.generate(kind)
        let store = try Self.store(pki)
        func outcome(_ fault: SODBuilder.Fault) throws -> PassiveAuthenticationOutcome {
            Self.verify(try SODBuilder.build(dataGroups: Self.dataGroups(), pki: pki, faults: [fault]).sod, store).outcome
        }
        #expect(try outcome(.wrongHash(dataGroup: 13)) == .dataGroupHashMismatch(dataGroups: [13]))
        #expect(try outcome(.omitDataGroup(15)) == .dataGroupNotInSOD(dataGroups: [15]))
        #expect(try outcome(.corruptSignature).code == "badSODSignature")
        #expect(try outcome(.messageDigestMismatch).code == "badSODSignature")
        #expect(try outcome(.unknownCSCA) == .issuerNotTrusted(issuer: "C=ZZ, O=Unknown issuer, CN=CSCA Unknown"))
        #expect(try outcome(.forgedSignerCertificate).code == "signerCertificateBadSignature")
        #expect(try outcome(.expiredSigner).code == "certificateExpired")
        #expect(try outcome(.signerNotYetValid).code == "certificateNotYetValid")
        #expect(try outcome(.signerMayNotSign).code == "certificateNotAuthorized")
        #expect(try outcome(.unsupportedHashAlgorithm).code == "unsupportedAlgorithm")
        #expect(try outcome(.noSignerCertificate) == .noSignerCertificate)
    }

    @Test("a SOD under an unknown CSCA verifies once that CSCA is trusted (the fault is the store, not the SOD)")
    func unknownCSCATrusted() throws {
        let pki = try TestPKI.generate(.brainpoolP384r1)
        let built = try SODBuilder.build(dataGroups: Self.dataGroups(), pki: pki, faults: [.unknownCSCA])
        #expect(Self.verify(built.sod, TrustStore(certificates: [try Certificate(derEncoded: built.csca.der)])).outcome == .verified)
    }

    @Test("a data group altered after signing is named as mismatched; unread data groups are not judged")
    func alteredDataGroup() throws {
        let pki = try TestPKI.generate(.rsa2048)
        let sod = try SODBuilder.build(dataGroups: Self.dataGroups(), pki: pki).sod
        var read = Self.dataGroups()
        read[1]?[5] ^= 0x01
        read[14] = nil
        let report = Self.verify(sod, try Self.store(pki), dataGroups: read)
        #expect(report.outcome == .dataGroupHashMismatch(dataGroups: [1]))
        #expect(report.dataGroups.map(\.dataGroup) == [1, 13, 15])
        #expect(report.dataGroups.first?.expected != report.dataGroups.first?.computed)
    }

    @Test("no SOD and a malformed SOD are distinct outcomes")
    func missingOrMalformed() throws {
        #expect(Self.verify(nil, TrustStore()).outcome == .noSOD)
        let pki = try TestPKI.generate(.rsa2048)
        let sod = try SODBuilder.build(dataGroups: Self.dataGroups(), pki: pki).sod
        #expect(Self.verify(Array(sod.dropLast(10)), TrustStore()).outcome.code == "malformedSOD")
    }

    @Test("validity is checked on the card's date of issue when given: any moment of that day counts, a later day can fail")
    func dateOfIssue() throws {
        let pki = try TestPKI.generate(.brainpoolP384r1)
        let sod = try SODBuilder.build(dataGroups: Self.dataGroups(), pki: pki).sod
        let store = try Self.store(pki)
        let signer = try Certificate(derEncoded: pki.documentSigner.der)
        func day(_ date: Date) throws -> CalendarDate {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return try #require(CalendarDate(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0))
        }
        let late = Self.verify(sod, store, at: try day(signer.notAfter + 2 * 86_400))
        #expect(late.validationTimeSource == .dateOfIssue)
        #expect(late.outcome.code == "certificateExpired")
        // The day the signer became valid: its midnight precedes notBefore, yet the card is fine.
        #expect(Self.verify(sod, store, at: try day(signer.notBefore)).outcome == .verified)
        #expect(Self.verify(sod, store, at: try day(signer.notBefore - 2 * 86_400)).outcome.code == "certificateNotYetValid")
    }

    @Test("a CRL of the CSCA listing the signer makes it revoked; a CRL listing others leaves it verified")
    func revocation() throws {
        let pki = try TestPKI.generate(.rsa2048)
        let sod = try SODBuilder.build(dataGroups: Self.dataGroups(), pki: pki).sod
        let signerSerial = try Certificate(derEncoded: pki.documentSigner.der).serialNumber
        var revoking = try Self.store(pki)
        try revoking.addRevocationList(derEncoded: try TestPKI.revocationList(by: pki.csca, revokedSerials: [Int(signerSerial.last ?? 0)], now: pki.now))
        #expect(Self.verify(sod, revoking).outcome == .signerRevoked(serialNumber: "02"))
        var other = try Self.store(pki)
        try other.addRevocationList(derEncoded: try TestPKI.revocationList(by: pki.csca, revokedSerials: [99], now: pki.now))
        let report = Self.verify(sod, other)
        #expect(report.outcome == .verified)
        #expect(report.revocationChecked)
        var untrusted = TrustStore()
        #expect(throws: PassiveAuthError.self) {
            try untrusted.addRevocationList(derEncoded: try TestPKI.revocationList(by: pki.csca, revokedSerials: [2], now: pki.now))
        }
    }
}
