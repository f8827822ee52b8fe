import CardIO

/// An ICAO CSCA master list (ICAO 9303-12 §9): CMS SignedData over
/// `CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }`.
/// Parsing does not make anything trusted: the verifier checks the list's signature first.
public struct CSCAMasterList: Sendable, Hashable {
    /// The CMS structure (signer, signed attributes, the list signer's certificate).
    public var signedData: CMSSignedData
    public var version: Int
    /// Every CSCA certificate in the list, as DER.
    public var certificates: [[UInt8]]

    /// Parses a master list file (a DER ContentInfo).
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let file = LDSFile.cscaMasterList
        signedData = try CMSSignedData(derEncoded: bytes, file: file)
        guard signedData.contentType.dotted == "2.23.136.1.1.2" else {
            throw .invalidValue(file, field: "eContentType", reason: "\(signedData.contentType) is not cscaMasterList")
        }
        let der = DER(file: file)
        let list = try der.children(try der.single(signedData.encapsulatedContent, tag: 0x30, field: "CscaMasterList"),
            field: "CscaMasterList")
        version = try der.smallInteger(try der.element(list, 0, tag: 0x02, field: "CscaMasterList.version"), field: "CscaMasterList.version")
        let certs = try der.children(try der.element(list, 1, tag: 0x31, field: "CscaMasterList.certList"), field: "CscaMasterList.certList")
        certificates = certs.filter { $0.tag == 0x30 }.map(\.encoded)
    }

    /// The certificate that signed the list, when the structure carries it.
    public var signerCertificate: [UInt8]? { signedData.signerInfos.first.flatMap(signedData.certificate(of:)) }
}
