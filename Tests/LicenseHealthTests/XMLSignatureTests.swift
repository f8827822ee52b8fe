import Eligibility
import Foundation
import LicenseHealth
import Testing

@Suite("SIGNDATA: enveloped XML-DSig verified by xmlsec1")
struct XMLSignatureTests {
    @Test("the signed record verifies with xmlsec1 for RSA-SHA256/RSA-SHA1 and exclusive/inclusive C14N; a changed field does not")
    func xmlsec1Verifies() throws {
        let (identity, dir) = try Fixtures.signingIdentity()
        defer { try? FileManager.default.removeItem(at: dir) }
        let which = try Fixtures.run("xmlsec1", ["--version"], in: dir)
        try #require(which.status == 0, "xmlsec1 is required (apt-get install -y xmlsec1): \(which.output)")
        let certificate = try Fixtures.certificate()
        for algorithm in SignatureAlgorithm.allCases {
            for c14n in Canonicalization.allCases {
                let signed = try SignedCertificateXML.sign(certificate, identity: identity, algorithm: algorithm, canonicalization: c14n)
                let signData = try #require(signed.signData)
                let data = try #require(Data(base64Encoded: signData))
                let xml = try #require(String(data: data, encoding: .utf8))
                #expect(xml.hasPrefix("<root><SO>00042/GKSKLX/79001/26</SO>"))
                #expect(xml.contains("<BENHVIEN>Bệnh viện Quận 1 &lt;&amp;&gt;</BENHVIEN>"))
                #expect(xml.contains("<RSAKeyValue><Modulus>") && xml.contains("<X509Certificate>"))
                let file = dir.appendingPathComponent("signed-\(algorithm.rawValue)-\(c14n == .exclusive ? "exc" : "inc").xml")
                try data.write(to: file)
                let ok = try Fixtures.run("xmlsec1", ["--verify", "--pubkey-cert-pem", "cert.pem", file.lastPathComponent], in: dir)
                #expect(ok.status == 0, "\(algorithm) \(c14n): \(ok.output)")
                let tampered = dir.appendingPathComponent("tampered.xml")
                try Data(xml.replacingOccurrences(of: "<MATUY>0</MATUY>", with: "<MATUY>1</MATUY>").utf8).write(to: tampered)
                let bad = try Fixtures.run("xmlsec1", ["--verify", "--pubkey-cert-pem", "cert.pem", tampered.lastPathComponent], in: dir)
                #expect(bad.status != 0, "a tampered record must not verify")
            }
        }
    }

    @Test("an invalid certificate is not signed, and a key that does not match the certificate is refused")
    func refusals() throws {
        let (identity, dir) = try Fixtures.signingIdentity()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bad = try Fixtures.certificate()
        bad.drugTest = "x"
        #expect(throws: LicenseHealthError.self) { try SignedCertificateXML.sign(bad, identity: identity) }
        let (other, dir2) = try Fixtures.signingIdentity()
        defer { try? FileManager.default.removeItem(at: dir2) }
        _ = other
        let key = try String(contentsOf: dir.appendingPathComponent("key.pem"), encoding: .utf8)
        let cert = try String(contentsOf: dir2.appendingPathComponent("cert.pem"), encoding: .utf8)
        #expect(throws: LicenseHealthError.self) { try SigningIdentity(privateKeyPEM: key, certificatePEM: cert) }
        #expect(throws: LicenseHealthError.self) { try SigningIdentity(privateKeyPEM: "not a key", certificatePEM: cert) }
    }
}
