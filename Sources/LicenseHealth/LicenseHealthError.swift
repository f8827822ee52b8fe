/// Everything that can go wrong with driver health-check certificates.
public enum LicenseHealthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record breaks one or more rules; each problem names the field and what to fix.
    case invalidCertificate([CertificateProblem])
    /// A key or certificate file could not be read or used.
    case signingKey(String)
    /// Signing failed inside libcrypto.
    case signing(String)
    /// The central could not be reached or answered something unexpected.
    case central(String)
    /// The agent's database refused to keep the certificate (disk full, damaged file, key file).
    case localStore(String)

    public var description: String {
        switch self {
        case .invalidCertificate(let problems):
            "the health-check certificate is invalid: " + problems.map(\.description).joined(separator: "; ")
        case .signingKey(let m): "signing key or certificate unusable: \(m)"
        case .signing(let m): "could not sign the certificate: \(m)"
        case .central(let m): "certificate registry: \(m)"
        case .localStore(let m): "the certificate was not queued: \(m)"
        }
    }
}

/// One broken rule: the wire field name and a message a person can act on.
public struct CertificateProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The wire field, e.g. `SO`.
    public let field: String
    /// What is wrong and how to fix it.
    public let message: String
    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { "\(field): \(message)" }
}
