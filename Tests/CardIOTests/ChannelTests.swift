import Testing
@testable import CardIO

/// A scripted card for the channel logic alone; the same handling is proven through pcscd in
/// PCSCIntegrationTests.
final class ScriptedChannel: CardChannel {
    var answers: [ResponseAPDU]
    var sent: [APDU] = []
    init(_ answers: [ResponseAPDU]) { self.answers = answers }
    func transmit(_ command: APDU) throws(CardIOError) -> ResponseAPDU {
        sent.append(command)
        guard !answers.isEmpty else { throw .cardRemoved }
        return answers.removeFirst()
    }
}

@Suite("CardChannel T=0 handling")
struct ChannelTests {
    @Test("61xx chains GET RESPONSE commands and joins the data")
    func getResponse() throws {
        let ch = ScriptedChannel([
            ResponseAPDU(status: StatusWord(rawValue: 0x6104)),
            ResponseAPDU(data: [1, 2, 3, 4], status: StatusWord(rawValue: 0x6102)),
            ResponseAPDU(data: [5, 6], status: .success),
        ])
        let r = try ch.send(APDU(ins: 0xB0, ne: 256))
        #expect(r.data == [1, 2, 3, 4, 5, 6])
        #expect(r.status == .success)
        #expect(ch.sent.map(\.ins) == [0xB0, 0xC0, 0xC0])
        #expect(ch.sent[1].ne == 4)
        #expect(ch.sent[2].ne == 2)
    }

    @Test("6Cxx resends the same command once with the Le the card asked for")
    func wrongLe() throws {
        let ch = ScriptedChannel([
            ResponseAPDU(status: StatusWord(rawValue: 0x6C08)),
            ResponseAPDU(data: [UInt8](repeating: 9, count: 8), status: .success),
        ])
        let r = try ch.send(APDU(ins: 0x84, ne: 16))
        #expect(r.data.count == 8)
        #expect(ch.sent.count == 2)
        #expect(ch.sent[1] == APDU(ins: 0x84, ne: 8))
    }

    @Test("a card that answers 61xx forever is stopped with an error")
    func endless61() {
        let ch = ScriptedChannel(Array(repeating: ResponseAPDU(data: [0], status: StatusWord(rawValue: 0x6101)), count: 300))
        #expect(throws: CardIOError.self) { try ch.send(APDU(ins: 0xB0, ne: 1)) }
    }

    @Test("the counting channel counts APDUs and bytes each way")
    func counting() throws {
        let counted = CountingChannel(ScriptedChannel([ResponseAPDU(data: [1, 2, 3], status: .success)]))
        _ = try counted.send(APDU(ins: 0xB0, ne: 3))
        #expect(counted.apdus == 1)
        #expect(counted.bytesSent == 5)
        #expect(counted.bytesReceived == 5)
    }
}

@Suite("ReaderTracker")
struct ReaderTrackerTests {
    func state(_ reader: String, _ bits: Int32, counter: UInt32 = 0, atr: [UInt8] = []) -> ReaderState {
        var s = ReaderState(reader: reader)
        s.eventState = UInt32(bits) | 0x02 | counter << 16  // CHANGED
        s.atr = atr
        return s
    }

    @Test("insert and remove become events, and unchanged states stay quiet")
    func insertRemove() {
        var t = ReaderTracker()
        #expect(t.sync(readers: ["R"]) == [.readerAdded("R")])
        #expect(t.update(state("R", 0x10)).events == [])
        #expect(t.update(state("R", 0x20, counter: 1, atr: [0x3B])).events == [.cardInserted(reader: "R", atr: [0x3B])])
        let current: UInt32? = t.states.first?.currentState
        #expect(current == UInt32(0x20 | 1 << 16))
        #expect(t.update(state("R", 0x120, counter: 1, atr: [0x3B])).events == [])  // in use: no card event
        #expect(t.update(state("R", 0x10, counter: 2)).events == [.cardRemoved(reader: "R")])
    }

    @Test("a card swapped between two waits is reported as removed then inserted")
    func swapSeenByCounter() {
        var t = ReaderTracker()
        _ = t.sync(readers: ["R"])
        _ = t.update(state("R", 0x20, counter: 1, atr: [1]))
        #expect(t.update(state("R", 0x20, counter: 3, atr: [2])).events == [.cardRemoved(reader: "R"), .cardInserted(reader: "R", atr: [2])])
    }

    @Test("a mute card, a vanished reader and a lost service are reported")
    func edgeStates() {
        var t = ReaderTracker()
        _ = t.sync(readers: ["R", "S"])
        #expect(t.update(state("R", 0x220)).events == [.cardUnresponsive(reader: "R")])
        let vanished = t.update(state("S", 0x04))
        #expect(vanished.vanished && vanished.events == [.readerRemoved("S")])
        #expect(t.forgetAll() == [.cardRemoved(reader: "R"), .readerRemoved("R")])
        #expect(t.readers.isEmpty)
    }
}
