import COpenSSL
import Foundation
import LDS
import PassiveAuth
import Testing

/// The German CSCA master list (BSI, 2026-05-28) and its root `DE_CSCA_07.cer`, read in place from
/// ../shared/fixtures/masterlist (read-only). Their keys use explicit EC domain parameters.
@Suite("Trust store with the German master list")
struct MasterListTrustTests {
    static let directory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/masterlist").standardized.path
    static let present: Bool = FileManager.default.fileExists(atPath: directory + "/DE_ML_2026-05-28.ml")

    static func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
    }

    static func germanRoot() throws -> Certificate { try Certificate(derEncoded: try read("DE_CSCA_07.cer")) }

    @Test("the list's signature verifies under DE_CSCA_07 and all 588 certificates are imported, expired ones counted",
        .enabled(if: present))
    func verifiedImport() throws {
        var store = TrustStore(certificates: [try Self.germanRoot()])
        let now = Date()
        let result = try store.addMasterList(derEncoded: try Self.read("DE_ML_2026-05-28.ml"), at: now)
        #expect(result.signature == .verified)
        #expect(result.signer?.contains("CSCA Master List Signer") == true)
        #expect(result.certificateCount == 588)
        #expect(result.skipped == 0)
        #expect(store.certificates.count == 1 + result.added)
        // Expired certificates counted independently by libcrypto's own time comparison.
        let list = try CSCAMasterList(derEncoded: try Self.read("DE_ML_2026-05-28.ml"))
        var t = time_t(now.timeIntervalSince1970)
        let expiredByOpenSSL = list.certificates.filter { der in
            der.withUnsafeBufferPointer { b in
                var p = b.baseAddress
                guard let x = d2i_X509(nil, &p, b.count) else { return false }
                defer { X509_free(x) }
                return X509_cmp_time(X509_get0_notAfter(x), &t) < 0
            }
        }.count
        #expect(result.expiredCount == expiredByOpenSSL)
        #expect(result.expiredCount < result.certificateCount)
    }

    @Test("without its root the list is reported signer-not-trusted, and adds nothing when a trusted signer is required",
        .enabled(if: present))
    func untrustedSigner() throws {
        var store = TrustStore()
        let loose = try store.addMasterList(derEncoded: try Self.read("DE_ML_2026-05-28.ml"))
        #expect(loose.signature == .signerNotTrusted)
        #expect(loose.added > 0)
        var strict = TrustStore()
        let refused = try strict.addMasterList(derEncoded: try Self.read("DE_ML_2026-05-28.ml"), requireTrustedSigner: true)
        #expect(refused.signature == .signerNotTrusted)
        #expect(refused.added == 0)
        #expect(strict.certificates.isEmpty)
    }

    @Test("a master list whose signature was altered is refused", .enabled(if: present))
    func tamperedList() throws {
        var bytes = try Self.read("DE_ML_2026-05-28.ml")
        let list = try CSCAMasterList(derEncoded: bytes)
        let signature = try #require(list.signedData.signerInfos.first?.signature)
        let at = try #require(Self.range(of: signature, in: bytes))
        bytes[at.upperBound - 1] ^= 0x01
        var store = TrustStore(certificates: [try Self.germanRoot()])
        #expect(throws: PassiveAuthError.self) { try store.addMasterList(derEncoded: bytes) }
        #expect(store.certificates.count == 1)
    }

    @Test("loading the fixture directory trusts the root first, then verifies the list with it", .enabled(if: present))
    func loadsFixtureDirectory() throws {
        var store = TrustStore()
        let result = try store.addDirectory(Self.directory)
        #expect(result.certificatesAdded == 1)
        #expect(result.masterLists["DE_ML_2026-05-28.ml"]?.signature == .verified)
    }

    @Test("Vietnam's CSCA is in the list: explicit brainpoolP512r1 parameters, a self-signature that verifies", .enabled(if: present))
    func vietnameseCSCA() throws {
        let list = try CSCAMasterList(derEncoded: try Self.read("DE_ML_2026-05-28.ml"))
        let certs = try list.certificates.map { try Certificate(derEncoded: $0) }
        let vietnam = certs.filter { $0.subject.value(of: "C") == "VN" && $0.subject.value(of: "CN") == "CSCA ePassport Vietnam" }
        try #require(vietnam.count == 1)
        let csca = vietnam[0]
        #expect(csca.subject.value(of: "O") == "Vietnam Government Information Security Commission")
        #expect(csca.isSelfIssued)
        let spki = try SubjectPublicKeyInfo(derEncoded: csca.subjectPublicKeyInfoDER)
        #expect(spki.keyType == .ec(curve: nil))  // explicit domain parameters, no curve OID
        let key = try csca.publicKey()
        #expect(key.isEC && key.bits == 512)
        #expect(try SignatureScheme(csca.signatureAlgorithm) == .ecdsa(digest: .sha512))
        #expect(try csca.isSigned(by: key))
        let midLife = try #require(ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z"))
        #expect(CertificateLink.check(csca, issuedBy: csca, at: midLife, purpose: .certificateSigning) == nil)
        var forged = csca
        forged.tbsDER[forged.tbsDER.count - 1] ^= 0x01
        #expect(try forged.isSigned(by: key) == false)
    }

    @Test("a certificate from a different issuer fails the link on its name before any signature is tried", .enabled(if: present))
    func wrongIssuer() throws {
        let root = try Self.germanRoot()
        let list = try CSCAMasterList(derEncoded: try Self.read("DE_ML_2026-05-28.ml"))
        let other = try list.certificates.map { try Certificate(derEncoded: $0) }.first { $0.subject.value(of: "C") == "VN" }
        #expect(CertificateLink.check(try #require(other), issuedBy: root, at: Date(), purpose: .signing) == .issuerNameMismatch)
    }

    static func range(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        for i in stride(from: haystack.count - needle.count, through: 0, by: -1) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i..<(i + needle.count)
        }
        return nil
    }
}
