/// Why a certificate, key, signature or trust-store input could not be used.
public enum PassiveAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A certificate, CRL or key is not well-formed DER; `what` names it.
    case malformedCertificate(String, reason: String)
    /// A signature or key algorithm this verifier does not handle.
    case unsupportedAlgorithm(String)
    /// libcrypto refused an operation; the text is its error queue.
    case crypto(String)
    /// A trust-store file or directory could not be read.
    case unreadable(path: String, reason: String)
    /// A master list's own signature did not verify, so none of its certificates were trusted.
    case masterListSignatureInvalid(String)

    public var description: String {
        switch self {
        case .malformedCertificate(let what, let reason): "\(what) is not a valid certificate (\(reason)); check the file or the card read"
        case .unsupportedAlgorithm(let name): "algorithm \(name) is not supported by the verifier"
        case .crypto(let text): "libcrypto: \(text)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason); check the trust-store configuration"
        case .masterListSignatureInvalid(let reason):
            "the master list's signature is invalid (\(reason)); do not use this file, download it again from its publisher"
        }
    }
}
