import CardIO

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
