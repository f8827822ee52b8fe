import CardSim
import LDS
import Testing
import VNID

@Suite("Access keys and expiry candidates")
struct AccessInputsTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 27)!

    static func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: day)! }

    @Test("with the QR's issue date, each sample's real expiry is the first candidate")
    func fromQR() throws {
        for p in CitizenSample.samples {
            let inputs = AccessInputs(qr: try CCCDQRCode(text: p.qrText))
            let first = try #require(ExpiryCandidates.candidates(dateOfBirth: p.dateOfBirth, dateOfIssue: p.dateOfIssue, today: Self.today).first)
            #expect(first.date == p.dateOfExpiry)
            #expect(inputs.can == String(p.idNumber.suffix(6)))
            #expect(inputs.documentNumber == String(p.idNumber.suffix(9)))
        }
    }

    @Test("a card issued within 2 years before a renewal age runs to the next one; after 58 it never expires")
    func rules() {
        let c1 = ExpiryCandidates.candidates(dateOfBirth: Self.d(2000, 1, 1), dateOfIssue: Self.d(2023, 6, 1), today: Self.today)
        #expect(c1.map(\.date) == [Self.d(2040, 1, 1), Self.d(2025, 1, 1)])
        let c2 = ExpiryCandidates.candidates(dateOfBirth: Self.d(2000, 1, 1), dateOfIssue: Self.d(2021, 6, 1), today: Self.today)
        #expect(c2.first?.date == Self.d(2025, 1, 1) && c2.first?.renewalAge == 25)
        let c3 = ExpiryCandidates.candidates(dateOfBirth: Self.d(1963, 5, 5), dateOfIssue: Self.d(2021, 6, 1), today: Self.today)
        #expect(c3.first?.date == nil)
        let c4 = ExpiryCandidates.candidates(dateOfBirth: Self.d(1962, 5, 5), dateOfIssue: Self.d(2020, 6, 1), today: Self.today)
        #expect(c4.map(\.date) == [nil, Self.d(2022, 5, 5)])
    }

    @Test("Căn cước cards issued from 1 July 2024 to children expire at 14; older cards ignore 14")
    func age14() {
        let child = ExpiryCandidates.candidates(dateOfBirth: Self.d(2015, 5, 5), dateOfIssue: Self.d(2024, 8, 1), today: Self.today)
        #expect(child.first?.date == Self.d(2029, 5, 5))
        let teen = ExpiryCandidates.candidates(dateOfBirth: Self.d(2006, 5, 5), dateOfIssue: Self.d(2021, 8, 1), today: Self.today)
        #expect(teen.first?.date == Self.d(2031, 5, 5))
    }

    @Test("without an issue date, the next renewal comes first, then the one after, then the expired one")
    func withoutIssueDate() {
        let c = ExpiryCandidates.candidates(dateOfBirth: Self.d(1990, 3, 15), today: Self.today)
        #expect(c.map(\.date) == [Self.d(2030, 3, 15), Self.d(2050, 3, 15), Self.d(2015, 3, 15)])
        let old = ExpiryCandidates.candidates(dateOfBirth: Self.d(1950, 1, 1), today: Self.today)
        #expect(old.first?.date == nil)
        let leap = ExpiryCandidates.candidates(dateOfBirth: Self.d(2004, 2, 29), today: Self.today)
        #expect(leap.first?.date == Self.d(2029, 2, 28))
    }

    @Test("BAC candidates carry MRZ information with valid check digits, most likely first")
    func bacCandidates() throws {
        let p = CitizenSample.samples[0]
        let inputs = AccessInputs(id: try CitizenID(p.idNumber), dateOfBirth: p.dateOfBirth)
        let keys = inputs.bacCandidates(today: Self.today)
        let first = try #require(keys.first)
        #expect(first.dateOfExpiry == p.dateOfExpiry?.yymmdd)
        #expect(first.dateOfBirth == "900315")
        // The key seed from the candidate equals the one computed from the simulated card's own MRZ.
        let mrz = try MRZ(text: LDSBuilder.mrz(for: p))
        #expect(first.mrzInformation == mrz.keySeedInformation)
        #expect(AccessInputs(id: try CitizenID(p.idNumber)).bacCandidates(today: Self.today).isEmpty)
        let none = AccessInputs(qr: try CCCDQRCode(text: CitizenSample.samples[2].qrText))
        #expect(none.bacCandidates(today: Self.today).isEmpty)
        #expect(none.bacCandidates(today: Self.today, noExpiryMRZValues: ["<<<<<<", "991231"]).map(\.dateOfExpiry) == ["<<<<<<", "991231"])
    }
}
