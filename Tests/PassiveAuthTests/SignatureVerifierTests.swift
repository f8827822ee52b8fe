import CardSim
import COpenSSL
import LDS
import PassiveAuth
import Testing

/// Signatures made by libcrypto with run-time keys, checked by `SignatureVerifier` (EVP_DigestVerify) — including
/// explicit-parameter EC keys, which libcrypto's chain verifier refuses. The real-data counterpart is the German
/// master list suite.
@Suite("Signature verifier")
struct SignatureVerifierTests {
    static let message = Array("LDSSecurityObject stand-in".utf8)

    static func check(_ key: TestKey, _ sign: TestSignatureAlgorithm, _ scheme: SignatureScheme) throws {
        let signature = try key.sign(message, sign)
        let publicKey = try PublicKey(subjectPublicKeyInfoDER: try key.subjectPublicKeyInfoDER())
        #expect(try SignatureVerifier.verify(signature: signature, over: message, scheme: scheme, digest: nil, key: publicKey))
        #expect(try !SignatureVerifier.verify(signature: signature, over: message + [0], scheme: scheme, digest: nil, key: publicKey))
        var bad = signature
        bad[bad.count / 2] ^= 0x10
        #expect(try !SignatureVerifier.verify(signature: bad, over: message, scheme: scheme, digest: nil, key: publicKey))
    }

    @Test("ECDSA verifies with every hash on NIST and Brainpool curves, named or explicit parameters",
        arguments: [NID_X9_62_prime256v1, NID_secp384r1, NID_brainpoolP256r1, NID_brainpoolP384r1, NID_brainpoolP512r1], [true, false])
    func ecdsa(curve: Int32, explicit: Bool) throws {
        let key = try TestKey.ec(curve: curve, explicitParameters: explicit)
        let spki = try SubjectPublicKeyInfo(derEncoded: try key.subjectPublicKeyInfoDER())
        #expect((spki.keyType == .ec(curve: nil)) == explicit)
        for d in DigestAlgorithm.allCases { try Self.check(key, .ecdsa(d), .ecdsa(digest: d)) }
    }

    @Test("RSA PKCS#1 v1.5 and RSA-PSS verify; the PSS parameters matter")
    func rsa() throws {
        let key = try TestKey.rsa(bits: 2048)
        for d in [DigestAlgorithm.sha1, .sha256, .sha512] {
            try Self.check(key, .rsaPKCS1(d), .rsaPKCS1v15(digest: d))
            try Self.check(key, .rsaPSS(d), .rsaPSS(hash: d, mgf1Hash: d, saltLength: d.outputLength))
        }
        let signature = try key.sign(Self.message, .rsaPSS(.sha256))
        let pub = try PublicKey(subjectPublicKeyInfoDER: try key.subjectPublicKeyInfoDER())
        #expect(try !SignatureVerifier.verify(signature: signature, over: Self.message,
            scheme: .rsaPSS(hash: .sha256, mgf1Hash: .sha256, saltLength: 20), digest: nil, key: pub))
        #expect(try SignatureVerifier.verify(signature: try key.sign(Self.message, .rsaPKCS1(.sha384)), over: Self.message,
            scheme: .rsaPKCS1v15(digest: nil), digest: .sha384, key: pub))
    }

    @Test("an algorithm that does not fit the key, or an unknown one, throws instead of answering")
    func unsupported() throws {
        let ec = try PublicKey(subjectPublicKeyInfoDER: try TestKey.ec(curve: NID_brainpoolP256r1).subjectPublicKeyInfoDER())
        #expect(throws: PassiveAuthError.self) {
            try SignatureVerifier.verify(signature: [1], over: [], scheme: .rsaPKCS1v15(digest: .sha256), digest: nil, key: ec)
        }
        #expect(throws: PassiveAuthError.self) {
            try SignatureVerifier.verify(signature: [1], over: [], scheme: .other(OID(dotted: "1.3.101.112")!), digest: nil, key: ec)
        }
        #expect(throws: PassiveAuthError.self) { try PublicKey(subjectPublicKeyInfoDER: [0x30, 0x03, 0x02, 0x01, 0x00]) }
    }

    @Test("malformed certificate bytes throw a typed error, never trap")
    func malformedCertificate() throws {
        let pki = try TestPKI.generate(.rsa2048)
        for cut in stride(from: 0, to: pki.csca.der.count, by: 37) {
            #expect(throws: PassiveAuthError.self) { try Certificate(derEncoded: Array(pki.csca.der.prefix(cut))) }
        }
        let cert = try Certificate(derEncoded: pki.csca.der)
        #expect(cert.extensions.isCA == true)
        #expect(cert.extensions.keyUsage?.contains(.keyCertSign) == true)
        #expect(cert.extensions.subjectKeyIdentifier == pki.csca.keyIdentifier)
    }
}
