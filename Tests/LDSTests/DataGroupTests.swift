import CardIO
import CardSim
import LDS
import Testing

@Suite("EF.COM, DG1, DG2, DG11, DG12")
struct DataGroupTests {
    let person = CitizenSample.samples[0]

    @Test("EF.COM lists the data groups of a Vietnamese card and its versions")
    func com() throws {
        let com = try EFCOM(derEncoded: LDSBuilder.com())
        #expect(com.ldsVersion == "0107")
        #expect(com.unicodeVersion == "040000")
        #expect(com.dataGroups == [1, 2, 3, 13, 14, 15].compactMap(LDSFile.dg))
        #expect(com.lists(.dataGroup(13)) && !com.lists(.dataGroup(11)))
    }

    @Test("EF.COM ignores unknown tags and unknown data-group tags, and needs its tag list")
    func comEdges() throws {
        let extra = TLV(tag: 0x60, children: [TLV(tag: 0x5F01, value: Array("0108".utf8)), TLV(tag: 0x99, value: [1]),
            TLV(tag: 0x5C, value: [0x61, 0x01, 0x6D])]).encoded
        #expect(try EFCOM(derEncoded: extra).dataGroups == [.dataGroup(1), .dataGroup(13)])
        let noList = TLV(tag: 0x60, children: [TLV(tag: 0x5F01, value: Array("0107".utf8))]).encoded
        #expect(throws: LDSError.missingField(.com, field: "tag list (5C)")) { try EFCOM(derEncoded: noList) }
        #expect(throws: LDSError.self) { try EFCOM(derEncoded: LDSBuilder.dg1(for: person)) }
        #expect(throws: LDSError.self) { try EFCOM(derEncoded: Array(LDSBuilder.com().dropLast())) }
    }

    @Test("DG1 of a simulated CCCD holds a TD1 MRZ with the ID in the optional data")
    func dg1() throws {
        let mrz = try DG1(derEncoded: LDSBuilder.dg1(for: person)).mrz
        #expect(mrz.format == .td1)
        #expect(mrz.documentCode == "ID")
        #expect(mrz.issuingState == "VNM")
        #expect(mrz.documentNumber == String(person.idNumber.suffix(9)))
        #expect(mrz.optionalData1 == person.idNumber + "<<" + String(MRZ.checkDigit(person.idNumber) ?? -1))
        #expect(mrz.primaryIdentifier == "NGUYEN")
        #expect(mrz.secondaryIdentifier == "VAN AN")
        #expect(mrz.dateOfBirth.matches(person.dateOfBirth))
        #expect(mrz.allChecksPass)
    }

    @Test("DG1 without 5F1F or with a wrong outer tag throws naming DG1")
    func dg1Malformed() {
        let empty = TLV(tag: 0x61, children: [TLV(tag: 0x5F20, value: [1])]).encoded
        #expect(throws: LDSError.missingField(.dataGroup(1), field: "MRZ (5F1F)")) { try DG1(derEncoded: empty) }
        #expect(throws: LDSError.self) { try DG1(derEncoded: LDSBuilder.com()) }
    }

    @Test("DG2 yields the face as a JPEG with its MIME type, size and 19794-5 dimensions")
    func dg2() throws {
        let jpeg = LDSBuilder.faceJPEG()
        let dg2 = try DG2(derEncoded: LDSBuilder.dg2(for: person, image: jpeg))
        let face = try #require(dg2.face)
        #expect(dg2.faces.count == 1)
        #expect(face.format == .jpeg)
        #expect(face.mimeType == "image/jpeg")
        #expect(face.imageData == jpeg)
        #expect(face.size == jpeg.count)
        #expect(face.width == 96 && face.height == 128)
        #expect(face.headerVersion == "010")
        #expect(face.biometricHeader[0x81] == [0x02])
    }

