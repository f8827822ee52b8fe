import Foundation

/// One link of a certificate path, checked by hand (libcrypto's chain verifier refuses explicit EC parameters):
/// names, key identifiers, the issuer's signature, both validity periods and key usage.
public enum CertificateLink {
    /// What the subject certificate is used for, which decides the key usage it must allow.
    public enum Purpose: Sendable {
        /// Signs documents (a document signer) or master lists: digitalSignature.
        case signing
        /// Signs certificates (a link certificate): keyCertSign.
        case certificateSigning
    }

    /// Why a link does not hold.
    public enum Failure: Error, Sendable, Hashable {
        case issuerNameMismatch
        case keyIdentifierMismatch
        case badSignature
        case expired(subject: String, notAfter: Date)
        case notYetValid(subject: String, notBefore: Date)
        case keyUsage(String)
        case unsupported(String)
    }

    /// True when `issuer` could have issued `subject`: names equal and, when both are present, the authority key
    /// identifier equals the issuer's subject key identifier.
    public static func mayHaveIssued(_ issuer: Certificate, _ subject: Certificate) -> Bool {
        guard issuer.subject.matches(subject.issuer) else { return false }
        if let aki = subject.extensions.authorityKeyIdentifier, let ski = issuer.extensions.subjectKeyIdentifier { return aki == ski }
        return true
    }

    /// Checks that `issuer` issued `subject` and both were usable at `date` (or at some moment of `date...end` when
    /// `end` is given, e.g. a whole day of issue); the first failure found, or nil.
    public static func check(_ subject: Certificate, issuedBy issuer: Certificate, at date: Date, through end: Date? = nil,
        purpose: Purpose) -> Failure?
    {
        guard issuer.subject.matches(subject.issuer) else { return .issuerNameMismatch }
        if let aki = subject.extensions.authorityKeyIdentifier, let ski = issuer.extensions.subjectKeyIdentifier, aki != ski {
            return .keyIdentifierMismatch
        }
        do {
            guard try subject.isSigned(by: try issuer.publicKey()) else { return .badSignature }
        } catch {
            return .unsupported(error.description)
        }
        for cert in [subject, issuer] {
            if date > cert.notAfter { return .expired(subject: cert.subject.description, notAfter: cert.notAfter) }
            if max(date, end ?? date) < cert.notBefore { return .notYetValid(subject: cert.subject.description, notBefore: cert.notBefore) }
        }
        if issuer.extensions.isCA == false { return .keyUsage("issuer \(issuer.subject) is not a CA (basicConstraints)") }
        if let ku = issuer.extensions.keyUsage, !ku.contains(.keyCertSign) {
            return .keyUsage("issuer \(issuer.subject) may not sign certificates (keyUsage)")
        }
        if let ku = subject.extensions.keyUsage {
            switch purpose {
            case .signing where !ku.contains(.digitalSignature):
                return .keyUsage("\(subject.subject) may not sign data (keyUsage lacks digitalSignature)")
            case .certificateSigning where !ku.contains(.keyCertSign):
                return .keyUsage("\(subject.subject) may not sign certificates (keyUsage lacks keyCertSign)")
            default: break
            }
        }
        return nil
    }
}
