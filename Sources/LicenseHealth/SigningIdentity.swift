import COpenSSL
import Foundation

/// Signature algorithms for `SIGNDATA`: SHA-1 for the gateway as deployed, SHA-256 available.
public enum SignatureAlgorithm: String, Sendable, Codable, CaseIterable {
    case rsaSHA256 = "rsa-sha256"
    case rsaSHA1 = "rsa-sha1"

    var signatureURI: String {
        switch self {
        case .rsaSHA256: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
        case .rsaSHA1: "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
        }
    }
    var digestURI: String {
        switch self {
        case .rsaSHA256: "http://www.w3.org/2001/04/xmlenc#sha256"
        case .rsaSHA1: "http://www.w3.org/2000/09/xmldsig#sha1"
        }
    }
    var md: OpaquePointer? {
        switch self {
        case .rsaSHA256: EVP_sha256()
        case .rsaSHA1: EVP_sha1()
        }
    }
}

/// The facility's RSA key and X.509 certificate (PEM files), used to sign certificates (libcrypto).
public final class SigningIdentity: @unchecked Sendable {
    private let key: OpaquePointer
    /// The certificate, DER.
    public let certificateDER: [UInt8]

    /// Loads a PEM private key (`PRIVATE KEY` or `RSA PRIVATE KEY`) and a PEM certificate; checks they pair.
    public init(privateKeyPEM: String, certificatePEM: String) throws(LicenseHealthError) {
        guard let keyDER = PEM.decode(privateKeyPEM, labels: ["PRIVATE KEY", "RSA PRIVATE KEY"]) else {
            throw .signingKey("no PEM 'PRIVATE KEY' block in the key file")
        }
        guard let certDER = PEM.decode(certificatePEM, labels: ["CERTIFICATE"]) else {
            throw .signingKey("no PEM 'CERTIFICATE' block in the certificate file")
        }
        let loaded: OpaquePointer? = keyDER.withUnsafeBufferPointer { buf in
            var p = buf.baseAddress
            return d2i_AutoPrivateKey(nil, &p, buf.count)
        }
        guard let loaded else { throw .signingKey("the private key could not be decoded") }
        guard EVP_PKEY_get_base_id(loaded) == NID_rsaEncryption else {
            EVP_PKEY_free(loaded)
            throw .signingKey("the key is not RSA; XML-DSig here signs with RSA")
        }
        let cert: OpaquePointer? = certDER.withUnsafeBufferPointer { buf in
            var p = buf.baseAddress
            return d2i_X509(nil, &p, buf.count)
        }
        guard let cert else {
            EVP_PKEY_free(loaded)
            throw .signingKey("the certificate could not be decoded")
        }
        defer { X509_free(cert) }
        guard let pub = X509_get0_pubkey(cert), EVP_PKEY_eq(pub, loaded) == 1 else {
            EVP_PKEY_free(loaded)
            throw .signingKey("the certificate does not belong to the private key")
        }
        key = loaded
        certificateDER = certDER
    }

    /// Loads the key and certificate from PEM files.
    public convenience init(privateKeyFile: String, certificateFile: String) throws(LicenseHealthError) {
        let key: String
        let cert: String
        do {
            key = try String(contentsOfFile: privateKeyFile, encoding: .utf8)
            cert = try String(contentsOfFile: certificateFile, encoding: .utf8)
        } catch { throw .signingKey("cannot read \(privateKeyFile) or \(certificateFile)") }
        try self.init(privateKeyPEM: key, certificatePEM: cert)
    }

    deinit { EVP_PKEY_free(key) }

    /// RSA PKCS#1 v1.5 signature of `data`.
    func sign(_ data: [UInt8], algorithm: SignatureAlgorithm) throws(LicenseHealthError) -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw .signing("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, algorithm.md, nil, key) == 1 else { throw .signing("EVP_DigestSignInit failed") }
        var length = 0
        guard EVP_DigestSign(ctx, nil, &length, data, data.count) == 1 else { throw .signing("EVP_DigestSign (length) failed") }
        var sig = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &sig, &length, data, data.count) == 1 else { throw .signing("EVP_DigestSign failed") }
        return Array(sig.prefix(length))
    }

    /// RSA modulus and public exponent, big-endian.
    func rsaPublicNumbers() throws(LicenseHealthError) -> (modulus: [UInt8], exponent: [UInt8]) {
        func param(_ name: String) throws(LicenseHealthError) -> [UInt8] {
            var bn: OpaquePointer?
            guard EVP_PKEY_get_bn_param(key, name, &bn) == 1, let bn else { throw .signing("cannot read RSA parameter \(name)") }
            defer { BN_free(bn) }
            var out = [UInt8](repeating: 0, count: Int((BN_num_bits(bn) + 7) / 8))
            _ = BN_bn2bin(bn, &out)
            return out
        }
        return (try param("n"), try param("e"))
    }
}

/// Digest of `data` with the algorithm's hash.
func digest(_ data: [UInt8], _ algorithm: SignatureAlgorithm) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var len: UInt32 = 0
    _ = EVP_Digest(data, data.count, &out, &len, algorithm.md, nil)
    return Array(out.prefix(Int(len)))
}

enum PEM {
    /// The DER bytes of the first block whose label is one of `labels`.
    static func decode(_ text: String, labels: [String]) -> [UInt8]? {
        for label in labels {
            let begin = "-----BEGIN \(label)-----"
            let end = "-----END \(label)-----"
            guard let b = text.range(of: begin), let e = text.range(of: end, range: b.upperBound..<text.endIndex) else { continue }
            let body = text[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
            if let data = Data(base64Encoded: String(body)) { return Array(data) }
        }
        return nil
    }
}
