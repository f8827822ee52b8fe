import CardIO
import CardSim
import LDS
import Testing

@testable import EMRTD

/// A simulated CCCD in-process with the channel stack a reader uses: card ← counting ← secure messaging.
struct SimulatedReader {
    let card: CCCDCard
    let link: InProcessChannel
    let wire: CountingChannel

    init(_ configuration: CCCDCard.Configuration, extended: Bool = true) {
        card = CCCDCard(configuration)
        link = InProcessChannel(card: card, supportsExtendedLength: extended)
        wire = CountingChannel(link)
    }

    func open(_ keys: CCCDAccessKeys) throws(EMRTDError) -> (SecureMessagingChannel, AccessOutcome) {
        let card = self.card
        return try CCCDAccess.open(wire, keys: keys, reset: { () throws(CardIOError) in card.reset() })
    }
}

let testMRZ = try! MRZKey(documentNumber: "099012345", dateOfBirth: "900101", dateOfExpiry: "300101")
let cccdFiles: [(name: String, fileID: UInt16)] = [
    ("COM", 0x011E), ("DG1", 0x0101), ("DG2", 0x0102), ("DG13", 0x010D), ("DG14", 0x010E), ("DG15", 0x010F), ("SOD", 0x011D),
]

func paceInfo(_ ka: PACEInfo.KeyAgreement, _ cipher: PACEInfo.Cipher, _ parameterID: Int) -> PACEInfo {
    PACEInfo(protocol: PACEInfo.oid(mapping: .generic, keyAgreement: ka, cipher: cipher)!, version: 2, parameterID: parameterID)
}

@Suite("CCCD access and reading against the simulated chip, in-process")
struct CCCDRoundTripTests {
    static let suites: [PACEInfo] = [
        paceInfo(.ecdh, .aes128, 13), paceInfo(.ecdh, .aes256, 12), paceInfo(.ecdh, .aes192, 16), paceInfo(.ecdh, .tripleDES, 17),
        paceInfo(.ecdh, .aes256, 18), paceInfo(.ecdh, .aes128, 15), paceInfo(.dh, .tripleDES, 0), paceInfo(.dh, .aes128, 1),
        paceInfo(.dh, .aes256, 2),
    ]

    @Test("PACE with the CAN opens the chip and every placeholder file reads back intact", arguments: suites)
    func paceEverySuite(info: PACEInfo) throws {
        let reader = SimulatedReader(.init(mode: .paceOnly, mrz: testMRZ, can: "012345", pace: info))
        let (sm, outcome) = try reader.open(CCCDAccessKeys(can: "012345", mrz: [testMRZ]))
        #expect(outcome.protocol == "PACE" && outcome.password == "CAN" && outcome.attempts == 1)
        let results = try FileReader(channel: sm).readFiles(cccdFiles, wire: reader.wire)
        for r in results {
            let id = UInt16(r.fileID, radix: 16) ?? 0
            #expect(r.contents == reader.card.configuration.files[id], "\(r.name) differs")
        }
    }

    @Test("PACE with the MRZ password is used when no CAN is known")
    func paceWithMRZ() throws {
        let reader = SimulatedReader(.init(mode: .both, mrz: testMRZ))
        let (_, outcome) = try reader.open(CCCDAccessKeys(mrz: [testMRZ]))
        #expect(outcome.protocol == "PACE" && outcome.password == "MRZ")
    }

    @Test("BAC with 3DES opens a BAC-only chip without trying PACE")
    func bacOnly() throws {
        let reader = SimulatedReader(.init(mode: .bacOnly, mrz: testMRZ))
        let (sm, outcome) = try reader.open(CCCDAccessKeys(can: "012345", mrz: [testMRZ]))
        #expect(outcome.protocol == "BAC" && outcome.attempts == 1 && outcome.resets == 0)
        #expect(try FileReader(channel: sm).readFile(fileID: 0x0101) == reader.card.configuration.files[0x0101])
    }

