import CardIO

/// An ASN.1 OBJECT IDENTIFIER, kept as its DER content bytes and shown in dotted form.
public struct OID: Sendable, Hashable, CustomStringConvertible {
    /// The content octets (without tag and length).
    public let contentBytes: [UInt8]
    /// The arcs, e.g. `[1, 2, 840, 10045, 2, 1]`.
    public let arcs: [UInt64]

    /// Decodes content octets; nil when they are not a valid OID encoding.
    public init?(contentBytes: [UInt8]) {
        guard !contentBytes.isEmpty, contentBytes.last.map({ $0 & 0x80 == 0 }) == true else { return nil }
        var arcs: [UInt64] = []
        var value: UInt64 = 0
        var started = false
        for b in contentBytes {
            if !started && b == 0x80 { return nil }  // non-minimal sub-identifier
            guard value <= (UInt64.max >> 7) else { return nil }
            value = value << 7 | UInt64(b & 0x7F)
            started = true
            if b & 0x80 == 0 {
                if arcs.isEmpty {
                    let first: UInt64 = value < 40 ? 0 : (value < 80 ? 1 : 2)
                    arcs += [first, value - first * 40]
                } else {
                    arcs.append(value)
                }
                value = 0
                started = false
            }
        }
        self.contentBytes = contentBytes
        self.arcs = arcs
    }

    /// Encodes a dotted string such as `"2.23.136.1.1.1"`; nil when it is not a valid OID.
    public init?(dotted: String) {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map { UInt64($0) }
        guard parts.count >= 2, let first = parts[0], let second = parts[1], first <= 2,
            first == 2 || second < 40, parts.allSatisfy({ $0 != nil })
        else { return nil }
        var out: [UInt8] = []
        let values = [first * 40 + second] + parts.dropFirst(2).compactMap { $0 }
        for v in values {
            var chunk: [UInt8] = [UInt8(v & 0x7F)]
            var rest = v >> 7
            while rest > 0 {
                chunk.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            out += chunk
        }
        self.init(contentBytes: out)
    }

    /// The full DER encoding, tag `06` included.
    public var derEncoded: [UInt8] { [0x06] + BERTLV.encodeLength(contentBytes.count) + contentBytes }

    /// Dotted decimal form.
    public var dotted: String { arcs.map(String.init).joined(separator: ".") }

    /// A short name for well-known OIDs (`sha256`, `ecdsa-with-SHA384`, `brainpoolP384r1`…), else nil.
    public var name: String? { OID.knownNames[dotted] }

    public var description: String { name.map { "\($0) (\(dotted))" } ?? dotted }
}

extension OID {
    static let knownNames: [String: String] = [
        "1.2.840.113549.1.7.1": "data",
        "1.2.840.113549.1.7.2": "signedData",
        "2.23.136.1.1.1": "ldsSecurityObject",
        "2.23.136.1.1.2": "cscaMasterList",
        "1.2.840.113549.1.9.3": "contentType",
        "1.2.840.113549.1.9.4": "messageDigest",
        "1.2.840.113549.1.9.5": "signingTime",
        "1.3.14.3.2.26": "sha1",
        "2.16.840.1.101.3.4.2.4": "sha224",
        "2.16.840.1.101.3.4.2.1": "sha256",
        "2.16.840.1.101.3.4.2.2": "sha384",
        "2.16.840.1.101.3.4.2.3": "sha512",
        "1.2.840.113549.1.1.1": "rsaEncryption",
        "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
        "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10": "RSASSA-PSS",
        "1.2.840.113549.1.1.8": "mgf1",
        "1.2.840.10045.2.1": "ecPublicKey",
        "1.2.840.10045.4.1": "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
        "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
        "1.2.840.10045.3.1.7": "prime256v1",
        "1.3.132.0.34": "secp384r1",
        "1.3.132.0.35": "secp521r1",
        "1.3.36.3.3.2.8.1.1.1": "brainpoolP160r1",
        "1.3.36.3.3.2.8.1.1.3": "brainpoolP192r1",
        "1.3.36.3.3.2.8.1.1.5": "brainpoolP224r1",
        "1.3.36.3.3.2.8.1.1.7": "brainpoolP256r1",
        "1.3.36.3.3.2.8.1.1.9": "brainpoolP320r1",
        "1.3.36.3.3.2.8.1.1.11": "brainpoolP384r1",
        "1.3.36.3.3.2.8.1.1.13": "brainpoolP512r1",
    ]
}
