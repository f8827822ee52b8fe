import Agent
import CardIO
import CardSim
import EMRTD
import Foundation
import Testing

extension PCSCHarness {
    /// Puts `card` (made by `DemoCard.make`, so the demo keys open it) on the vpcd reader and reads it with `reader`,
    /// retrying once on a stale vpcd link (SCARD_E_NOT_TRANSACTED).
    func agentRead(_ card: CCCDCard, with reader: PCSCCardReader = PCSCCardReader(), onlyForCard: [UInt8]? = nil) async throws
        -> Result<CardReadResult, CardReadFailure>
    {
        waitUntilEmpty(readerName)
        let vpcd = virtualCard(card)
        vpcd.insert()
        defer { vpcd.remove() }
        #expect(await vpcd.waitConnected())
        let context = try PCSCContext()
        defer { context.release() }
        try await connectWhenPresent(context).disconnect(.leave)
        let keys = try DemoCard.accessKey.accessKeys(today: AccessKeyInput.today())
        var result = await reader.read(reader: readerName, keys: keys, onlyForCard: onlyForCard) { _ in }
        if case .failure(.card) = result {
            try await Task.sleep(for: .milliseconds(300))
            result = await reader.read(reader: readerName, keys: keys, onlyForCard: onlyForCard) { _ in }
        }
        return result
    }
}

extension PCSCIntegration {
    /// A remembered access key is bound to the card UID the reader reports (FF CA 00 00), through pcscd and vpcd.
    @Suite struct RememberedKeyOverPCSC {
        let harness = PCSCHarness.shared
        static let uid: [UInt8] = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]

        func read(_ card: CCCDCard, onlyForCard: [UInt8]?) async throws -> Result<CardReadResult, CardReadFailure> {
            try await harness.agentRead(card, onlyForCard: onlyForCard)
        }

        @Test("The read reports a stable UID, a remembered key opens only the card with that UID, and another card sees no authentication attempt")
        func boundToUID() async throws {
            try await harness.ensureRunning()
            let first = try DemoCard.make()
            first.uid = Self.uid
            let read = try await read(first, onlyForCard: nil).get()
            #expect(read.cardUID == Self.uid)
            #expect(try await self.read(first, onlyForCard: Self.uid).get().cardUID == Self.uid, "the same card opens with the remembered key")

            let other = try DemoCard.make()
            other.uid = [0x04, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44]
            let refused = try await self.read(other, onlyForCard: Self.uid)
            #expect(refused == .failure(.otherCard))
            #expect(other.authenticationAttempts == 0, "the remembered key was never tried on another person's card")

            let random = try DemoCard.make()
            random.uid = [0x08, 0x12, 0x34, 0x56]
            #expect(try await self.read(random, onlyForCard: nil).get().cardUID == nil, "a random UID is not kept")
            let contact = try DemoCard.make()
            #expect(try await self.read(contact, onlyForCard: nil).get().cardUID == nil, "no UID from the reader: nothing to remember")
        }
    }
}

extension PCSCIntegration {
    /// Reader profiles through pcscd and vpcd: a chunk size the card refused is not asked again on the next read.
    @Suite struct ReaderProfilesOverPCSC {
        let harness = PCSCHarness.shared

        func read(_ reader: PCSCCardReader) async throws -> CardReadResult {
            let card = try DemoCard.make()
            card.configuration.maxReadLength = 100  // firmware that answers 6700 to longer responses
            return try await harness.agentRead(card, with: reader).get()
        }

        @Test("A chunk size refused with 6700 is learned for the reader: the next read starts below it and needs fewer APDUs")
        func learnsChunkLimit() async throws {
            try await harness.ensureRunning()
            let profiles = ReaderProfiles(shortOnly: ["Some Other Reader"])
            let reader = PCSCCardReader(profiles: profiles)
            #expect(profiles.chunkLimit(for: harness.readerName) == nil && !profiles.isShortOnly(harness.readerName))
            let first = try await read(reader)
            let learned = try #require(profiles.chunkLimit(for: harness.readerName))
            #expect(learned <= 100)
            let second = try await read(reader)
            #expect(second.apdus < first.apdus, "first \(first.apdus) APDUs, then \(second.apdus)")
            #expect(second.files.map(\.size) == first.files.map(\.size))
        }
    }
}
