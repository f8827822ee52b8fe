import CardIO

/// An X.509 AlgorithmIdentifier: OID plus optional parameters kept as DER.
public struct AlgorithmIdentifier: Sendable, Hashable, CustomStringConvertible {
    public var oid: OID
    /// The parameters' full DER (tag included), nil when absent.
    public var parametersDER: [UInt8]?

    /// A value.
    public init(oid: OID, parametersDER: [UInt8]? = nil) {
        self.oid = oid
        self.parametersDER = parametersDER
    }

    init(_ tlv: TLV, der: DER, field: String) throws(LDSError) {
        let items = try der.children(tlv, tag: 0x30, field: field)
        guard let first = items.first else { throw .missingField(der.file, field: "\(field) OID") }
        oid = try der.oid(first, field: "\(field) OID")
        parametersDER = items.count > 1 && items[1].tag != 0x05 ? items[1].encoded : nil
    }

    public var description: String { oid.description }
}

/// A hash function used by the LDS security object and CMS.
public enum DigestAlgorithm: String, Sendable, Hashable, Codable, CaseIterable {
    case sha1, sha224, sha256, sha384, sha512

    /// The algorithm for a hash OID (`1.3.14.3.2.26`, `2.16.840.1.101.3.4.2.x`), nil when unknown.
    public init?(oid: OID) {
        switch oid.dotted {
        case "1.3.14.3.2.26": self = .sha1
        case "2.16.840.1.101.3.4.2.4": self = .sha224
        case "2.16.840.1.101.3.4.2.1": self = .sha256
        case "2.16.840.1.101.3.4.2.2": self = .sha384
        case "2.16.840.1.101.3.4.2.3": self = .sha512
        default: return nil
        }
    }

    /// Output length in bytes.
    public var outputLength: Int {
        switch self {
        case .sha1: 20
        case .sha224: 28
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }
}

/// How a CMS signature is computed, from the signer's signature AlgorithmIdentifier.
public enum SignatureScheme: Sendable, Hashable {
    /// RSASSA-PKCS1-v1_5; `digest` nil for plain `rsaEncryption` (use the signer's digest algorithm).
    case rsaPKCS1v15(digest: DigestAlgorithm?)
    /// RSASSA-PSS with its parameters (RFC 4055 defaults when absent: SHA-1, MGF1-SHA-1, salt 20).
    case rsaPSS(hash: DigestAlgorithm, mgf1Hash: DigestAlgorithm, saltLength: Int)
    /// ECDSA, signature as DER `Ecdsa-Sig-Value`; `digest` nil for bare `ecPublicKey`.
    case ecdsa(digest: DigestAlgorithm?)
    /// Any other algorithm, by OID.
    case other(OID)

    /// The scheme for an AlgorithmIdentifier; RSA-PSS parameters are decoded.
    public init(_ alg: AlgorithmIdentifier, file: LDSFile = .sod) throws(LDSError) {
        let d = alg.oid.dotted
        switch d {
        case "1.2.840.113549.1.1.1": self = .rsaPKCS1v15(digest: nil)
        case "1.2.840.113549.1.1.5": self = .rsaPKCS1v15(digest: .sha1)
        case "1.2.840.113549.1.1.14": self = .rsaPKCS1v15(digest: .sha224)
        case "1.2.840.113549.1.1.11": self = .rsaPKCS1v15(digest: .sha256)
        case "1.2.840.113549.1.1.12": self = .rsaPKCS1v15(digest: .sha384)
        case "1.2.840.113549.1.1.13": self = .rsaPKCS1v15(digest: .sha512)
        case "1.2.840.10045.2.1": self = .ecdsa(digest: nil)
        case "1.2.840.10045.4.1": self = .ecdsa(digest: .sha1)
        case "1.2.840.10045.4.3.1": self = .ecdsa(digest: .sha224)
        case "1.2.840.10045.4.3.2": self = .ecdsa(digest: .sha256)
        case "1.2.840.10045.4.3.3": self = .ecdsa(digest: .sha384)
        case "1.2.840.10045.4.3.4": self = .ecdsa(digest: .sha512)
        case "1.2.840.113549.1.1.10": self = try Self.pss(alg.parametersDER, file: file)
        default: self = .other(alg.oid)
        }
    }

    /// RSASSA-PSS-params (RFC 4055 §3.1): [0] hash, [1] mask generation, [2] salt length, [3] trailer.
    private static func pss(_ params: [UInt8]?, file: LDSFile) throws(LDSError) -> SignatureScheme {
        var hash = DigestAlgorithm.sha1, mgf = DigestAlgorithm.sha1, salt = 20
        guard let params else { return .rsaPSS(hash: hash, mgf1Hash: mgf, saltLength: salt) }
        let der = DER(file: file)
        let field = "RSASSA-PSS parameters"
        let seq = try der.single(params, tag: 0x30, field: field)
        for item in try der.children(seq, field: field) {
            let inner = try der.children(item, field: field)
            guard let first = inner.first else { throw .malformed(file, field: field, reason: "empty [\(item.tag)]") }
            switch item.tag.rawValue {
            case 0xA0:
                let a = try AlgorithmIdentifier(first, der: der, field: "\(field) hash")
                guard let h = DigestAlgorithm(oid: a.oid) else { throw .unsupported(file, field: "\(field) hash", reason: a.description) }
                hash = h
            case 0xA1:
                let m = try AlgorithmIdentifier(first, der: der, field: "\(field) MGF")
                guard m.oid.dotted == "1.2.840.113549.1.1.8", let p = m.parametersDER else {
                    throw .unsupported(file, field: "\(field) MGF", reason: m.description)
                }
                let a = try AlgorithmIdentifier(try der.single(p, tag: 0x30, field: "\(field) MGF1 hash"), der: der, field: "\(field) MGF1 hash")
                guard let h = DigestAlgorithm(oid: a.oid) else { throw .unsupported(file, field: "\(field) MGF1 hash", reason: a.description) }
                mgf = h
            case 0xA2: salt = try der.smallInteger(first, field: "\(field) salt length")
            default: continue
            }
        }
        return .rsaPSS(hash: hash, mgf1Hash: mgf, saltLength: salt)
    }
}
