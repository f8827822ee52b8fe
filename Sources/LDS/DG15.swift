import CardIO

/// DG15 (tag `6F`): the active authentication public key.
public struct DG15: Sendable, Hashable {
    public var publicKey: SubjectPublicKeyInfo

    /// Parses the file contents (tag `6F`).
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let der = DER(file: .dataGroup(15))
        let root = try der.single(bytes, tag: 0x6F, field: "template")
        publicKey = try SubjectPublicKeyInfo(derEncoded: root.value)
    }
}
