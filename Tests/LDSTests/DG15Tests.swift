import CardIO
import LDS
import Testing

@Suite("DG15 active authentication key")
struct DG15Tests {
    func spki(_ tool: OpenSSLTool, _ genArgs: [String], explicit: Bool = false) throws -> [UInt8] {
        try tool.run(["genpkey", "-out", "k.pem"] + genArgs)
        if explicit {
            try tool.run("pkey", "-in", "k.pem", "-pubout", "-out", "p.pem")
            try tool.run("ec", "-pubin", "-in", "p.pem", "-param_enc", "explicit", "-pubout", "-outform", "DER", "-out", "p.der")
        } else {
            try tool.run("pkey", "-in", "k.pem", "-pubout", "-outform", "DER", "-out", "p.der")
        }
        return try tool.read("p.der")
    }

    @Test("RSA, named-curve and explicit-parameter EC keys are recognised and kept as DER")
    func keys() throws {
        let tool = try OpenSSLTool()
        defer { tool.remove() }
        let rsa = try spki(tool, ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"])
        let dg = try DG15(derEncoded: TLV(tag: 0x6F, value: rsa).encoded)
        #expect(dg.publicKey.keyType == .rsa && dg.publicKey.derEncoded == rsa)
        let ec = try spki(tool, ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1"])
        let e = try DG15(derEncoded: TLV(tag: 0x6F, value: ec).encoded).publicKey
        #expect(e.keyType == .ec(curve: OID(dotted: "1.3.36.3.3.2.8.1.1.7")))
        #expect(e.keyBits.first == 0x04 && e.keyBits.count == 65)
        let explicitKey = try spki(tool, ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1"], explicit: true)
        let x = try DG15(derEncoded: TLV(tag: 0x6F, value: explicitKey).encoded).publicKey
        #expect(x.keyType == .ec(curve: nil))
        #expect(x.parametersDER?.first == 0x30)
    }

    @Test("DG15 with a wrong tag, trailing bytes or a misaligned BIT STRING throws naming DG15")
    func malformed() {
        let alg = TLV(tag: 0x30, value: OID(dotted: "1.2.840.113549.1.1.1")!.derEncoded + [0x05, 0x00])
        let bad = TLV(tag: 0x30, children: [alg, TLV(tag: 0x03, value: [0x01, 0xFF])]).encoded
        #expect(throws: LDSError.invalidValue(.dataGroup(15), field: "SubjectPublicKeyInfo.subjectPublicKey",
            reason: "BIT STRING is empty or not byte-aligned")) { try DG15(derEncoded: TLV(tag: 0x6F, value: bad).encoded) }
        #expect(throws: LDSError.self) { try DG15(derEncoded: TLV(tag: 0x6E, value: bad).encoded) }
        #expect(throws: LDSError.self) { try DG15(derEncoded: TLV(tag: 0x6F, value: bad + [0]).encoded) }
    }

    @Test("OIDs round-trip between dotted and DER forms and reject bad encodings")
    func oids() throws {
        let oid = try #require(OID(dotted: "1.0.10646.1.0.8"))
        #expect(oid.derEncoded == [0x06, 0x06, 0x28, 0xD3, 0x16, 0x01, 0x00, 0x08])
        #expect(OID(contentBytes: oid.contentBytes)?.dotted == "1.0.10646.1.0.8")
        #expect(OID(contentBytes: [0x2A, 0x86]) == nil)
        #expect(OID(contentBytes: [0x80, 0x01]) == nil)
        #expect(OID(dotted: "3.1") == nil && OID(dotted: "1") == nil && OID(dotted: "1.x") == nil)
    }
}
