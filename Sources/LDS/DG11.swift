import CardIO

/// DG11 (tag `6B`): additional personal details (ICAO 9303-10 §4.7.11). Absent on Vietnamese cards.
public struct DG11: Sendable, Hashable {
    /// Full name in national characters (`5F0E`), `<<` between primary and secondary identifiers.
    public var fullName: String?
    /// Other names (`5F0F`, inside `A0`).
    public var otherNames: [String] = []
    public var personalNumber: String?
    /// Full date of birth `yyyyMMdd` as stored (`5F2B`).
    public var fullDateOfBirth: String?
    public var placeOfBirth: String?
    public var address: String?
    public var telephone: String?
    public var profession: String?
    public var title: String?
    public var personalSummary: String?
    public var otherTravelDocumentNumbers: String?
    public var custodyInformation: String?
    /// Proof of citizenship image (`5F16`), raw.
    public var proofOfCitizenship: [UInt8]?

    /// Parses the file contents (tag `6B`); unknown tags are ignored.
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let der = DER(file: .dataGroup(11))
        let root = try der.single(bytes, tag: 0x6B, field: "template")
        for item in try der.children(root, field: "template") {
            let text = String(decoding: item.value, as: UTF8.self)
            switch item.tag.rawValue {
            case 0x5F0E: fullName = text
            case 0x5F0F: otherNames.append(text)
            case 0xA0:
                for n in try der.children(item, field: "other names (A0)") where n.tag == 0x5F0F {
                    otherNames.append(String(decoding: n.value, as: UTF8.self))
                }
            case 0x5F10: personalNumber = text
            case 0x5F2B: fullDateOfBirth = item.value.count == 4 ? hex(item.value) : text
            case 0x5F11: placeOfBirth = text
            case 0x5F42: address = text
            case 0x5F12: telephone = text
            case 0x5F13: profession = text
            case 0x5F14: title = text
            case 0x5F15: personalSummary = text
            case 0x5F16: proofOfCitizenship = item.value
            case 0x5F17: otherTravelDocumentNumbers = text
            case 0x5F18: custodyInformation = text
            default: continue
            }
        }
    }
}
