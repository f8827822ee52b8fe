import CardSim
import Foundation
import PassiveAuth
import Testing

/// The "genuine chip" rule: a chip or active authentication pass counts only when passive authentication verified
/// and matched the hash of the data group holding that key.
@Suite("Authentication report")
struct AuthenticationReportTests {
    static func passive(faults: Set<SODBuilder.Fault> = [], trusted: Bool = true, readDG14: Bool = true) throws -> PassiveAuthenticationReport {
        let pki = try TestPKI.generate(.brainpoolP384r1)
        var groups = PassiveAuthenticationTests.dataGroups()
        let sod = try SODBuilder.build(dataGroups: groups, pki: pki, faults: faults).sod
        if !readDG14 { groups[14] = nil }
        return PassiveAuthentication.verify(sod: sod, dataGroups: groups,
            trustStore: trusted ? TrustStore(certificates: [try Certificate(derEncoded: pki.csca.der)]) : TrustStore())
    }

    static let caPass = AuthenticationReport.AntiCloningCheck(protocolName: "CA ECDH brainpoolP256r1", passed: true)

    @Test("CA passing with DG14 matched under a verified SOD gives a genuine chip")
    func genuine() throws {
        let report = AuthenticationReport(passive: try Self.passive(), chipAuthentication: Self.caPass)
        #expect(report.chipVerdict == .genuine)
    }

    @Test("CA passing does not make a genuine chip when DG14 was not matched or the issuer is not trusted")
    func notVouched() throws {
        #expect(AuthenticationReport(passive: try Self.passive(faults: [.wrongHash(dataGroup: 14)]), chipAuthentication: Self.caPass)
            .chipVerdict == .keyNotVouchedFor)
        #expect(AuthenticationReport(passive: try Self.passive(readDG14: false), chipAuthentication: Self.caPass)
            .chipVerdict == .keyNotVouchedFor)
        #expect(AuthenticationReport(passive: try Self.passive(trusted: false), chipAuthentication: Self.caPass)
            .chipVerdict == .keyNotVouchedFor)
    }

    @Test("a failed AA is a failed chip; no check at all is 'not checked'; the JSON carries the verdict and outcome")
    func failedAndJSON() throws {
        let passive = try Self.passive()
        let failed = AuthenticationReport(passive: passive, activeAuthentication: .init(protocolName: "AA ECDSA", passed: false))
        #expect(failed.chipVerdict == .failed)
        let none = AuthenticationReport(passive: passive)
        #expect(none.chipVerdict == .notChecked)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let json = String(decoding: try encoder.encode(none), as: UTF8.self)
        #expect(json.contains("\"chipVerdict\":\"notChecked\""))
        #expect(json.contains("\"verified\""))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(AuthenticationReport.self, from: Data(json.utf8))
        #expect(back.passive.outcome == passive.outcome)
    }
}
