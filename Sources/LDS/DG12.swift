import CardIO

/// DG12 (tag `6C`): additional document details (ICAO 9303-10 §4.7.12). Absent on Vietnamese cards.
public struct DG12: Sendable, Hashable {
    public var issuingAuthority: String?
    /// Date of issue `yyyyMMdd` as stored (`5F26`).
    public var dateOfIssue: String?
    /// Names of other persons (`5F1A`, possibly inside `A0`).
    public var otherPersons: [String] = []
    public var endorsements: String?
    public var taxOrExitRequirements: String?
    /// Images of the front and rear of the document, raw.
    public var imageOfFront: [UInt8]?, imageOfRear: [UInt8]?
    /// Personalization date and time `yyyyMMddhhmmss` (`5F55`).
    public var personalizationTime: String?
    public var personalizationDeviceSerial: String?

    /// Parses the file contents (tag `6C`); unknown tags are ignored.
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let der = DER(file: .dataGroup(12))
        let root = try der.single(bytes, tag: 0x6C, field: "template")
        for item in try der.children(root, field: "template") {
            let text = String(decoding: item.value, as: UTF8.self)
            switch item.tag.rawValue {
            case 0x5F19: issuingAuthority = text
            case 0x5F26: dateOfIssue = item.value.count == 4 ? hex(item.value) : text
            case 0x5F1A: otherPersons.append(text)
            case 0xA0:
                for n in try der.children(item, field: "other persons (A0)") where n.tag == 0x5F1A {
                    otherPersons.append(String(decoding: n.value, as: UTF8.self))
                }
            case 0x5F1B: endorsements = text
            case 0x5F1C: taxOrExitRequirements = text
            case 0x5F1D: imageOfFront = item.value
            case 0x5F1E: imageOfRear = item.value
            case 0x5F55: personalizationTime = item.value.count == 7 ? hex(item.value) : text
            case 0x5F56: personalizationDeviceSerial = text
            default: continue
            }
        }
    }
}
