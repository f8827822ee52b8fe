import CardIO
import LDS

/// DG13 of a Vietnamese CCCD / Căn cước card: personal data by field number n (DOMAIN.md §DG13).
/// Strings are NFC-normalised; empty fields are nil; unknown numbers are kept raw.
public struct DG13: Sendable, Hashable {
    /// The structure's version INTEGER (1 on cards seen).
    public var version: Int?
    /// The structure's OID (1.0.10646.1.0.8 on cards seen).
    public var oid: OID?
    public var idNumber: String?
    public var fullName: String?
    public var dateOfBirth: VNDate?
    public var sex: VNSex?
    /// The sex field as read, when it is neither `Nam` nor `Nữ`.
    public var sexText: String?
    public var nationality: String?
    /// Sensitive data (Decree 13/2023).
    public var ethnicity: String?
    /// Sensitive data (Decree 13/2023).
    public var religion: String?
    /// Quê quán (place of origin); on 2024 cards possibly the place of birth registration.
    public var placeOfOrigin: String?
    /// Nơi thường trú / nơi cư trú.
    public var placeOfResidence: String?
    public var identifyingMarks: String?
    public var dateOfIssue: VNDate?
    public var dateOfExpiry: VNDate?
    /// Every string under entry 13, in order (father then mother on cards seen).
    public var parents: [String] = []
    public var spouseName: String?
    /// The old ID (CMND) number.
    public var oldIDNumber: String?
    /// Unknown or opaque entries (16 and any above), by n: the value bytes after the INTEGER, as hex.
    public var rawFields: [Int: String] = [:]
    /// The field numbers present in the file, in order (empty ones included).
    public var presentFields: [Int] = []

    /// The father's name (first string under entry 13).
    public var fatherName: String? { parents.first }
    /// The mother's name (second string under entry 13).
    public var motherName: String? { parents.count > 1 ? parents[1] : nil }

    /// An empty record (for building one field by field).
    public init() {}

    /// Parses the file contents (tag `6D`).
    public init(derEncoded bytes: [UInt8]) throws(VNIDError) {
        let root: TLV
        do { root = try BERTLV.parseSingle(bytes) } catch { throw .malformedDG13(field: "template", reason: error.description) }
        guard root.tag == 0x6D else { throw .malformedDG13(field: "template", reason: "tag \(root.tag), expected 6D") }
        let seq = try Self.children(root, field: "template").first { $0.tag == 0x30 }
        guard let seq else { throw .malformedDG13(field: "SEQUENCE", reason: "missing") }
        let items = try Self.children(seq, field: "SEQUENCE")
        if let v = items.first(where: { $0.tag == 0x02 }) { version = Self.integer(v.value) }
        if let o = items.first(where: { $0.tag == 0x06 }) { oid = OID(contentBytes: o.value) }
        guard let set = items.first(where: { $0.tag == 0x31 }) else { throw .malformedDG13(field: "SET of fields", reason: "missing") }
        for entry in try Self.children(set, field: "SET of fields") where entry.tag == 0x30 {
            let parts = try Self.children(entry, field: "field")
            guard let first = parts.first, first.tag == 0x02, let n = Self.integer(first.value) else {
                throw .malformedDG13(field: "field", reason: "does not start with its number (INTEGER)")
            }
            guard !presentFields.contains(n) else { continue }
            presentFields.append(n)
            try apply(n, values: Array(parts.dropFirst()))
        }
    }

    private mutating func apply(_ n: Int, values: [TLV]) throws(VNIDError) {
        let strings = try Self.strings(in: values, field: "field \(n)")
        let text = strings.first { !$0.isEmpty }
        switch n {
        case 1: idNumber = text
        case 2: fullName = text
        case 3: dateOfBirth = text.map(VNDate.init(text:))
        case 4:
            sex = text.flatMap(VNSex.init(text:))
            sexText = sex == nil ? text : nil
        case 5: nationality = text
        case 6: ethnicity = text
        case 7: religion = text
        case 8: placeOfOrigin = text
        case 9: placeOfResidence = text
        case 10: identifyingMarks = text
        case 11: dateOfIssue = text.map(VNDate.init(text:))
        case 12: dateOfExpiry = text.map(VNDate.init(text:))
        case 13: parents = strings.filter { !$0.isEmpty }
        case 14: spouseName = text
        case 15: oldIDNumber = text
        default:
            let raw = values.flatMap(\.encoded)
            rawFields[n] = hex(values.count == 1 && ASN1String.decode(values[0]) != nil ? values[0].value : raw)
        }
    }

    /// Every string in `values`, depth first; nested SEQUENCE/SET are entered.
    static func strings(in values: [TLV], field: String, depth: Int = 0) throws(VNIDError) -> [String] {
        var out: [String] = []
        for v in values {
            if let s = ASN1String.decode(v) {
                out.append(VNText.normalized(s))
            } else if (v.tag == 0x30 || v.tag == 0x31 || v.tag == 0xA0) && depth < 4 {
                out += try strings(in: try children(v, field: field), field: field, depth: depth + 1)
            }
        }
        return out
    }

    static func children(_ tlv: TLV, field: String) throws(VNIDError) -> [TLV] {
        do { return try tlv.children() } catch { throw .malformedDG13(field: field, reason: error.description) }
    }

    static func integer(_ v: [UInt8]) -> Int? {
        guard !v.isEmpty, v.count <= 4, v[0] & 0x80 == 0 else { return nil }
        return v.reduce(0) { $0 << 8 | Int($1) }
    }
}
