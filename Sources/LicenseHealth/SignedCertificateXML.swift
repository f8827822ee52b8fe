import Foundation

/// Canonicalization used for the reference and `SignedInfo`.
public enum Canonicalization: String, Sendable, Codable, CaseIterable {
    case exclusive = "http://www.w3.org/2001/10/xml-exc-c14n#"
    case inclusive = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
}

/// Builds the record as `<root>…</root>` and signs it with an enveloped XML-DSig signature
/// (`Reference URI=""`, KeyInfo with RSAKeyValue and X509Certificate). The document is written
/// in canonical form (no declaration, no attributes on `root`, C14N escaping, explicit end tags),
/// so the bytes hashed are the bytes written — which is what C14N of the parsed document yields.
public enum SignedCertificateXML {
    static let dsigNS = "http://www.w3.org/2000/09/xmldsig#"

    /// The unsigned record in canonical form.
    public static func document(for certificate: HealthCertificate) -> String {
        "<root>" + certificate.wireFields.map { "<\($0.name)>\(escapeText($0.value))</\($0.name)>" }.joined() + "</root>"
    }

    /// The record with its enveloped signature appended inside `root`.
    public static func signed(
        _ certificate: HealthCertificate, identity: SigningIdentity,
        algorithm: SignatureAlgorithm = .rsaSHA256, canonicalization: Canonicalization = .exclusive
    ) throws(LicenseHealthError) -> String {
        let doc = document(for: certificate)
        let docDigest = digest(Array(doc.utf8), algorithm)
        let signedInfoBody =
            "<CanonicalizationMethod Algorithm=\"\(canonicalization.rawValue)\"></CanonicalizationMethod>"
            + "<SignatureMethod Algorithm=\"\(algorithm.signatureURI)\"></SignatureMethod>"
            + "<Reference URI=\"\"><Transforms>"
            + "<Transform Algorithm=\"\(dsigNS)enveloped-signature\"></Transform>"
            + "<Transform Algorithm=\"\(canonicalization.rawValue)\"></Transform>"
            + "</Transforms><DigestMethod Algorithm=\"\(algorithm.digestURI)\"></DigestMethod>"
            + "<DigestValue>\(Data(docDigest).base64EncodedString())</DigestValue></Reference>"
        // C14N of the SignedInfo subset renders the in-scope default namespace on it (both
        // inclusive and exclusive: the element itself uses it).
        let canonicalSignedInfo = "<SignedInfo xmlns=\"\(dsigNS)\">" + signedInfoBody + "</SignedInfo>"
        let signature = try identity.sign(Array(canonicalSignedInfo.utf8), algorithm: algorithm)
        let (n, e) = try identity.rsaPublicNumbers()
        let signatureElement =
            "<Signature xmlns=\"\(dsigNS)\"><SignedInfo>" + signedInfoBody + "</SignedInfo>"
            + "<SignatureValue>\(Data(signature).base64EncodedString())</SignatureValue>"
            + "<KeyInfo><KeyValue><RSAKeyValue><Modulus>\(Data(n).base64EncodedString())</Modulus>"
            + "<Exponent>\(Data(e).base64EncodedString())</Exponent></RSAKeyValue></KeyValue>"
            + "<X509Data><X509Certificate>\(Data(identity.certificateDER).base64EncodedString())</X509Certificate></X509Data>"
            + "</KeyInfo></Signature>"
        return String(doc.dropLast("</root>".count)) + signatureElement + "</root>"
    }

    /// The certificate with `SIGNDATA` set to Base64 of the signed XML (after validating it).
    public static func sign(
        _ certificate: HealthCertificate, identity: SigningIdentity,
        algorithm: SignatureAlgorithm = .rsaSHA256, canonicalization: Canonicalization = .exclusive
    ) throws(LicenseHealthError) -> HealthCertificate {
        try certificate.validate()
        var c = certificate
        c.signData = nil
        let xml = try signed(c, identity: identity, algorithm: algorithm, canonicalization: canonicalization)
        c.signData = Data(xml.utf8).base64EncodedString()
        return c
    }

    /// C14N text escaping: `&`, `<`, `>` and carriage return.
    static func escapeText(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#xD;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
