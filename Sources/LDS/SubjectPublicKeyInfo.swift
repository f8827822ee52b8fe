import CardIO

/// An X.509 SubjectPublicKeyInfo: the algorithm, its parameters and the key bits, kept as DER.
public struct SubjectPublicKeyInfo: Sendable, Hashable {
    /// The kind of key.
    public enum KeyType: Sendable, Hashable {
        case rsa
        /// EC with a named curve OID, or `nil` curve when the parameters are explicit (kept in `parametersDER`).
        case ec(curve: OID?)
        case other(OID)
    }

    /// The whole SubjectPublicKeyInfo DER, as a verifier needs it (e.g. `d2i_PUBKEY`).
    public var derEncoded: [UInt8]
    public var algorithm: OID
    public var keyType: KeyType
    /// The algorithm parameters' DER (curve OID, explicit domain, or NULL), nil when absent.
    public var parametersDER: [UInt8]?
    /// The BIT STRING contents without the unused-bits byte (RSAPublicKey DER or EC point).
    public var keyBits: [UInt8]

    /// Parses a SubjectPublicKeyInfo SEQUENCE; `file` names the file for errors.
    public init(derEncoded bytes: [UInt8], file: LDSFile = .dataGroup(15)) throws(LDSError) {
        let der = DER(file: file)
        let root = try der.single(bytes, tag: 0x30, field: "SubjectPublicKeyInfo")
        let items = try der.children(root, field: "SubjectPublicKeyInfo")
        let algSeq = try der.element(items, 0, tag: 0x30, field: "SubjectPublicKeyInfo.algorithm")
        let alg = try der.children(algSeq, field: "SubjectPublicKeyInfo.algorithm")
        guard let first = alg.first else { throw .missingField(file, field: "SubjectPublicKeyInfo.algorithm OID") }
        algorithm = try der.oid(first, field: "SubjectPublicKeyInfo.algorithm OID")
        parametersDER = alg.count > 1 ? alg[1].encoded : nil
        let bits = try der.element(items, 1, tag: 0x03, field: "SubjectPublicKeyInfo.subjectPublicKey")
        guard let unused = bits.value.first, unused == 0 else {
            throw .invalidValue(file, field: "SubjectPublicKeyInfo.subjectPublicKey", reason: "BIT STRING is empty or not byte-aligned")
        }
        keyBits = Array(bits.value.dropFirst())
        derEncoded = bytes
        switch algorithm.dotted {
        case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10": keyType = .rsa
        case "1.2.840.10045.2.1":
            keyType = .ec(curve: alg.count > 1 && alg[1].tag == 0x06 ? OID(contentBytes: alg[1].value) : nil)
        default: keyType = .other(algorithm)
        }
    }
}
