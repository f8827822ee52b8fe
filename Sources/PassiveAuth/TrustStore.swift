import Foundation

/// The CSCA certificates passive authentication may anchor a document signer to, plus optional CRLs.
/// Loaded from configured files and master lists only — never from a card.
public struct TrustStore: Sendable {
    /// The trusted CSCA certificates (root and link certificates), without duplicates.
    public private(set) var certificates: [Certificate] = []
    /// CRLs whose signature verified under a trusted CSCA.
    public private(set) var revocationLists: [RevocationList] = []

    /// An empty store (every document signer is then "issuer not trusted").
    public init() {}

    /// A store holding `certificates`.
    public init(certificates: [Certificate]) {
        for c in certificates { add(c) }
    }

    /// Trusts one CSCA certificate; returns false when it was already present.
    @discardableResult
    public mutating func add(_ certificate: Certificate) -> Bool {
        guard !certificates.contains(where: { $0.derEncoded == certificate.derEncoded }) else { return false }
        certificates.append(certificate)
        return true
    }

    /// Trusted certificates that may have issued `certificate` (by name and key identifier), newest first.
    public func issuers(of certificate: Certificate) -> [Certificate] {
        certificates.filter { CertificateLink.mayHaveIssued($0, certificate) }.sorted { $0.notBefore > $1.notBefore }
    }

    /// Adds a CRL after checking its signature under a trusted CSCA; throws when none verifies it.
    public mutating func addRevocationList(derEncoded der: [UInt8]) throws(PassiveAuthError) {
        let crl = try RevocationList(derEncoded: der)
        for issuer in certificates where issuer.subject.matches(crl.issuer) {
            if (try? crl.isSigned(by: try issuer.publicKey())) == true {
                revocationLists.append(crl)
                return
            }
        }
        throw .malformedCertificate("CRL of \(crl.issuer)", reason: "no trusted CSCA verifies its signature")
    }

    /// True when a trusted CRL of `certificate`'s issuer lists its serial number; nil when no CRL of that issuer is loaded.
    public func isRevoked(_ certificate: Certificate) -> Bool? {
        let lists = revocationLists.filter { $0.issuer.matches(certificate.issuer) }
        guard !lists.isEmpty else { return nil }
        return lists.contains { $0.revokedSerialNumbers.contains(certificate.serialNumber) }
    }
}
