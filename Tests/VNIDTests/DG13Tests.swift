import CardIO
import CardSim
import LDS
import Testing
import VNID

@Suite("DG13 (Vietnamese personal data)")
struct DG13Tests {
    @Test("every sample's DG13 round-trips every field of DOMAIN.md's table", arguments: CitizenSample.samples.indices)
    func roundTrip(index: Int) throws {
        let p = CitizenSample.samples[index]
        let dg = try DG13(derEncoded: LDSBuilder.dg13(for: p))
        #expect(dg.version == 1)
        #expect(dg.oid?.dotted == "1.0.10646.1.0.8")
        #expect(dg.idNumber == p.idNumber)
        #expect(dg.fullName == p.fullName)
        #expect(dg.dateOfBirth == .day(p.dateOfBirth))
        #expect(dg.sex == p.sex)
        #expect(dg.nationality == "Việt Nam")
        #expect(dg.ethnicity == p.ethnicity)
        #expect(dg.religion == p.religion)
        #expect(dg.placeOfOrigin == p.placeOfOrigin)
        #expect(dg.placeOfResidence == p.placeOfResidence)
        #expect(dg.identifyingMarks == (p.identifyingMarks.isEmpty ? nil : p.identifyingMarks))
        #expect(dg.dateOfIssue == .day(p.dateOfIssue))
        if let expiry = p.dateOfExpiry {
            #expect(dg.dateOfExpiry == .day(expiry))
        } else {
            #expect(dg.dateOfExpiry == .noExpiry("Không thời hạn"))
        }
        #expect(dg.fatherName == p.fatherName && dg.motherName == p.motherName)
        #expect(dg.spouseName == p.spouseName)
        #expect(dg.oldIDNumber == p.oldIDNumber)
        #expect(dg.rawFields[16] == hex(Array("A1B2C3".utf8)))
        #expect(dg.presentFields == Array(1...16))
    }

    @Test("parents are found whether nested in one SEQUENCE, flat, or one SEQUENCE each",
        arguments: [LDSBuilder.DG13Options.ParentsLayout.nested, .flat, .perParent])
    func parentLayouts(layout: LDSBuilder.DG13Options.ParentsLayout) throws {
        var options = LDSBuilder.DG13Options()
        options.parents = layout
        let p = CitizenSample.samples[0]
        let dg = try DG13(derEncoded: LDSBuilder.dg13(for: p, options: options))
        #expect(dg.parents == [p.fatherName, p.motherName])
    }

    @Test("PrintableString fields read like UTF8String fields")
    func printableStrings() throws {
        var options = LDSBuilder.DG13Options()
        options.stringTag = 0x13
        let p = CitizenSample.samples[1]
        let utf8 = try DG13(derEncoded: LDSBuilder.dg13(for: p))
        let printable = try DG13(derEncoded: LDSBuilder.dg13(for: p, options: options))
        #expect(printable == utf8)
    }

    @Test("fields are found by n whatever their order; empty fields are nil; unknown n are kept as hex")
    func orderEmptyUnknown() throws {
        let s = { (t: String) in TLV(tag: 0x0C, value: Array(t.utf8)) }
        func entry(_ n: UInt8, _ v: [TLV]) -> TLV { TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [n])] + v) }
        let fields = [
            entry(17, [TLV(tag: 0x04, value: [0xDE, 0xAD])]), entry(2, [s("Phạm Minh Châu")]), entry(10, []),
            entry(1, [s("001190000001")]), entry(14, []), entry(7, [s("")]), entry(99, [s("x")]),
            entry(2, [s("ignored duplicate")]), TLV(tag: 0x04, value: [1]),
        ]
        let file = Self.file(fields)
        let dg = try DG13(derEncoded: file)
        #expect(dg.fullName == "Phạm Minh Châu")
        #expect(dg.idNumber == "001190000001")
        #expect(dg.identifyingMarks == nil && dg.spouseName == nil && dg.religion == nil)
        #expect(dg.rawFields[17] == "0402dead")
        #expect(dg.rawFields[99] == "78")
        #expect(dg.presentFields == [17, 2, 10, 1, 14, 7, 99])
    }

    @Test("names in decomposed Unicode are normalised to NFC")
    func nfc() throws {
        let decomposed = "Nguye\u{0302}\u{0303}n Va\u{0306}n An"
        let file = Self.file([TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [2]), TLV(tag: 0x0C, value: Array(decomposed.utf8))])])
        let name = try #require(try DG13(derEncoded: file).fullName)
        #expect(name == "Nguyễn Văn An")
        #expect(Array(name.unicodeScalars).count == 13)
    }

    @Test("a wrong tag, a missing SET, an entry without its number, or truncation throws a DG13 error")
    func malformed() throws {
        let good = LDSBuilder.dg13(for: CitizenSample.samples[0])
        #expect(throws: VNIDError.self) { try DG13(derEncoded: [0x6C] + good.dropFirst()) }
        #expect(throws: VNIDError.malformedDG13(field: "SET of fields", reason: "missing")) {
            try DG13(derEncoded: TLV(tag: 0x6D, children: [TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [1])])]).encoded)
        }
        #expect(throws: VNIDError.malformedDG13(field: "field", reason: "does not start with its number (INTEGER)")) {
            try DG13(derEncoded: Self.file([TLV(tag: 0x30, children: [TLV(tag: 0x0C, value: [0x41])])]))
        }
        for cut in stride(from: 0, to: good.count, by: 13) {
            #expect(throws: VNIDError.self) { try DG13(derEncoded: Array(good.prefix(cut))) }
        }
    }

    static func file(_ fields: [TLV]) -> [UInt8] {
        let body = [0x02, 0x01, 0x01, 0x06, 0x06, 0x28, 0xD3, 0x16, 0x01, 0x00, 0x08] + TLV(tag: 0x31, children: fields).encoded
        return TLV(tag: 0x6D, children: [TLV(tag: 0x30, value: body)]).encoded
    }
}

@Suite("Vietnamese dates")
struct VNDateTests {
    @Test("the formats seen on cards and QR codes parse to the same day")
    func formats() {
        let day = CalendarDate(year: 1990, month: 3, day: 5)
        for text in ["05/03/1990", "5/3/1990", "05-03-1990", "05.03.1990", "05031990", "1990-03-05", "19900305", " 05/03/1990 "] {
            #expect(VNDate(text: text) == .day(day!), "\(text)")
        }
    }

    @Test("partial dates, no-expiry wording and junk are kept for what they are")
    func partialAndText() {
        #expect(VNDate(text: "1990") == .year(1990))
        #expect(VNDate(text: "03/1990") == .monthYear(year: 1990, month: 3))
        #expect(VNDate(text: "Không thời hạn").isNoExpiry)
        #expect(VNDate(text: "KHÔNG THỜI HẠN").isNoExpiry)
        #expect(VNDate(text: "31/02/1990") == .unrecognized("31/02/1990"))
        #expect(VNDate(text: "") == .unrecognized(""))
        #expect(VNDate(text: "+1/+2/1990") == .unrecognized("+1/+2/1990"))
    }
}
