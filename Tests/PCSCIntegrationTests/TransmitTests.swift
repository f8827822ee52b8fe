import CardIO
import CardSim
import Testing

extension PCSCIntegration {
    @Suite("APDUs through pcscd and vpcd")
    struct TransmitTests {
        let harness = PCSCHarness.shared

        /// Puts a TestCard on the reader and connects to it through pcscd.
        func withCard(_ body: (PCSCCard, TestCard) throws -> Void) async throws {
            try await harness.ensureRunning()
            let card = TestCard()
            let vpcd = harness.virtualCard(card)
            vpcd.insert()
            defer { vpcd.remove() }
            #expect(await vpcd.waitConnected())
            let context = try PCSCContext()
            defer { context.release() }
            let channel = try await harness.connectWhenPresent(context)
            defer { channel.disconnect(.unpower) }
            try body(channel, card)
        }

        @Test("an APDU round trip reaches the simulated card and comes back")
        func roundTrip() async throws {
            try await withCard { channel, card in
                let status = try channel.status()
                #expect(status.reader == harness.readerName)
                #expect(status.atr == card.atr)
                #expect(try channel.send(APDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: [1, 2, 3])).status == .fileNotFound)
                #expect(try channel.send(APDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: TestCard.aid)).status == .success)
                let challenge = try channel.send(APDU(ins: 0x84, ne: 8))
                #expect(challenge.status == .success && challenge.data.count == 8)
                let payload = (0..<200).map { UInt8($0) }
                let echo = try channel.send(APDU(cla: 0x80, ins: 0xEE, data: payload, ne: 256))
                #expect(echo.data == payload)
                #expect(card.commandsProcessed >= 4)
            }
        }

        @Test("61xx is answered with GET RESPONSE and 6Cxx with a resend, transparently")
        func t0ProcedureBytes() async throws {
            try await withCard { channel, _ in
                let long = try channel.send(APDU(cla: 0x80, ins: 0x61, p1: 0x02, p2: 0x58, ne: 256))
                #expect(long.status == .success)
                #expect(long.data == TestCard.pattern(600))
                let resent = try channel.send(APDU(cla: 0x80, ins: 0x6C, ne: 0x10))
                #expect(resent.status == .success)
                #expect(resent.data == TestCard.pattern(0x20))
                // Without the handling, the raw answer is the procedure byte itself.
                #expect(try channel.transmit(APDU(cla: 0x80, ins: 0x6C, ne: 0x10)).status == StatusWord(rawValue: 0x6C20))
            }
        }

        @Test("extended-length APDUs carry more than 256 bytes each way")
        func extendedLength() async throws {
            try await withCard { channel, _ in
                _ = try channel.send(APDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: TestCard.aid))
                let payload = (0..<1500).map { UInt8(truncatingIfNeeded: $0 &* 13) }
                let echo = try channel.send(APDU(cla: 0x80, ins: 0xEE, data: payload, ne: 65536))
                #expect(echo.status == .success)
                #expect(echo.data == payload)
                let pattern = try channel.send(APDU(cla: 0x80, ins: 0xEE, ne: 4000))
                #expect(pattern.data == TestCard.pattern(4000))
            }
        }

        @Test("a card pulled between commands gives a card-gone error, and the next card works")
        func cardPulled() async throws {
            try await harness.ensureRunning()
            let vpcd = harness.virtualCard(TestCard())
            vpcd.insert()
            #expect(await vpcd.waitConnected())
            let context = try PCSCContext()
            defer { context.release() }
            let channel = try await harness.connectWhenPresent(context)
            #expect(try channel.send(APDU(ins: 0x84, ne: 8)).status == .success)
            vpcd.remove()
            let error = #expect(throws: CardIOError.self) { try channel.send(APDU(ins: 0x84, ne: 8)) }
            #expect(error?.isCardGone == true, "got \(String(describing: error))")
            channel.disconnect()
            try await withCard { (again: PCSCCard, _: TestCard) throws in
                #expect(try again.send(APDU(ins: 0x84, ne: 8)).status == .success)
            }
        }

        @Test("listing readers with pcscd running and doctor's checks pass")
        func listingAndDoctor() async throws {
            try await harness.ensureRunning()
            let context = try PCSCContext()
            defer { context.release() }
            let readers = try context.listReaders()
            #expect(readers.contains(harness.readerName))
            #expect(readers.contains(harness.secondReaderName))
        }
    }
}
