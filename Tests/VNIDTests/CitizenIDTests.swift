import CardSim
import LDS
import Testing
import VNID

@Suite("12-digit ID numbers and the QR code")
struct CitizenIDTests {
    @Test("an ID gives its province, sex, century, birth year, CAN and BAC document number")
    func parts() throws {
        let id = try CitizenID("079303004567")
        #expect(id.provinceCode == "079" && id.provinceName == "Hồ Chí Minh")
        #expect(id.sex == .female)
        #expect(id.century == 2000 && id.birthYear == 2003)
        #expect(id.can == "004567")
        #expect(id.bacDocumentNumber == "303004567")
        #expect(id.masked == "0793******67" && "\(id)" == "0793******67")
        #expect(try CitizenID("001 090 012 345").digits == "001090012345")
        #expect(try CitizenID("001490000000").century == 2100)
    }

    @Test("an ID of the wrong length or with letters is rejected without echoing it")
    func rejects() {
        #expect(throws: VNIDError.invalidIDNumber(reason: "it has 11 characters, not 12 digits")) { try CitizenID("00109001234") }
        #expect(throws: VNIDError.self) { try CitizenID("00109001234A") }
        #expect(throws: VNIDError.self) { try CitizenID("٠٠١٠٩٠٠١٢٣٤٥") }
    }

    @Test("the province table has the 63 provinces and the ID is cross-checked with birth date and sex")
    func issues() throws {
        #expect(ProvinceCode.names.count == 63)
        #expect(Set(ProvinceCode.names.values).count == 63)
        let id = try CitizenID("003090012345")
        let dob = CalendarDate(year: 1991, month: 1, day: 1)
        #expect(id.issues(dateOfBirth: dob, sex: .female) == [
            .unknownProvinceCode("003"), .birthYearMismatch(fromID: 1990, fromDateOfBirth: 1991), .sexMismatch(fromID: .male, stated: .female),
        ])
        #expect(try CitizenID("001090012345").issues(dateOfBirth: CalendarDate(year: 1990, month: 3, day: 15), sex: .male).isEmpty)
    }

    @Test("the QR text of every sample parses to its fields")
    func qr() throws {
        for p in CitizenSample.samples {
            let qr = try CCCDQRCode(text: p.qrText)
            #expect(qr.id.digits == p.idNumber)
            #expect(qr.oldIDNumber == p.oldIDNumber)
            #expect(qr.fullName == p.fullName)
            #expect(qr.dateOfBirth == p.dateOfBirth)
            #expect(qr.sex == p.sex)
            #expect(qr.address == p.placeOfResidence)
            #expect(qr.dateOfIssue == p.dateOfIssue)
        }
        #expect(try CCCDQRCode(text: CitizenSample.samples[0].qrText + "|\n").fullName == "Nguyễn Văn An")
    }

    @Test("QR text with another layout or unreadable fields gets a clear error")
    func qrErrors() {
        #expect(throws: VNIDError.qrLayout(reason: "6 fields separated by |, expected 7 (ID|old ID|name|birth date|sex|address|issue date)")) {
            try CCCDQRCode(text: "001090012345||Nguyễn Văn An|15031990|Nam|Hà Nội")
        }
        #expect(throws: VNIDError.self) { try CCCDQRCode(text: "https://example.vn/verify?id=1") }
        #expect(throws: VNIDError.qrField(name: "date of birth", reason: "expected ddMMyyyy, found 10 characters")) {
            try CCCDQRCode(text: "001090012345||Nguyễn Văn An|15/03/1990|Nam|Hà Nội|10042021")
        }
        #expect(throws: VNIDError.self) { try CCCDQRCode(text: "00109001234||Nguyễn Văn An|15031990|Nam|Hà Nội|10042021") }
        #expect(throws: VNIDError.self) { try CCCDQRCode(text: "001090012345|12345|Nguyễn Văn An|15031990|Nam|Hà Nội|10042021") }
        #expect(throws: VNIDError.self) { try CCCDQRCode(text: "001090012345||Nguyễn Văn An|15031990|X|Hà Nội|10042021") }
    }

    @Test("masking keeps 4 + 2 ID digits and reduces names to initials")
    func masking() {
        #expect(Masking.idNumber("001090012345") == "0010******45")
        #expect(Masking.idNumber("12345") == "*****")
        #expect(Masking.name(" Nguyễn  Văn An ") == "N. V. A.")
    }
}
