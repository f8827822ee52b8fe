import CardIO

/// A CMS ContentInfo holding SignedData (RFC 5652 §5), as used by EF.SOD and CSCA master lists.
public struct CMSSignedData: Sendable, Hashable {
    public var version: Int
    /// `digestAlgorithms` of the SignedData.
    public var digestAlgorithms: [AlgorithmIdentifier]
    /// `eContentType` (e.g. `ldsSecurityObject` 2.23.136.1.1.1).
    public var contentType: OID
    /// The encapsulated content octets: what the `messageDigest` attribute is a hash of.
    public var encapsulatedContent: [UInt8]
    /// Certificates carried in the structure, each as its full DER.
    public var certificates: [[UInt8]]
    public var signerInfos: [SignerInfo]

    /// Parses a ContentInfo SEQUENCE whose contentType is signedData; `file` names the file for errors.
    public init(derEncoded bytes: [UInt8], file: LDSFile = .sod) throws(LDSError) {
        let der = DER(file: file)
        let ci = try der.children(try der.single(bytes, tag: 0x30, field: "ContentInfo"), field: "ContentInfo")
        let type = try der.oid(try der.element(ci, 0, tag: 0x06, field: "ContentInfo.contentType"), field: "ContentInfo.contentType")
        guard type.dotted == "1.2.840.113549.1.7.2" else {
            throw .invalidValue(file, field: "ContentInfo.contentType", reason: "\(type) is not signedData")
        }
        let wrapper = try der.children(try der.element(ci, 1, tag: 0xA0, field: "ContentInfo.content"), field: "ContentInfo.content")
        let sd = try der.children(try der.element(wrapper, 0, tag: 0x30, field: "SignedData"), field: "SignedData")
        version = try der.smallInteger(try der.element(sd, 0, tag: 0x02, field: "SignedData.version"), field: "SignedData.version")
        let algs = try der.children(try der.element(sd, 1, tag: 0x31, field: "SignedData.digestAlgorithms"), field: "SignedData.digestAlgorithms")
        var digestAlgorithms: [AlgorithmIdentifier] = []
        for a in algs { digestAlgorithms.append(try AlgorithmIdentifier(a, der: der, field: "SignedData.digestAlgorithms")) }
        self.digestAlgorithms = digestAlgorithms

        let eci = try der.children(try der.element(sd, 2, tag: 0x30, field: "encapContentInfo"), field: "encapContentInfo")
        contentType = try der.oid(try der.element(eci, 0, tag: 0x06, field: "eContentType"), field: "eContentType")
        let explicit = try der.children(try der.element(eci, 1, tag: 0xA0, field: "eContent"), field: "eContent")
        let octets = try der.element(explicit, 0, tag: 0x04, field: "eContent")
        encapsulatedContent = octets.value

        var rest = sd.dropFirst(3)
        var certificates: [[UInt8]] = []
        if let c = rest.first, c.tag == 0xA0 {
            for cert in try der.children(c, field: "SignedData.certificates") where cert.tag == 0x30 { certificates.append(cert.encoded) }
            rest = rest.dropFirst()
        }
        if let c = rest.first, c.tag == 0xA1 { rest = rest.dropFirst() }  // CRLs: not used by the LDS
        self.certificates = certificates
        guard let infos = rest.first, infos.tag == 0x31 else { throw .missingField(file, field: "SignedData.signerInfos") }
        var signerInfos: [SignerInfo] = []
        for si in try der.children(infos, field: "SignedData.signerInfos") { signerInfos.append(try SignerInfo(si, der: der)) }
        guard !signerInfos.isEmpty else { throw .missingField(file, field: "SignedData.signerInfos (empty SET)") }
        self.signerInfos = signerInfos
    }

    /// The certificate of `signer`: the one whose issuer and serial (or key identifier) match its sid,
    /// else the only certificate carried; nil when none fits.
    public func certificate(of signer: SignerInfo) -> [UInt8]? {
        for cert in certificates {
            guard let ref = CertificateReference(certificateDER: cert) else { continue }
            switch signer.signerIdentifier {
            case .issuerAndSerialNumber(let issuer, let serial):
                if ref.issuerDER == issuer && ref.serialNumber == serial { return cert }
            case .subjectKeyIdentifier(let ski):
                if ref.subjectKeyIdentifier == ski { return cert }
            }
        }
        return certificates.count == 1 ? certificates.first : nil
    }
}
