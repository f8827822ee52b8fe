@testable import Agent
import Foundation
import Synchronization
import Testing

/// A card reader that never reaches a card: for driving the session hub without pcscd.
struct UnreachableCardReader: CardReader {
    func read(reader: String, keys: EMRTD.CCCDAccessKeys, progress: @escaping @Sendable (CardReadProgress) -> Void) async
        -> Result<CardReadResult, CardReadFailure>
    { .failure(.card("no card reader in this test")) }
}

import EMRTD

@Suite struct HeadlessTests {
    @Test("Headless mode answers commands as JSON lines and stops on quit") func commands() async throws {
        let hub = SessionHub(policy: .init(), cardReader: UnreachableCardReader())
        let (input, feed) = AsyncStream.makeStream(of: String.self)
        let lines = Mutex<[String]>([])
        let service = HeadlessService(hub: hub, input: input) { line in lines.withLock { $0.append(line) } }
        let run = Task { try await service.run() }
        feed.yield(#"{"command":"status"}"#)
        feed.yield("not json")
        feed.yield(#"{"command":"access-key","can":"123456"}"#)
        feed.yield(#"{"command":"access-key","can":"12x"}"#)
        feed.yield(#"{"command":"dance"}"#)
        feed.yield(#"{"command":"quit"}"#)
        try await run.value
        let out = lines.withLock { $0 }
        let events = out.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.map { $0["event"] as? String ?? "?" }
        #expect(events == ["ready", "status", "error", "error", "error", "error", "accepted", "stopped"])
        #expect(out[3].contains("no reader is waiting"))
        #expect(out[4].contains("can"))
        #expect(out[5].contains("unknown command"))
    }

    @Test("Headless mode stops at end of input and prints session events as they happen") func events() async throws {
        let hub = SessionHub(policy: .init(), cardReader: UnreachableCardReader())
        let (input, feed) = AsyncStream.makeStream(of: String.self)
        let lines = Mutex<[String]>([])
        let run = Task { try await HeadlessService(hub: hub, input: input) { line in lines.withLock { $0.append(line) } }.run() }
        while lines.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
        await hub.handle(.readerAdded("Virtual PCD 00 00"))
        await hub.handle(.cardInserted(reader: "Virtual PCD 00 00", atr: [0x3B, 0x00]))
        feed.yield(#"{"command":"access-key","reader":"virtual-pcd-00-00","can":"123456"}"#)
        for _ in 0..<200 where !lines.withLock({ $0.contains { $0.contains(#""event":"failed""#) } }) { try await Task.sleep(for: .milliseconds(10)) }
        feed.finish()
        try await run.value
        let events = lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.map { $0["event"] as? String ?? "?" }
        #expect(events.first == "ready" && events.last == "stopped")
        for expected in ["reader-added", "card-inserted", "access-key-needed", "accepted", "reading", "failed"] {
            #expect(events.contains(expected), "missing \(expected) in \(events)")
        }
    }
}
