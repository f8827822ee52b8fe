import Testing
@testable import CardIO

@Suite("Command APDUs")
struct APDUTests {
    @Test("cases 1 to 4 encode in short form")
    func shortCases() throws {
        #expect(try APDU(ins: 0xB0).encoded() == [0x00, 0xB0, 0x00, 0x00])
        #expect(try APDU(ins: 0x84, ne: 8).encoded() == [0x00, 0x84, 0x00, 0x00, 0x08])
        #expect(try APDU(ins: 0xB0, ne: 256).encoded() == [0x00, 0xB0, 0x00, 0x00, 0x00])
        #expect(try APDU(ins: 0xA4, p1: 4, p2: 0x0C, data: [1, 2]).encoded() == [0x00, 0xA4, 0x04, 0x0C, 0x02, 1, 2])
        #expect(try APDU(ins: 0x82, data: [9], ne: 16).encoded() == [0x00, 0x82, 0x00, 0x00, 0x01, 9, 0x10])
        #expect(APDU(ins: 0xB0).isoCase == 1)
        #expect(APDU(ins: 0xB0, ne: 1).isoCase == 2)
        #expect(APDU(ins: 0xB0, data: [1]).isoCase == 3)
        #expect(APDU(ins: 0xB0, data: [1], ne: 1).isoCase == 4)
    }

    @Test("Ne above 256 or Nc above 255 switches to extended length")
    func extendedCases() throws {
        #expect(try APDU(ins: 0xB0, ne: 257).encoded() == [0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x01])
        #expect(try APDU(ins: 0xB0, ne: 65536).encoded() == [0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00])
        let data = [UInt8](repeating: 0xAB, count: 300)
        #expect(try APDU(ins: 0xD6, data: data).encoded() == [0x00, 0xD6, 0x00, 0x00, 0x00, 0x01, 0x2C] + data)
        // Case 4E: one leading 00, Lc on two bytes, Le on two bytes.
        let c4 = try APDU(ins: 0x2A, data: data, ne: 65536).encoded()
        #expect(c4.count == 4 + 3 + 300 + 2)
        #expect(Array(c4.suffix(2)) == [0x00, 0x00])
        // Short data with long Ne is also extended.
        #expect(try APDU(ins: 0x2A, data: [1], ne: 1000).encoded() == [0x00, 0x2A, 0x00, 0x00, 0x00, 0x00, 0x01, 1, 0x03, 0xE8])
    }

    @Test("impossible lengths are refused with an error, not a trap")
    func refusesImpossible() {
        #expect(throws: APDUError.invalidNe(0)) { try APDU(ins: 0xB0, ne: 0).encoded() }
        #expect(throws: APDUError.invalidNe(65537)) { try APDU(ins: 0xB0, ne: 65537).encoded() }
        #expect(throws: APDUError.commandDataTooLong(65536)) {
            try APDU(ins: 0xD6, data: [UInt8](repeating: 0, count: 65536)).encoded()
        }
    }

    @Test("every encodable APDU parses back to itself", arguments: [
        APDU(ins: 0xB0), APDU(ins: 0x84, ne: 8), APDU(ins: 0xB0, ne: 256), APDU(ins: 0xB0, ne: 257),
        APDU(ins: 0xB0, ne: 65536), APDU(ins: 0xA4, p1: 4, p2: 0x0C, data: [1, 2, 3]),
        APDU(cla: 0x0C, ins: 0xB0, data: [0x97, 1, 0], ne: 256),
        APDU(ins: 0xD6, data: [UInt8](repeating: 7, count: 256)),
        APDU(ins: 0x2A, data: [UInt8](repeating: 7, count: 1000), ne: 4096),
        APDU(ins: 0x2A, data: [5], ne: 65536),
    ])
    func roundTrip(apdu: APDU) throws {
        #expect(try APDU(bytes: apdu.encoded()) == apdu)
    }

    @Test("malformed and truncated command bytes throw typed errors", arguments: [
        [UInt8](), [0x00], [0x00, 0xB0, 0x00],
        [0x00, 0xA4, 0x04, 0x0C, 0x05, 1, 2],  // Lc says 5, 2 follow
        [0x00, 0xA4, 0x04, 0x0C, 0x02, 1, 2, 3, 4],  // too many bytes
        [0x00, 0xA4, 0x04, 0x0C, 0x00, 0x00],  // extended marker with no length
        [0x00, 0xA4, 0x04, 0x0C, 0x00, 0x00, 0x00, 0x01],  // extended Lc 0 with data
        [0x00, 0xA4, 0x04, 0x0C, 0x00, 0x01, 0x00, 1, 2],  // extended Lc 256, 2 follow
    ])
    func malformed(bytes: [UInt8]) {
        #expect(throws: APDUError.self) { try APDU(bytes: bytes) }
    }

    @Test("every prefix of a valid APDU either parses or throws; none traps")
    func prefixesNeverTrap() throws {
        let full = try APDU(ins: 0x2A, data: [UInt8](repeating: 3, count: 300), ne: 2000).encoded()
        for n in 0...full.count {
            _ = try? APDU(bytes: Array(full.prefix(n)))
        }
    }
}

@Suite("Response APDUs and status words")
struct ResponseTests {
    @Test("a response splits into data and status word")
    func parse() throws {
        let r = try ResponseAPDU(bytes: [1, 2, 3, 0x90, 0x00])
        #expect(r.data == [1, 2, 3])
        #expect(r.status == .success)
        #expect(r.bytes == [1, 2, 3, 0x90, 0x00])
        #expect(try ResponseAPDU(bytes: [0x6A, 0x82]).status == .fileNotFound)
    }

    @Test("fewer than two bytes is an error")
    func tooShort() {
        #expect(throws: APDUError.responseTooShort(1)) { try ResponseAPDU(bytes: [0x90]) }
        #expect(throws: APDUError.responseTooShort(0)) { try ResponseAPDU(bytes: []) }
    }

    @Test("status words carry named meanings and their parameters")
    func meanings() {
        #expect(StatusWord.securityStatusNotSatisfied.meaning == "security status not satisfied")
        #expect(StatusWord(rawValue: 0x6110).bytesAvailable == 16)
        #expect(StatusWord(rawValue: 0x6100).bytesAvailable == 256)
        #expect(StatusWord(rawValue: 0x6C20).correctLe == 32)
        #expect(StatusWord(rawValue: 0x63C2).retriesLeft == 2)
        #expect(StatusWord(rawValue: 0x63C2).meaning == "verification failed, 2 tries left")
        #expect(StatusWord.success.bytesAvailable == nil)
        #expect(StatusWord.wrongLength.meansLeTooLarge)
        #expect(StatusWord(rawValue: 0x6D00).description == "6d00 (instruction not supported)")
        #expect(StatusWord(rawValue: 0x6400).meaning == "execution error")
    }
}
