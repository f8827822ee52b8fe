import Foundation

/// The verdict of passive authentication; every way it can end is a distinct case with a message for a person.
public enum PassiveAuthenticationOutcome: Sendable, Hashable, Codable {
    /// Every read data group matches the SOD, the SOD signature is valid and its signer chains to a trusted CSCA.
    case verified
    /// The data is intact and the SOD signature is valid, but no CSCA in the trust store issued the signer.
    case issuerNotTrusted(issuer: String)
    /// Data groups whose hash differs from the one signed in the SOD.
    case dataGroupHashMismatch(dataGroups: [Int])
    /// Data groups that were read but are not listed in the SOD.
    case dataGroupNotInSOD(dataGroups: [Int])
    /// The SOD's signature (or its messageDigest attribute) does not verify with the document signer's key.
    case badSODSignature(reason: String)
    /// The document signer certificate names a trusted CSCA, but that CSCA's key did not sign it.
    case signerCertificateBadSignature(issuer: String)
    /// A certificate of the path had expired at the validation time.
    case certificateExpired(subject: String, notAfter: Date)
    /// A certificate of the path was not yet valid at the validation time.
    case certificateNotYetValid(subject: String, notBefore: Date)
    /// A certificate may not be used this way (key usage, not a CA).
    case certificateNotAuthorized(reason: String)
    /// A trusted CRL lists the document signer certificate.
    case signerRevoked(serialNumber: String)
    /// The SOD carries no document signer certificate.
    case noSignerCertificate
    /// EF.SOD was not read or is absent.
    case noSOD
    /// EF.SOD could not be parsed.
    case malformedSOD(reason: String)
    /// An algorithm (hash, signature, key) the verifier does not handle.
    case unsupportedAlgorithm(String)

    /// True only for `verified`.
    public var isVerified: Bool { self == .verified }

    /// A short stable identifier for logs and JSON consumers (`verified`, `issuerNotTrusted`…).
    public var code: String {
        switch self {
        case .verified: "verified"
        case .issuerNotTrusted: "issuerNotTrusted"
        case .dataGroupHashMismatch: "dataGroupHashMismatch"
        case .dataGroupNotInSOD: "dataGroupNotInSOD"
        case .badSODSignature: "badSODSignature"
        case .signerCertificateBadSignature: "signerCertificateBadSignature"
        case .certificateExpired: "certificateExpired"
        case .certificateNotYetValid: "certificateNotYetValid"
        case .certificateNotAuthorized: "certificateNotAuthorized"
        case .signerRevoked: "signerRevoked"
        case .noSignerCertificate: "noSignerCertificate"
        case .noSOD: "noSOD"
        case .malformedSOD: "malformedSOD"
        case .unsupportedAlgorithm: "unsupportedAlgorithm"
        }
    }

    /// What happened, for the person at the counter or in the log.
    public var message: String {
        func dgs(_ list: [Int]) -> String { list.map { "DG\($0)" }.joined(separator: ", ") }
        func day(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }
        switch self {
        case .verified: return "passive authentication passed: data intact, signed by a trusted issuer"
        case .issuerNotTrusted(let issuer):
            return "signature valid, issuer not trusted: no CSCA certificate for \(issuer) in the trust store — the data is "
                + "intact as signed, but who signed it is unknown; add the country's CSCA or master list to trust it"
        case .dataGroupHashMismatch(let list):
            return "\(dgs(list)) differ from what the card's issuer signed: the data was altered or misread — read the card again"
        case .dataGroupNotInSOD(let list): return "\(dgs(list)) are not covered by the card's signature; do not rely on them"
        case .badSODSignature(let reason): return "the card's security object signature is invalid (\(reason)): treat the card as forged"
        case .signerCertificateBadSignature(let issuer):
            return "the document signer certificate claims \(issuer) as issuer, but that CSCA did not sign it: treat the card as forged"
        case .certificateExpired(let subject, let notAfter):
            return "certificate \(subject) had expired (\(day(notAfter))) when the card was signed or issued"
        case .certificateNotYetValid(let subject, let notBefore):
            return "certificate \(subject) was not yet valid (from \(day(notBefore))) when the card was signed or issued"
        case .certificateNotAuthorized(let reason): return "certificate not authorised for its use: \(reason)"
        case .signerRevoked(let serial): return "the document signer certificate (serial \(serial)) is revoked by its CSCA's CRL"
        case .noSignerCertificate: return "the SOD carries no document signer certificate, so its signature cannot be checked"
        case .noSOD: return "no security object (EF.SOD) was read: the data is unverified"
        case .malformedSOD(let reason): return "the security object (EF.SOD) is malformed: \(reason)"
        case .unsupportedAlgorithm(let name): return "unsupported algorithm \(name): the card could not be verified"
        }
    }
}
