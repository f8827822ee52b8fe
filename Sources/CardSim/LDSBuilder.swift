import CardIO
import LDS
import VNID

/// Builds LDS file contents (EF.COM, DG1, DG13) from a person's data, as a Vietnamese card holds them.
public enum LDSBuilder {
    /// How DG13 is encoded; the variants seen on real cards.
    public struct DG13Options: Sendable, Hashable {
        /// How entry 13 (parents) nests its names.
        public enum ParentsLayout: Sendable, Hashable {
            /// `SEQUENCE { 13, SEQUENCE { father, mother } }`
            case nested
            /// `SEQUENCE { 13, father, mother }`
            case flat
            /// `SEQUENCE { 13, SEQUENCE { father }, SEQUENCE { mother } }`
            case perParent
        }

        /// `0x0C` UTF8String or `0x13` PrintableString.
        public var stringTag: UInt8 = 0x0C
        public var parents: ParentsLayout = .nested
        /// Value of opaque field 16, nil to omit it.
        public var field16: String? = "A1B2C3"
        /// Extra unknown fields (n > 16) to append.
        public var extraFields: [Int: String] = [:]

        /// Defaults: UTF8String, nested parents, field 16 present.
        public init() {}
    }

    /// EF.COM listing `dataGroups` (default DG1, DG2, DG3, DG13, DG14, DG15, as on Vietnamese cards).
    public static func com(dataGroups: [Int] = [1, 2, 3, 13, 14, 15]) -> [UInt8] {
        EFCOM(ldsVersion: "0107", unicodeVersion: "040000", dataGroups: dataGroups.compactMap(LDSFile.dg)).derEncoded
    }

    /// The TD1 MRZ (90 characters) in the layout of CCCD MRZs published by OCR vendors: document number =
    /// last 9 digits of the ID; optional data of line 1 = the 12-digit ID, `<<`, the ID's check digit.
    /// `noExpiryValue` is written for cards without expiry (which value real cards use is unconfirmed).
    public static func mrz(for p: CitizenSample, noExpiryValue: String = "<<<<<<") -> String {
        let number = String(p.idNumber.suffix(9))
        let l1 = "IDVNM" + number + check(number) + pad(p.idNumber + "<<" + check(p.idNumber), 15)
        let dob = p.dateOfBirth.yymmdd
        let doe = p.dateOfExpiry?.yymmdd ?? noExpiryValue
        let sex = p.sex == .male ? "M" : "F"
        var l2 = dob + check(dob) + sex + doe + check(doe) + "VNM" + pad("", 11)
        l2 += check(String(l1.dropFirst(5)) + String(l2.prefix(7)) + String(l2.dropFirst(8).prefix(7)) + String(l2.dropFirst(18).prefix(11)))
        let words = VNText.foldedWords(p.fullName)
        let name = (words.first ?? "") + "<<" + words.dropFirst().joined(separator: "<")
        return l1 + l2 + pad(String(name.prefix(30)), 30)
    }

    /// DG1 holding `mrz(for:)`.
    public static func dg1(for p: CitizenSample, noExpiryValue: String = "<<<<<<") -> [UInt8] {
        dg1(mrz: mrz(for: p, noExpiryValue: noExpiryValue))
    }

    /// DG1 holding the given MRZ text.
    public static func dg1(mrz: String) -> [UInt8] {
        TLV(tag: 0x61, children: [TLV(tag: 0x5F1F, value: Array(mrz.utf8))]).encoded
    }

    /// DG13 with every field of DOMAIN.md's table, encoded per `options`.
    public static func dg13(for p: CitizenSample, options: DG13Options = DG13Options()) -> [UInt8] {
        let s = { (text: String) in TLV(tag: TLVTag(rawValue: UInt32(options.stringTag)), value: Array(text.utf8)) }
        func entry(_ n: Int, _ values: [TLV]) -> TLV { TLV(tag: 0x30, children: [integer(n)] + values) }
        var fields: [TLV] = [
            entry(1, [s(p.idNumber)]), entry(2, [s(p.fullName)]), entry(3, [s(p.dateOfBirth.ddMMyyyy)]),
            entry(4, [s(p.sex.vietnamese)]), entry(5, [s(p.nationality)]), entry(6, [s(p.ethnicity)]),
            entry(7, [s(p.religion)]), entry(8, [s(p.placeOfOrigin)]), entry(9, [s(p.placeOfResidence)]),
            entry(10, p.identifyingMarks.isEmpty ? [] : [s(p.identifyingMarks)]),
            entry(11, [s(p.dateOfIssue.ddMMyyyy)]), entry(12, [s(p.dateOfExpiryText)]),
        ]
        switch options.parents {
        case .nested: fields.append(entry(13, [TLV(tag: 0x30, children: [s(p.fatherName), s(p.motherName)])]))
        case .flat: fields.append(entry(13, [s(p.fatherName), s(p.motherName)]))
        case .perParent:
            fields.append(entry(13, [TLV(tag: 0x30, children: [s(p.fatherName)]), TLV(tag: 0x30, children: [s(p.motherName)])]))
        }
        fields.append(entry(14, p.spouseName.map { [TLV(tag: 0x30, children: [s($0)])] } ?? []))
        fields.append(entry(15, p.oldIDNumber.map { [s($0)] } ?? []))
        if let f16 = options.field16 { fields.append(entry(16, [s(f16)])) }
        for (n, v) in options.extraFields.sorted(by: { $0.key < $1.key }) { fields.append(entry(n, [s(v)])) }
        let oid: [UInt8] = [0x06, 0x06, 0x28, 0xD3, 0x16, 0x01, 0x00, 0x08]  // 1.0.10646.1.0.8
        let body = integer(1).encoded + oid + TLV(tag: 0x31, children: fields).encoded
        return TLV(tag: 0x6D, children: [TLV(tag: 0x30, value: body)]).encoded
    }

    static func integer(_ n: Int) -> TLV {
        var bytes: [UInt8] = []
        var v = n
        repeat {
            bytes.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        } while v > 0
        if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        return TLV(tag: 0x02, value: bytes)
    }

    private static func check(_ s: String) -> String { MRZ.checkDigit(s).map(String.init) ?? "0" }
    private static func pad(_ s: String, _ n: Int) -> String { s + String(repeating: "<", count: max(0, n - s.count)) }
}
