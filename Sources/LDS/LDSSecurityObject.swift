import CardIO

/// The LDSSecurityObject signed inside EF.SOD (ICAO 9303-10 §4.6.2): the hash of every data group.
public struct LDSSecurityObject: Sendable, Hashable {
    /// 0 (LDS 1.7) or 1 (with LDS version info).
    public var version: Int
    public var hashAlgorithm: AlgorithmIdentifier
    /// `hashAlgorithm` decoded; nil when it is not a known hash.
    public var digestAlgorithm: DigestAlgorithm?
    /// Data group number → hash, in file order.
    public var dataGroupHashes: [Int: [UInt8]]
    /// LDS and Unicode versions (version 1 only).
    public var ldsVersion: String?, unicodeVersion: String?

    /// Parses the DER of an LDSSecurityObject (the SOD's encapsulated content).
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let der = DER(file: .sod)
        let items = try der.children(try der.single(bytes, tag: 0x30, field: "LDSSecurityObject"), field: "LDSSecurityObject")
        version = try der.smallInteger(try der.element(items, 0, tag: 0x02, field: "LDSSecurityObject.version"),
            field: "LDSSecurityObject.version")
        hashAlgorithm = try AlgorithmIdentifier(try der.element(items, 1, tag: 0x30, field: "LDSSecurityObject.hashAlgorithm"),
            der: der, field: "LDSSecurityObject.hashAlgorithm")
        digestAlgorithm = DigestAlgorithm(oid: hashAlgorithm.oid)
        var hashes: [Int: [UInt8]] = [:]
        let list = try der.element(items, 2, tag: 0x30, field: "LDSSecurityObject.dataGroupHashValues")
        for entry in try der.children(list, field: "DataGroupHash") {
            let parts = try der.children(entry, tag: 0x30, field: "DataGroupHash")
            let n = try der.smallInteger(try der.element(parts, 0, tag: 0x02, field: "DataGroupHash.dataGroupNumber"),
                field: "DataGroupHash.dataGroupNumber")
            guard (1...16).contains(n) else {
                throw .invalidValue(.sod, field: "DataGroupHash.dataGroupNumber", reason: "\(n) is not 1–16")
            }
            let value = try der.element(parts, 1, tag: 0x04, field: "DataGroupHash.dataGroupHashValue").value
            if let d = digestAlgorithm, value.count != d.outputLength {
                throw .invalidValue(.sod, field: "DataGroupHash DG\(n)", reason: "\(value.count) bytes, \(d.rawValue) gives \(d.outputLength)")
            }
            guard hashes[n] == nil else { throw .invalidValue(.sod, field: "DataGroupHash DG\(n)", reason: "listed twice") }
            hashes[n] = value
        }
        dataGroupHashes = hashes
        if items.count > 3, items[3].tag == 0x30 {
            let info = try der.children(items[3], field: "LDSSecurityObject.ldsVersionInfo")
            ldsVersion = info.count > 0 ? try der.string(info[0], field: "ldsVersionInfo.ldsVersion") : nil
            unicodeVersion = info.count > 1 ? try der.string(info[1], field: "ldsVersionInfo.unicodeVersion") : nil
        }
    }
}

/// EF.SOD (tag `77`): the document security object, a CMS SignedData over an LDSSecurityObject.
public struct SOD: Sendable, Hashable {
    /// The CMS structure.
    public var signedData: CMSSignedData
    /// The signed data group hashes.
    public var securityObject: LDSSecurityObject
    /// The signer (the first SignerInfo; ICAO allows exactly one).
    public var signer: SignerInfo
    /// The document signer certificate's DER, when the SOD carries it.
    public var documentSignerCertificate: [UInt8]?

    /// Parses the file contents (tag `77`).
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let der = DER(file: .sod)
        let root = try der.single(bytes, tag: 0x77, field: "template")
        signedData = try CMSSignedData(derEncoded: root.value, file: .sod)
        guard signedData.contentType.dotted == "2.23.136.1.1.1" else {
            throw .invalidValue(.sod, field: "eContentType", reason: "\(signedData.contentType) is not ldsSecurityObject")
        }
        securityObject = try LDSSecurityObject(derEncoded: signedData.encapsulatedContent)
        guard let first = signedData.signerInfos.first else { throw .missingField(.sod, field: "SignerInfo") }
        signer = first
        documentSignerCertificate = signedData.certificate(of: first)
    }

    /// What a signature verifier needs, as exact bytes.
    public var signatureInput: SignatureInput {
        SignatureInput(
            signedBytes: signer.signedAttributesDER ?? signedData.encapsulatedContent,
            signature: signer.signature, scheme: signer.signatureScheme, digest: signer.effectiveDigest,
            certificateDER: documentSignerCertificate,
            encapsulatedContent: signedData.encapsulatedContent, messageDigest: signer.messageDigest)
    }
}

/// The exact inputs of a CMS signature check.
public struct SignatureInput: Sendable, Hashable {
    /// The bytes the signature covers: the signed attributes as a DER `SET`, or the content when there are none.
    public var signedBytes: [UInt8]
    public var signature: [UInt8]
    public var scheme: SignatureScheme
    /// The hash to apply to `signedBytes`.
    public var digest: DigestAlgorithm?
    /// The document signer certificate's DER.
    public var certificateDER: [UInt8]?
    /// The encapsulated content, whose hash must equal `messageDigest`.
    public var encapsulatedContent: [UInt8]
    public var messageDigest: [UInt8]?
}
