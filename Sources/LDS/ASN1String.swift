import CardIO

/// Decoding of the ASN.1 character string types found on identity documents.
public enum ASN1String {
    /// The text of a UTF8String, PrintableString, IA5String, NumericString or VisibleString (all read as
    /// UTF-8: some cards put UTF-8 in PrintableString), T61String (as Latin-1) or BMPString; nil for other
    /// tags or invalid text.
    public static func decode(_ tlv: TLV) -> String? {
        switch tlv.tag.rawValue {
        case 0x0C, 0x12, 0x13, 0x16, 0x1A: return String(validating: tlv.value, as: UTF8.self)
        case 0x14: return String(tlv.value.map { Character(Unicode.Scalar($0)) })
        case 0x1E:
            guard tlv.value.count % 2 == 0 else { return nil }
            let units = stride(from: 0, to: tlv.value.count, by: 2).map { UInt16(tlv.value[$0]) << 8 | UInt16(tlv.value[$0 + 1]) }
            return String(validating: units, as: UTF16.self)
        default: return nil
        }
    }
}
