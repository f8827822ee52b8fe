import Foundation
import CardSim
import LDS
import Testing
import VNID

@Suite("Citizen: DG13 merged with DG1")
struct CitizenTests {
    func read(_ p: CitizenSample, mrz: String? = nil) throws -> Citizen {
        let dg13 = try DG13(derEncoded: LDSBuilder.dg13(for: p))
        let dg1 = try DG1(derEncoded: mrz.map(LDSBuilder.dg1(mrz:)) ?? LDSBuilder.dg1(for: p))
        return Citizen(dg13: dg13, mrz: dg1.mrz)
    }

    @Test("every sample card merges without a discrepancy", arguments: CitizenSample.samples.indices)
    func clean(index: Int) throws {
        let p = CitizenSample.samples[index]
        let c = try read(p)
        #expect(c.discrepancies == [])
        #expect(c.idNumber == p.idNumber && c.fullName == p.fullName && c.sex == p.sex)
        #expect(c.dateOfBirth == .day(p.dateOfBirth))
        #expect(c.fatherName == p.fatherName && c.motherName == p.motherName)
        #expect(c.notes.isEmpty == (p.dateOfExpiry != nil))
    }

    @Test("a no-expiry card notes what its MRZ expiry holds")
    func noExpiryNote() throws {
        let c = try read(CitizenSample.samples[2])
        #expect(c.dateOfExpiry?.isNoExpiry == true)
        #expect(c.notes == ["DG13 says no expiry; the MRZ expiry field holds \"<<<<<<\""])
    }

    @Test("an MRZ of another person is reported field by field, without personal data in the messages")
    func mismatches() throws {
        let p = CitizenSample.samples[0]
        var other = CitizenSample.samples[1]
        other.dateOfExpiry = p.dateOfExpiry
        let c = try read(p, mrz: LDSBuilder.mrz(for: other))
        let kinds = c.discrepancies.map(\.kind)
        #expect(kinds == [.idNumber, .idNumber, .name, .dateOfBirth, .sex])
        for m in c.discrepancies.map(\.message) {
            #expect(!m.contains(p.idNumber) && !m.contains("Nguyễn") && !m.contains("NGUYEN"))
        }
    }

    @Test("a bad MRZ check digit, a missing DG1 and an ID that breaks its rules are reported")
    func otherIssues() throws {
        let p = CitizenSample.samples[1]
        var chars = Array(LDSBuilder.mrz(for: p))
        chars[36] = chars[36] == "0" ? "1" : "0"
        let c = try read(p, mrz: String(chars))
        #expect(c.discrepancies.map(\.kind) == [.mrzCheckDigit, .mrzCheckDigit])
        var wrongYear = p
        wrongYear.idNumber = "079399004567"
        let only13 = Citizen(dg13: try DG13(derEncoded: LDSBuilder.dg13(for: wrongYear)), mrz: nil)
        #expect(only13.discrepancies.map(\.kind) == [.missingSource, .idNumberRules])
    }

    @Test("a wrong check digit after the ID in the MRZ optional data is reported")
    func idCheckDigit() throws {
        let p = CitizenSample.samples[0]
        var chars = Array(LDSBuilder.mrz(for: p))
        chars[29] = chars[29] == "0" ? "1" : "0"
        let c = try read(p, mrz: String(chars))
        #expect(c.discrepancies.map(\.kind) == [.mrzCheckDigit, .mrzCheckDigit])
        #expect(c.discrepancies.last?.message == "MRZ check digit after the ID in the optional data is wrong")
    }

    @Test("an MRZ name truncated at 30 characters still matches the full DG13 name")
    func truncatedName() throws {
        var p = CitizenSample.samples[0]
        p.fullName = "Tôn Nữ Thị Phương Thảo Nguyên Khánh Linh"
        let mrz = try MRZ(text: LDSBuilder.mrz(for: p))
        #expect(!mrz.lines[2].hasSuffix("<"))
        #expect(try read(p).discrepancies == [])
    }

    @Test("DG1 alone still gives the ID and a birth date with the century from the ID")
    func mrzOnly() throws {
        let p = CitizenSample.samples[1]
        let c = Citizen(dg13: nil, mrz: try MRZ(text: LDSBuilder.mrz(for: p)))
        #expect(c.idNumber == p.idNumber)
        #expect(c.dateOfBirth == .day(p.dateOfBirth))
        #expect(c.fullName == "TRAN THI BICH NGOC")
        #expect(c.discrepancies.map(\.kind) == [.missingSource])
    }
}

@Suite("Citizen JSON")
struct CitizenJSONTests {
    @Test("a citizen encodes its fields with dd/MM/yyyy dates, no-expiry flag and discrepancies")
    func json() throws {
        let p = CitizenSample.samples[2]
        let c = Citizen(dg13: try DG13(derEncoded: LDSBuilder.dg13(for: p)), mrz: nil)
        let data = try JSONEncoder().encode(c)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["fullName"] as? String == p.fullName)
        #expect(object["dateOfBirth"] as? String == "30/07/1960")
        #expect(object["dateOfExpiry"] as? String == "Không thời hạn")
        #expect(object["noExpiry"] as? Bool == true)
        #expect(object["sex"] as? String == "Nam")
        let issues = try #require(object["discrepancies"] as? [[String: String]])
        #expect(issues.map { $0["kind"] } == ["missingSource"])
    }
}
