import CardIO
import CardSim
import LDS
import Testing

/// SODs are made at test time with `openssl cms -sign` over an LDSSecurityObject built here, so the parser
/// is checked against an independent CMS encoder, and the signature bytes it extracts are checked with
/// `openssl dgst -verify`.
@Suite("EF.SOD (CMS SignedData)")
struct SODTests {
    let files: [Int: [UInt8]] = [
        1: LDSBuilder.dg1(for: CitizenSample.samples[0]),
        2: LDSBuilder.dg2(for: CitizenSample.samples[0]),
        13: LDSBuilder.dg13(for: CitizenSample.samples[0]),
    ]

    static func securityObject(_ hashAlgorithm: OID, hashes: [Int: [UInt8]]) -> [UInt8] {
        let entries = hashes.sorted { $0.key < $1.key }.map { n, h in
            TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [UInt8(n)]), TLV(tag: 0x04, value: h)])
        }
        let alg = TLV(tag: 0x30, value: hashAlgorithm.derEncoded + [0x05, 0x00])
        return TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [0]), alg, TLV(tag: 0x30, children: entries)]).encoded
    }

    /// Signs an LDSSecurityObject with a fresh key; returns the SOD file, the LSO and the certificate DER.
    static func makeSOD(_ tool: OpenSSLTool, files: [Int: [UInt8]], key: [String], md: String, hashOID: String,
        extra: [String] = []) throws -> (sod: [UInt8], lso: [UInt8], cert: [UInt8])
    {
        try tool.run(["genpkey", "-out", "key.pem"] + key)
        try tool.run("req", "-new", "-x509", "-key", "key.pem", "-out", "cert.pem", "-subj", "/C=VN/O=Test/CN=Test DS", "-days", "30", "-\(md)")
        try tool.run("x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der")
        var hashes: [Int: [UInt8]] = [:]
        for (n, f) in files { hashes[n] = try tool.digest(md, f) }
        let lso = securityObject(try #require(OID(dotted: hashOID)), hashes: hashes)
        try tool.write("lso.der", lso)
        try tool.run(["cms", "-sign", "-in", "lso.der", "-binary", "-nodetach", "-outform", "DER", "-out", "sod.der",
            "-signer", "cert.pem", "-inkey", "key.pem", "-md", md, "-econtent_type", "2.23.136.1.1.1", "-nosmimecap"] + extra)
        let cms = try tool.read("sod.der")
        return (TLV(tag: 0x77, value: cms).encoded, lso, try tool.read("cert.der"))
    }

    /// True when `openssl dgst -verify` accepts `signature` over `bytes` with the certificate's key.
    static func opensslVerifies(_ tool: OpenSSLTool, bytes: [UInt8], signature: [UInt8], md: String, extra: [String] = []) throws -> Bool {
        try tool.write("signed.bin", bytes)
        try tool.write("sig.bin", signature)
        try tool.run("x509", "-in", "cert.pem", "-pubkey", "-noout", "-out", "pub.pem")
        let out = try? tool.run(["dgst", "-\(md)", "-verify", "pub.pem", "-signature", "sig.bin"] + extra + ["signed.bin"])
        return out.map { String(decoding: $0, as: UTF8.self).contains("Verified OK") } ?? false
    }

    @Test("an ECDSA brainpoolP384r1 SOD yields hashes, message digest, certificate and bytes that verify")
    func ecdsaBrainpool() throws {
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        let made = try Self.makeSOD(tool, files: files, key: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:brainpoolP384r1"],
            md: "sha384", hashOID: "2.16.840.1.101.3.4.2.2")
        let sod = try SOD(derEncoded: made.sod)
        #expect(sod.securityObject.digestAlgorithm == .sha384)
        #expect(Set(sod.securityObject.dataGroupHashes.keys) == [1, 2, 13])
        #expect(sod.securityObject.dataGroupHashes[13] == (try tool.digest("sha384", files[13] ?? [])))
        #expect(sod.signedData.contentType.name == "ldsSecurityObject")
        #expect(sod.signedData.encapsulatedContent == made.lso)
        #expect(sod.signedData.digestAlgorithms.map(\.oid.name) == ["sha384"])
        #expect(sod.signer.messageDigest == (try tool.digest("sha384", made.lso)))
        #expect(sod.signer.contentTypeAttribute?.dotted == "2.23.136.1.1.1")
        #expect(sod.signer.signatureScheme == .ecdsa(digest: .sha384))
        #expect(sod.documentSignerCertificate == made.cert)
        let input = sod.signatureInput
        #expect(input.signedBytes.first == 0x31)
        #expect(try Self.opensslVerifies(tool, bytes: input.signedBytes, signature: input.signature, md: "sha384"))
        var tampered = input.signedBytes
        tampered[tampered.count - 1] ^= 1
        #expect(try !Self.opensslVerifies(tool, bytes: tampered, signature: input.signature, md: "sha384"))
    }

    @Test("an RSA-PSS SOD yields its PSS parameters and bytes that verify")
    func rsaPSS() throws {
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        let made = try Self.makeSOD(tool, files: files, key: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            md: "sha256", hashOID: "2.16.840.1.101.3.4.2.1", extra: ["-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:32"])
        let sod = try SOD(derEncoded: made.sod)
        guard case .rsaPSS(let hash, let mgf, let salt) = sod.signer.signatureScheme else {
            Issue.record("expected RSA-PSS, got \(sod.signer.signatureScheme)")
            return
        }
        #expect(hash == .sha256 && mgf == .sha256 && salt == 32)
        #expect(sod.signatureInput.digest == .sha256)
        #expect(try Self.opensslVerifies(tool, bytes: sod.signatureInput.signedBytes, signature: sod.signer.signature, md: "sha256",
            extra: ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"]))
    }

    @Test("an RSA PKCS#1 v1.5 SOD without signed attributes signs the content itself")
    func rsaNoAttributes() throws {
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        let made = try Self.makeSOD(tool, files: files, key: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            md: "sha256", hashOID: "2.16.840.1.101.3.4.2.1", extra: ["-noattr"])
        let sod = try SOD(derEncoded: made.sod)
        #expect(sod.signer.signedAttributesDER == nil && sod.signer.messageDigest == nil)
        #expect(sod.signatureInput.signedBytes == made.lso)
        if case .rsaPKCS1v15 = sod.signer.signatureScheme {} else { Issue.record("expected PKCS#1 v1.5") }
        #expect(sod.signatureInput.digest == .sha256)
        #expect(try Self.opensslVerifies(tool, bytes: sod.signatureInput.signedBytes, signature: sod.signer.signature, md: "sha256"))
    }

    @Test("a SOD truncated anywhere, with a wrong tag or another content type throws naming EF.SOD")
    func malformed() throws {
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        let made = try Self.makeSOD(tool, files: files, key: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            md: "sha256", hashOID: "2.16.840.1.101.3.4.2.1")
        for cut in stride(from: 0, to: made.sod.count, by: 7) {
            #expect(throws: LDSError.self) { try SOD(derEncoded: Array(made.sod.prefix(cut))) }
        }
        #expect(throws: LDSError.self) { try SOD(derEncoded: [0x76] + made.sod.dropFirst()) }
        try tool.run("cms", "-sign", "-in", "lso.der", "-binary", "-nodetach", "-outform", "DER", "-out", "data.der",
            "-signer", "cert.pem", "-inkey", "key.pem")
        let plain = TLV(tag: 0x77, value: try tool.read("data.der")).encoded
        #expect(throws: LDSError.invalidValue(.sod, field: "eContentType", reason: "data (1.2.840.113549.1.7.1) is not ldsSecurityObject")) {
            try SOD(derEncoded: plain)
        }
    }

    @Test("an LDSSecurityObject with a hash of the wrong length or a DG listed twice is rejected")
    func securityObjectRules() throws {
        let sha256 = try #require(OID(dotted: "2.16.840.1.101.3.4.2.1"))
        #expect(throws: LDSError.self) { try LDSSecurityObject(derEncoded: Self.securityObject(sha256, hashes: [1: [1, 2, 3]])) }
        let entry = TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [1]), TLV(tag: 0x04, value: [UInt8](repeating: 0, count: 32))])
        let twice = TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [0]), TLV(tag: 0x30, value: sha256.derEncoded),
            TLV(tag: 0x30, children: [entry, entry])]).encoded
        #expect(throws: LDSError.invalidValue(.sod, field: "DataGroupHash DG1", reason: "listed twice")) {
            try LDSSecurityObject(derEncoded: twice)
        }
        let ok = try LDSSecurityObject(derEncoded: Self.securityObject(sha256, hashes: [14: [UInt8](repeating: 7, count: 32)]))
        #expect(ok.dataGroupHashes[14]?.count == 32 && ok.version == 0)
    }
}
