import Foundation

/// What passive authentication checked and found; embedded in `AuthenticationReport`.
public struct PassiveAuthenticationReport: Sendable, Hashable, Codable {
    /// Which date the certificates' validity was checked at.
    public enum ValidationTimeSource: String, Sendable, Hashable, Codable {
        case dateOfIssue, signingTime, now
    }

    /// The result of one data group's hash comparison.
    public struct DataGroupCheck: Sendable, Hashable, Codable {
        public enum Status: String, Sendable, Hashable, Codable { case matched, mismatched, notInSOD, notChecked }
        public var dataGroup: Int
        public var status: Status
        /// Hash signed in the SOD, hex.
        public var expected: String?
        /// Hash of the bytes read, hex.
        public var computed: String?
    }

    /// The identifying fields of a certificate on the path (issuer-level data only, nothing personal).
    public struct CertificateSummary: Sendable, Hashable, Codable {
        public var subject: String
        public var issuer: String
        public var serialNumber: String
        public var notBefore: Date
        public var notAfter: Date
        public var signatureAlgorithm: String

        init(_ c: Certificate) {
            subject = c.subject.description
            issuer = c.issuer.description
            serialNumber = c.serialHex
            notBefore = c.notBefore
            notAfter = c.notAfter
            signatureAlgorithm = c.signatureAlgorithm.description
        }
    }

    public var outcome: PassiveAuthenticationOutcome
    /// `outcome.message`, stored so the JSON carries it.
    public var message: String
    /// One entry per data group read, in ascending order.
    public var dataGroups: [DataGroupCheck] = []
    /// The LDSSecurityObject's hash algorithm.
    public var hashAlgorithm: String?
    /// The SOD signer's signature algorithm.
    public var signatureAlgorithm: String?
    /// Whether the SOD signature (and its messageDigest) verified; nil when not reached.
    public var sodSignatureValid: Bool?
    public var documentSigner: CertificateSummary?
    /// The trusted CSCA the signer chained to (or whose name it claimed when the link failed).
    public var csca: CertificateSummary?
    /// The SOD's signingTime attribute.
    public var signingTime: Date?
    /// When certificate validity was checked (for a date of issue: the start of that day in the earliest time zone).
    public var validationTime: Date
    public var validationTimeSource: ValidationTimeSource
    /// True when a trusted CRL of the signer's CSCA was consulted.
    public var revocationChecked = false

    init(outcome: PassiveAuthenticationOutcome, validationTime: Date, source: ValidationTimeSource) {
        self.outcome = outcome
        message = outcome.message
        self.validationTime = validationTime
        validationTimeSource = source
    }

    /// True when data group `n` was read and its hash equals the one in a SOD whose signature verified.
    public func isSignedAndMatched(dataGroup n: Int) -> Bool {
        sodSignatureValid == true && dataGroups.contains { $0.dataGroup == n && $0.status == .matched }
    }
}
