import CardIO

/// DG2 (tag `75`): the biometric information group template `7F61` with one `7F60` per face.
public struct DG2: Sendable, Hashable {
    /// The face images in file order.
    public var faces: [FaceImage]

    /// The first face, if any.
    public var face: FaceImage? { faces.first }

    /// Parses the file contents (tag `75`); instances whose data block is missing throw.
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let file = LDSFile.dataGroup(2)
        let der = DER(file: file)
        let root = try der.single(bytes, tag: 0x75, field: "template")
        guard let group = try der.children(root, field: "template").first(where: { $0.tag == 0x7F61 }) else {
            throw .missingField(file, field: "biometric information group template (7F61)")
        }
        var faces: [FaceImage] = []
        for item in try der.children(group, field: "7F61") where item.tag == 0x7F60 {
            let parts = try der.children(item, field: "biometric information template (7F60)")
            var header: [UInt32: [UInt8]] = [:]
            if let bht = parts.first(where: { $0.tag == 0xA1 }) {
                for h in try der.children(bht, field: "biometric header template (A1)") { header[h.tag.rawValue] = h.value }
            }
            guard let block = parts.first(where: { $0.tag == 0x5F2E || $0.tag == 0x7F2E }) else {
                throw .missingField(file, field: "biometric data block (5F2E/7F2E)")
            }
            var face = try FaceImage(biometricDataBlock: block.value)
            face.biometricHeader = header
            faces.append(face)
        }
        guard !faces.isEmpty else { throw .missingField(file, field: "biometric information template (7F60)") }
        self.faces = faces
    }
}
