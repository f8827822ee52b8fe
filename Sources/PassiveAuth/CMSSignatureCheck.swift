import Foundation
import LDS

/// Verifies a CMS SignerInfo (RFC 5652 §5.4): the `messageDigest` attribute equals the hash of the content, and
/// the signature over the signed attributes (or the content when there are none) verifies with the signer's key.
enum CMSSignatureCheck {
    enum Result: Sendable, Hashable {
        case valid
        case contentDigestMismatch
        case signatureInvalid
        case unsupported(String)
    }

    static func verify(_ signedData: CMSSignedData, signer: SignerInfo, certificate: Certificate) -> Result {
        do {
            if signer.signedAttributesDER != nil {
                guard let digest = DigestAlgorithm(oid: signer.digestAlgorithm.oid) else {
                    return .unsupported("digest algorithm \(signer.digestAlgorithm)")
                }
                guard let expected = signer.messageDigest, try digest.hash(signedData.encapsulatedContent) == expected else {
                    return .contentDigestMismatch
                }
            }
            let input = signer.signedAttributesDER ?? signedData.encapsulatedContent
            let ok = try SignatureVerifier.verify(signature: signer.signature, over: input, scheme: signer.signatureScheme,
                digest: signer.effectiveDigest, key: try certificate.publicKey())
            return ok ? .valid : .signatureInvalid
        } catch {
            return .unsupported(error.description)
        }
    }

    /// The `signingTime` attribute (1.2.840.113549.1.9.5), nil when absent or unreadable.
    static func signingTime(_ signer: SignerInfo) -> Date? {
        guard let attr = signer.signedAttributes.first(where: { $0.type.dotted == "1.2.840.113549.1.9.5" }),
            let value = attr.valuesDER.first,
            let tlv = try? DERReading(what: "signingTime").single(value, tag: value.first == 0x18 ? 0x18 : 0x17, field: "signingTime")
        else { return nil }
        return try? DERReading(what: "signingTime").time(tlv, field: "signingTime")
    }
}
