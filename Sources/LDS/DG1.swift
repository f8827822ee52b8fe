import CardIO

/// DG1 (tag `61`): the machine readable zone in data object `5F1F`.
public struct DG1: Sendable, Hashable {
    public var mrz: MRZ

    /// Parses the file contents (tag `61`).
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let der = DER(file: .dataGroup(1))
        let root = try der.single(bytes, tag: 0x61, field: "template")
        guard let item = try der.children(root, field: "template").first(where: { $0.tag == 0x5F1F }) else {
            throw .missingField(.dataGroup(1), field: "MRZ (5F1F)")
        }
        guard let text = String(validating: item.value, as: UTF8.self) else {
            throw .invalidValue(.dataGroup(1), field: "MRZ", reason: "not ASCII text")
        }
        mrz = try MRZ(text: text)
    }
}
