import CardIO
import Foundation
import LDS
import Testing

/// The German CSCA master list (BSI, 2026-05-28) from ../shared/fixtures/masterlist: a real CMS SignedData.
@Suite("CSCA master list")
struct MasterListTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/masterlist").standardized

    @Test("the German master list yields 588 certificates, Vietnam's CSCA, and signer bytes that verify",
        .enabled(if: FileManager.default.fileExists(atPath: directory.appendingPathComponent("DE_ML_2026-05-28.ml").path)))
    func germanList() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("DE_ML_2026-05-28.ml")))
        let list = try CSCAMasterList(derEncoded: bytes)
        #expect(list.certificates.count == 588)
        let vietnamese = list.certificates.compactMap(CertificateReference.init(certificateDER:)).filter {
            Self.contains($0.subjectDER, Array("CSCA ePassport Vietnam".utf8))
        }
        #expect(vietnamese.count == 1)
        let signer = try #require(list.signerCertificate)
        let ref = try #require(CertificateReference(certificateDER: signer))
        #expect(Self.contains(ref.subjectDER, Array("CSCA Master List Signer".utf8)))
        let info = try #require(list.signedData.signerInfos.first)
        // The list's own signature is ecdsa-with-SHA256 (its signer's certificate is signed with SHA-512).
        #expect(info.signatureScheme == .ecdsa(digest: .sha256))
        #expect(info.messageDigest?.count == 32)

        let tool = try OpenSSLTool()
        defer { tool.remove() }
        #expect(try tool.digest("sha256", list.signedData.encapsulatedContent) == info.messageDigest)
        try tool.write("signer.der", signer)
        try tool.run("x509", "-inform", "DER", "-in", "signer.der", "-pubkey", "-noout", "-out", "pub.pem")
        try tool.write("attrs.der", try #require(info.signedAttributesDER))
        try tool.write("sig.bin", info.signature)
        let out = try tool.run("dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin", "attrs.der")
        #expect(String(decoding: out, as: UTF8.self).contains("Verified OK"))
    }

    @Test("a SOD is not a master list")
    func wrongContent() throws {
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        try tool.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k.pem")
        try tool.run("req", "-new", "-x509", "-key", "k.pem", "-out", "c.pem", "-subj", "/CN=x", "-days", "1")
        try tool.write("in.bin", [0x30, 0x00])
        try tool.run("cms", "-sign", "-in", "in.bin", "-binary", "-nodetach", "-outform", "DER", "-out", "o.der",
            "-signer", "c.pem", "-inkey", "k.pem", "-econtent_type", "2.23.136.1.1.1")
        #expect(throws: LDSError.self) { try CSCAMasterList(derEncoded: try tool.read("o.der")) }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
