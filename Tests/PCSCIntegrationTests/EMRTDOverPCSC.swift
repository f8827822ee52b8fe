import CardIO
import CardSim
import EMRTD
import Testing

extension PCSCIntegration {
    /// The simulated CCCD read end to end: EMRTD → PCSCCard → libpcsclite → pcscd → vpcd → CCCDCard.
    @Suite("eMRTD access and reading through pcscd and vpcd")
    struct EMRTDOverPCSC {
        let harness = PCSCHarness.shared
        static let keys = try! CCCDAccessKeys(idNumber: "001099012345", dateOfBirth: "900101", expiryCandidates: ["300101"])
        static let files: [(name: String, fileID: UInt16)] = [
            ("COM", 0x011E), ("DG1", 0x0101), ("DG2", 0x0102), ("DG13", 0x010D), ("DG14", 0x010E), ("DG15", 0x010F), ("SOD", 0x011D),
        ]

        /// Puts `card` on reader slot 0 and runs `body` on a connection through pcscd. A fresh vpcd connection can
        /// meet a driver still holding the previous one (first APDU: SCARD_E_NOT_TRANSACTED): reconnect, at most twice.
        func withCard(_ card: CCCDCard, _ body: (PCSCCard) throws -> Void) async throws {
            try await harness.ensureRunning()
            let vpcd = harness.virtualCard(card)
            vpcd.insert()
            defer { vpcd.remove() }
            #expect(await vpcd.waitConnected())
            let context = try PCSCContext()
            defer { context.release() }
            var retries = 0
            while true {
                let pcsc = try await harness.connectWhenPresent(context)
                defer { pcsc.disconnect(.unpower) }
                do {
                    try body(pcsc)
                    return
                } catch EMRTDError.card(let error) where retries < 2 {
                    retries += 1
                    print("EMRTDOverPCSC: card link failed (\(error)); reconnecting")
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
        }

        func readAll(_ card: CCCDCard, extended: Bool, usePACE: Bool = true) async throws -> (AccessOutcome, [FileReadResult]) {
            var result: (AccessOutcome, [FileReadResult])?
            try await withCard(card) { pcsc in
                pcsc.supportsExtendedLength = extended
                let wire = CountingChannel(pcsc)
                let (sm, outcome) = try CCCDAccess.open(wire, keys: Self.keys, usePACE: usePACE, reset: { () throws(CardIOError) in try pcsc.reconnect() })
                result = (outcome, try FileReader(channel: sm).readFiles(Self.files, wire: wire))
            }
            let r = try #require(result)
            for file in r.1 {
                #expect(file.error == nil)
                #expect(file.contents == card.configuration.files[UInt16(file.fileID, radix: 16) ?? 0], "\(file.name) differs")
            }
            return r
        }

        @Test("PACE with the CAN opens the simulated chip through pcscd and every file reads back, extended and short",
              arguments: [true, false])
        func pace(extended: Bool) async throws {
            let card = CCCDCard(.init(mode: .both, mrz: Self.keys.mrz[0], can: Self.keys.can, extendedLength: extended))
            let (outcome, files) = try await readAll(card, extended: extended)
            #expect(outcome.protocol == "PACE" && outcome.password == "CAN" && outcome.attempts == 1)
            print("pcscd PACE \(extended ? "extended" : "short"):", files.map { "\($0.name)=\($0.size)B/\($0.apdus)" }.joined(separator: " "))
        }

        @Test("PACE refused with 6982 makes the reader reconnect through pcscd and open the chip with BAC")
        func paceRefusedThenBAC() async throws {
            let card = CCCDCard(.init(mode: .paceAdvertisedButRefused, mrz: Self.keys.mrz[0], can: Self.keys.can))
            let (outcome, _) = try await readAll(card, extended: true)
            #expect(outcome.protocol == "BAC" && outcome.attempts == 2 && outcome.resets == 1)
        }

        @Test("BAC on request opens a chip that also offers PACE")
        func bacOnRequest() async throws {
            let card = CCCDCard(.init(mode: .both, mrz: Self.keys.mrz[0], can: Self.keys.can))
            let (outcome, _) = try await readAll(card, extended: false, usePACE: false)
            #expect(outcome.protocol == "BAC" && outcome.attempts == 1)
        }
    }
}