    @Test("BAC on request opens a chip that also offers PACE, after reading EF.CardAccess")
    func bacOnRequest() throws {
        let reader = SimulatedReader(.init(mode: .both, mrz: testMRZ, can: "012345"), extended: false)
        let card = reader.card
        let (sm, outcome) = try CCCDAccess.open(reader.wire, keys: CCCDAccessKeys(can: "012345", mrz: [testMRZ]), usePACE: false,
                                                reset: { () throws(CardIOError) in card.reset() })
        #expect(outcome.protocol == "BAC" && outcome.attempts == 1)
        #expect(try FileReader(channel: sm).readFile(fileID: 0x0102) == card.configuration.files[0x0102])
    }

    @Test("PACE answered 6982 (the field report) resets the card and BAC succeeds: two attempts, one reset")
    func paceRefusedThenBAC() throws {
        let reader = SimulatedReader(.init(mode: .paceAdvertisedButRefused, mrz: testMRZ))
        let (_, outcome) = try reader.open(CCCDAccessKeys(can: "012345", mrz: [testMRZ]))
        #expect(outcome.protocol == "BAC" && outcome.attempts == 2 && outcome.resets == 1)
        #expect(outcome.notes.contains { $0.contains("6982") })
    }

    @Test("a wrong CAN on a PACE-only chip is one clear error naming the CAN")
    func wrongCAN() throws {
        let reader = SimulatedReader(.init(mode: .paceOnly, mrz: testMRZ, can: "012345"))
        #expect {
            _ = try reader.open(CCCDAccessKeys(can: "999999", mrz: [testMRZ]))
        } throws: { error in
            guard case EMRTDError.accessDenied(_, let hint) = error else { return false }
            return hint.contains("CAN")
        }
        #expect(reader.card.authenticationAttempts == 1)
    }

    @Test("a wrong MRZ key is refused with a hint; the right second candidate opens the chip on attempt 2")
    func wrongMRZ() throws {
        let reader = SimulatedReader(.init(mode: .bacOnly, mrz: testMRZ))
        let wrong = try MRZKey(documentNumber: "099012345", dateOfBirth: "900101", dateOfExpiry: "150101")
        #expect {
            _ = try reader.open(CCCDAccessKeys(mrz: [wrong]))
        } throws: { error in
            guard case EMRTDError.accessDenied("BAC", let hint) = error else { return false }
            return hint.contains("birth date")
        }
        let (_, outcome) = try reader.open(CCCDAccessKeys(mrz: [wrong, testMRZ]))
        #expect(outcome.protocol == "BAC" && outcome.attempts == 2)
    }

    @Test("a wrong response MAC is a typed secure-messaging error and closes the session")
    func wrongMAC() throws {
        let reader = SimulatedReader(.init(mode: .both, mrz: testMRZ, can: "012345"))
        let (sm, _) = try reader.open(CCCDAccessKeys(can: "012345", mrz: [testMRZ]))
        reader.card.corruptResponseMAC = true
        #expect(throws: EMRTDError.secureMessaging(.wrongMAC)) { try FileReader(channel: sm).readFile(fileID: 0x0101) }
        reader.card.corruptResponseMAC = false
        #expect(throws: EMRTDError.secureMessaging(.wrongMAC)) { try FileReader(channel: sm).readFile(fileID: 0x0101) }
    }

    @Test("a card removed mid-read fails as card gone, and the next read starts clean and succeeds")
    func tornRead() throws {
        let card = CCCDCard(.init(mode: .both, mrz: testMRZ, can: "012345"))
        let first = InProcessChannel(card: card, supportsExtendedLength: false)
        card.tearAfterAPDUs = 20
        card.onTear = { first.remove() }
        let (sm, _) = try CCCDAccess.open(first, keys: CCCDAccessKeys(can: "012345", mrz: [testMRZ]), reset: { () throws(CardIOError) in card.reset() })
        #expect { _ = try FileReader(channel: sm).readFile(fileID: 0x0102) } throws: { ($0 as? EMRTDError)?.isCardGone == true }
        card.tearAfterAPDUs = nil
        let second = InProcessChannel(card: card, supportsExtendedLength: false)
        let (sm2, outcome) = try CCCDAccess.open(second, keys: CCCDAccessKeys(can: "012345", mrz: [testMRZ]), reset: { () throws(CardIOError) in card.reset() })
        #expect(outcome.protocol == "PACE")
        #expect(try FileReader(channel: sm2).readFile(fileID: 0x0102) == card.configuration.files[0x0102])
    }

    @Test("status words: a missing file is 6A82 and the read goes on; reading before access is 6982; SELECT MF is 6D00")
    func statusWords() throws {
        let reader = SimulatedReader(.init(mode: .both, mrz: testMRZ))
        #expect(try reader.link.send(APDU(ins: 0xA4, p2: 0x0C, data: [0x3F, 0x00])).status == .insNotSupported)
        #expect(try reader.link.send(APDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: CCCDCard.aid)).status == .success)
        #expect(throws: EMRTDError.status(.securityStatusNotSatisfied, step: "SELECT file 0101")) {
            try FileReader(channel: reader.link).select(fileID: 0x0101)
        }
        let (sm, _) = try reader.open(CCCDAccessKeys(mrz: [testMRZ]))
        let results = try FileReader(channel: sm).readFiles([("DG11", 0x010B), ("DG1", 0x0101)], wire: reader.wire)
        #expect(results[0].error?.contains("6a82") == true)
        #expect(results[1].size == reader.card.configuration.files[0x0101]?.count)
    }

    @Test("a chip that refuses large chunks (6700) is read with smaller ones and the limit is kept")
    func chunkFallback() throws {
        let reader = SimulatedReader(.init(mode: .both, mrz: testMRZ, maxReadLength: 128))
        let (sm, _) = try reader.open(CCCDAccessKeys(mrz: [testMRZ]))
        let fileReader = FileReader(channel: sm)
        #expect(try fileReader.readFile(fileID: 0x0102) == reader.card.configuration.files[0x0102])
        #expect(fileReader.chunkLimit <= 128)
    }

    @Test("files above 32 KB are read with odd INS B1, short and extended", arguments: [true, false])
    func largeFile(extended: Bool) throws {
        var files = CCCDPlaceholderFiles.make()
        files[0x0102] = CCCDPlaceholderFiles.wrap(0x75, 40_000, seed: 7)
        let reader = SimulatedReader(.init(mode: .both, mrz: testMRZ, files: files), extended: extended)
        let (sm, _) = try reader.open(CCCDAccessKeys(mrz: [testMRZ]))
        #expect(try FileReader(channel: sm).readFile(fileID: 0x0102) == files[0x0102])
    }

    @Test("APDU counts for the placeholder files: extended length needs one READ after the header", arguments: [true, false])
    func apduCounts(extended: Bool) throws {
        let reader = SimulatedReader(.init(mode: .both, mrz: testMRZ, can: "012345", extendedLength: extended), extended: extended)
        let (sm, _) = try reader.open(CCCDAccessKeys(can: "012345", mrz: [testMRZ]))
        let results = try FileReader(channel: sm).readFiles(cccdFiles, wire: reader.wire)
        let dg2 = try #require(results.first { $0.name == "DG2" })
        // SELECT + 6-byte header + rest: 1 chunk extended, ceil((18004 - 6) / 223) = 81 chunks short.
        #expect(dg2.apdus == (extended ? 3 : 83))
        print("APDU counts (\(extended ? "extended" : "short")):", results.map { "\($0.name) \($0.size) B \($0.apdus) APDUs \($0.bytesReceived) B in" }.joined(separator: ", "),
              "total", results.reduce(0) { $0 + $1.apdus })
    }
}
