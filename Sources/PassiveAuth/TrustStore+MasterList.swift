import Foundation
import LDS

/// What importing a CSCA master list did.
public struct MasterListImport: Sendable, Hashable, Codable {
    /// How the list's own signature was judged.
    public enum SignatureStatus: String, Sendable, Hashable, Codable {
        /// Signed by its signer, whose certificate chains to a certificate already trusted.
        case verified
        /// The signature over the list is valid, but its signer does not chain to a trusted certificate.
        case signerNotTrusted
        /// The list carries no signer certificate, so nothing could be checked.
        case noSignerCertificate
    }

    public var signature: SignatureStatus
    /// Why the signer is not trusted, when it is not.
    public var signatureDetail: String?
    /// The signer's subject, when the list carries its certificate.
    public var signer: String?
    /// Certificates in the list.
    public var certificateCount: Int
    /// Certificates newly added to the store.
    public var added: Int
    /// Certificates in the list that are expired at the import date (kept: old documents may need them).
    public var expiredCount: Int
    /// Certificates in the list that could not be parsed (skipped).
    public var skipped: Int
}

extension TrustStore {
    /// Imports an ICAO/BSI CSCA master list. Its signature must be valid; when the signer chains to a certificate
    /// already in the store the import is `verified`. With `requireTrustedSigner` an unverified list adds nothing.
    @discardableResult
    public mutating func addMasterList(derEncoded bytes: [UInt8], at date: Date = Date(), requireTrustedSigner: Bool = false)
        throws(PassiveAuthError) -> MasterListImport
    {
        let list: CSCAMasterList
        do { list = try CSCAMasterList(derEncoded: bytes) } catch { throw .malformedCertificate("master list", reason: error.description) }
        var status = MasterListImport.SignatureStatus.noSignerCertificate
        var detail: String? = "the list carries no signer certificate"
        var signerName: String?
        if let info = list.signedData.signerInfos.first, let der = list.signedData.certificate(of: info) {
            let signer = try Certificate(derEncoded: der)
            signerName = signer.subject.description
            switch CMSSignatureCheck.verify(list.signedData, signer: info, certificate: signer) {
            case .valid: break
            case .contentDigestMismatch: throw .masterListSignatureInvalid("messageDigest is not the hash of the list")
            case .signatureInvalid: throw .masterListSignatureInvalid("the signature does not verify with \(signer.subject)")
            case .unsupported(let why): throw .masterListSignatureInvalid(why)
            }
            let when = CMSSignatureCheck.signingTime(info) ?? date
            (status, detail) = (.signerNotTrusted, "no trusted certificate issued \(signer.subject)")
            for issuer in issuers(of: signer) {
                if let failure = CertificateLink.check(signer, issuedBy: issuer, at: when, purpose: .signing) {
                    detail = "\(issuer.subject): \(failure)"
                } else {
                    (status, detail) = (.verified, nil)
                    break
                }
            }
        }
        var added = 0, expired = 0, skipped = 0
        let accept = status == .verified || !requireTrustedSigner
        for der in list.certificates {
            guard let cert = try? Certificate(derEncoded: der) else {
                skipped += 1
                continue
            }
            if cert.notAfter < date { expired += 1 }
            if accept, add(cert) { added += 1 }
        }
        return MasterListImport(signature: status, signatureDetail: detail, signer: signerName, certificateCount: list.certificates.count,
            added: added, expiredCount: expired, skipped: skipped)
    }
}
