import LDS
import Testing

@Suite("MRZ parsing and check digits")
struct MRZTests {
    // ICAO Doc 9303 Part 5 (TD1) and Part 4 (TD3) specimen MRZs.
    static let td1 = "I<UTOD231458907<<<<<<<<<<<<<<<" + "7408122F1204159UTO<<<<<<<<<<<6" + "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
    static let td3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<" + "L898902C36UTO7408122F1204159ZE184226B<<<<<10"

    @Test("the ICAO 9303-5 TD1 specimen parses with every check digit right")
    func td1Specimen() throws {
        let mrz = try MRZ(text: Self.td1)
        #expect(mrz.format == .td1)
        #expect(mrz.documentCode == "I")
        #expect(mrz.issuingState == "UTO")
        #expect(mrz.documentNumber == "D23145890")
        #expect(mrz.dateOfBirth.raw == "740812")
        #expect(mrz.sex == .female)
        #expect(mrz.dateOfExpiry.raw == "120415")
        #expect(mrz.nationality == "UTO")
        #expect(mrz.primaryIdentifier == "ERIKSSON")
        #expect(mrz.secondaryIdentifier == "ANNA MARIA")
        #expect(mrz.checks.map(\.field) == [.documentNumber, .dateOfBirth, .dateOfExpiry, .composite])
        #expect(mrz.allChecksPass)
    }

    @Test("the ICAO 9303-4 TD3 specimen parses with every check digit right")
    func td3Specimen() throws {
        let mrz = try MRZ(text: String(Self.td3.prefix(44)) + "\n" + String(Self.td3.dropFirst(44)))
        #expect(mrz.format == .td3)
        #expect(mrz.documentNumber == "L898902C3")
        #expect(mrz.optionalData1 == "ZE184226B")
        #expect(mrz.checks.count == 5)
        #expect(mrz.allChecksPass)
        #expect(mrz.dateOfBirth.asBirthDate(today: CalendarDate(year: 2026, month: 1, day: 1)!) == CalendarDate(year: 1974, month: 8, day: 12))
    }

    @Test("a wrong check digit is reported by field, the others still pass")
    func wrongDigitReported() throws {
        var chars = Array(Self.td1)
        chars[36] = "3"  // birth-date check digit (line 2, position 7): 2 → 3
        let mrz = try MRZ(text: String(chars))
        #expect(mrz.failedChecks.map(\.field) == [.dateOfBirth, .composite])
        #expect(mrz.failedChecks.first?.computed == 2)
        #expect(mrz.failedChecks.first?.found == "3")
        #expect(!mrz.allChecksPass)
    }

    @Test("each TD3 field's check digit is verified separately")
    func td3EveryDigit() throws {
        for (position, field) in [(53, MRZCheck.Field.documentNumber), (63, .dateOfBirth), (71, .dateOfExpiry), (86, .personalNumber)] {
            var chars = Array(Self.td3)
            chars[position] = chars[position] == "0" ? "1" : "0"
            let mrz = try MRZ(text: String(chars))
            #expect(mrz.failedChecks.map(\.field) == [field, .composite], "position \(position)")
        }
    }

    @Test("a TD1 long document number continues in the optional data with its own check digit")
    func longDocumentNumber() throws {
        let number = "D23145890AB1122"
        let ext = "AB1122"
        let check = MRZ.checkDigit(number).map(String.init) ?? "?"
        let l1Body = "D23145890" + "<" + ext + check + "<" + String(repeating: "<", count: 15 - ext.count - 2)
        let line2Start = "7408122F1204159UTO<<<<<<<<<<<"
        let composite = MRZ.checkDigit(l1Body + "7408122" + "1204159" + "<<<<<<<<<<<").map(String.init) ?? "?"
        let text = "I<UTO" + l1Body + line2Start + composite + "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
        let mrz = try MRZ(text: text)
        #expect(mrz.documentNumber == number)
        #expect(mrz.allChecksPass)
    }

    @Test("MRZ text of the wrong length or with foreign characters is rejected, naming DG1")
    func rejectsBadText() {
        #expect(throws: LDSError.self) { try MRZ(text: String(Self.td1.dropLast())) }
        #expect(throws: LDSError.invalidValue(.dataGroup(1), field: "MRZ", reason: "character 0x61 is outside A–Z, 0–9 and <")) {
            try MRZ(text: "a" + Self.td1.dropFirst())
        }
    }

    @Test("the BAC key seed information matches ICAO 9303-11 Appendix D.1")
    func keySeed() {
        #expect(MRZ.keySeedInformation(documentNumber: "L898902C", dateOfBirth: "690806", dateOfExpiry: "940623")
            == "L898902C<369080619406236")
    }
}