    @Test("the generated face JPEG has SOI, a baseline frame of the right size, and EOI")
    func jpegStructure() {
        let jpeg = LDSBuilder.faceJPEG(width: 12, height: 16)
        #expect(Array(jpeg.prefix(2)) == [0xFF, 0xD8])
        #expect(Array(jpeg.suffix(2)) == [0xFF, 0xD9])
        let sof = jpeg.indices.dropLast().first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 }
        guard let at = sof, at + 9 <= jpeg.count else {
            Issue.record("no SOF0 marker")
            return
        }
        #expect(Array(jpeg[(at + 5)..<(at + 9)]) == [0x00, 128, 0x00, 96])
    }

    @Test("DG2 accepts JPEG 2000 records, bare images and the 7F2E data block")
    func dg2Variants() throws {
        let jp2: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A, 1, 2, 3]
        let record = LDSBuilder.facialRecord(jp2, width: 10, height: 20, female: true, jpeg2000: true)
        let face = try FaceImage(biometricDataBlock: record)
        #expect(face.format == .jpeg2000 && face.mimeType == "image/jp2" && face.imageData == jp2)
        let bare = try FaceImage(biometricDataBlock: [0xFF, 0x4F, 0xFF, 0x51, 0, 0])
        #expect(bare.format == .jpeg2000 && bare.width == nil)
        let block = TLV(tag: 0x7F2E, value: LDSBuilder.faceJPEG(width: 1, height: 1))
        let file = TLV(tag: 0x75, children: [TLV(tag: 0x7F61, children: [TLV(tag: 0x02, value: [1]), TLV(tag: 0x7F60, children: [block])])])
        #expect(try DG2(derEncoded: file.encoded).face?.format == .jpeg)
    }

    @Test("DG2 with a truncated record, an unknown version, no image or no template throws naming DG2")
    func dg2Malformed() throws {
        let jpeg = LDSBuilder.faceJPEG(width: 2, height: 2)
        var record = LDSBuilder.facialRecord(jpeg, width: 16, height: 16, female: false)
        record.removeLast(5)
        #expect(throws: LDSError.self) { try FaceImage(biometricDataBlock: record) }
        var v2 = LDSBuilder.facialRecord(jpeg, width: 16, height: 16, female: false)
        v2[4...6] = [0x30, 0x33, 0x30]
        #expect(throws: LDSError.unsupported(.dataGroup(2), field: "ISO 19794-5 version", reason: "\"030\"; only 010 (2005) is read")) {
            try FaceImage(biometricDataBlock: v2)
        }
        #expect(throws: LDSError.self) { try FaceImage(biometricDataBlock: [1, 2, 3, 4]) }
        let noGroup = TLV(tag: 0x75, children: [TLV(tag: 0x02, value: [1])]).encoded
        #expect(throws: LDSError.missingField(.dataGroup(2), field: "biometric information group template (7F61)")) {
            try DG2(derEncoded: noGroup)
        }
    }

    @Test("DG11 and DG12 fields are read by tag, other names inside A0 included")
    func dg11dg12() throws {
        let dg11 = TLV(tag: 0x6B, children: [
            TLV(tag: 0x5C, value: [0x5F, 0x0E, 0x5F, 0x2B]),
            TLV(tag: 0x5F0E, value: Array("NGUYỄN<<VĂN AN".utf8)),
            TLV(tag: 0xA0, children: [TLV(tag: 0x02, value: [1]), TLV(tag: 0x5F0F, value: Array("AN NGUYEN".utf8))]),
            TLV(tag: 0x5F2B, value: [0x19, 0x90, 0x03, 0x15]),
            TLV(tag: 0x5F42, value: Array("Hà Nội".utf8)),
            TLV(tag: 0x5F50, value: [1]),
        ]).encoded
        let p = try DG11(derEncoded: dg11)
        #expect(p.fullName == "NGUYỄN<<VĂN AN")
        #expect(p.otherNames == ["AN NGUYEN"])
        #expect(p.fullDateOfBirth == "19900315")
        #expect(p.address == "Hà Nội")
        let dg12 = TLV(tag: 0x6C, children: [
            TLV(tag: 0x5F19, value: Array("Cục Cảnh sát QLHC về TTXH".utf8)),
            TLV(tag: 0x5F26, value: Array("20210410".utf8)),
        ]).encoded
        let d = try DG12(derEncoded: dg12)
        #expect(d.issuingAuthority == "Cục Cảnh sát QLHC về TTXH")
        #expect(d.dateOfIssue == "20210410")
        #expect(throws: LDSError.self) { try DG12(derEncoded: dg11) }
    }
}
