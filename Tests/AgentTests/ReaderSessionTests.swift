@testable import Agent
import EMRTD
import Foundation
import Testing

@Suite struct ReaderSessionTests {
    static let atr: [UInt8] = [0x3B, 0x88, 0x80, 0x01]
    static let key = AccessKeyInput(can: "012345")
    static let result = CardReadResult(
        access: try! JSONDecoder().decode(AccessOutcome.self, from: Data(#"{"protocol":"BAC","password":"MRZ","suite":"3DES","attempts":1,"resets":0,"notes":[]}"#.utf8)),
        files: [], apdus: 40, bytesSent: 800, bytesReceived: 9000, milliseconds: 900)

    func kinds(_ actions: [ReaderSession.Action]) -> [String] {
        actions.map { a in
            switch a {
            case .emit(let e): e.event.rawValue
            case .startRead: "start-read"
            case .cancelRead: "cancel-read"
            case .startLookups: "start-lookups"
            case .reject: "reject"
            }
        }
    }

    /// A session driven into `phase` through the normal path.
    func session(in phase: ReaderSession.Phase, policy: ReaderSession.Policy = .init()) -> ReaderSession {
        var s = ReaderSession(reader: "Virtual PCD 00 00", policy: policy)
        let now = ContinuousClock.now
        switch phase {
        case .idle: break
        case .cardPresent: _ = s.handle(.cardUnresponsive)
        case .waitingForKey: _ = s.handle(.cardInserted(atr: Self.atr, now: now))
        case .reading, .verified, .lookingUp, .done, .failed:
            _ = s.handle(.cardInserted(atr: Self.atr, now: now))
            _ = s.handle(.accessKey(Self.key, source: .api, now: now))
            if phase == .failed { _ = s.handle(.readFailed(attempt: s.attempt, .card("6A88"))) }
            if [.verified, .lookingUp, .done].contains(phase) { _ = s.handle(.readSucceeded(attempt: s.attempt, Self.result, now: now)) }
            if [.lookingUp, .done].contains(phase) { _ = s.handle(.lookupsStarted(attempt: s.attempt)) }
            if phase == .done { _ = s.handle(.lookupsFinished(attempt: s.attempt, [])) }
        }
        #expect(s.phase == phase)
        return s
    }

    @Test("A full session: card in, key asked, read with progress, verified, look-ups, done, card out") func fullSession() {
        var s = ReaderSession(reader: "R")
        let now = ContinuousClock.now
        #expect(kinds(s.handle(.cardInserted(atr: Self.atr, now: now))) == ["card-inserted", "access-key-needed"])
        #expect(s.phase == .waitingForKey)
        #expect(kinds(s.handle(.accessKey(Self.key, source: .api, now: now))) == ["reading", "start-read"])
        #expect(kinds(s.handle(.readProgress(attempt: s.attempt, .init(step: "DG13", percent: 40)))) == ["progress"])
        #expect(s.progress?.percent == 40)
        #expect(kinds(s.handle(.readSucceeded(attempt: s.attempt, Self.result, now: now))) == ["verified", "start-lookups"])
        #expect(kinds(s.handle(.lookupsStarted(attempt: s.attempt))) == ["looking-up"])
        let outcome = LookupOutcome(source: "insurance", verdict: "eligible")
        #expect(kinds(s.handle(.lookupsFinished(attempt: s.attempt, [outcome]))) == ["done"])
        #expect(s.phase == .done && s.lookups == [outcome] && s.result == Self.result)
        #expect(kinds(s.handle(.cardRemoved)) == ["card-removed"])
        #expect(s.phase == .idle)
        #expect(s.result?.face == nil)
    }

    @Test("Every event in every phase: removal always ends in idle, nothing traps, stale completions are ignored")
    func exhaustive() {
        let now = ContinuousClock.now
        let events: [(String, (Int) -> ReaderSession.Event)] = [
            ("cardInserted", { _ in .cardInserted(atr: Self.atr, now: now) }),
            ("cardUnresponsive", { _ in .cardUnresponsive }),
            ("cardRemoved", { _ in .cardRemoved }),
            ("readerRemoved", { _ in .readerRemoved }),
            ("accessKey", { _ in .accessKey(Self.key, source: .api, now: now) }),
            ("readProgress", { .readProgress(attempt: $0, .init(step: "DG1", percent: 50)) }),
            ("readSucceeded", { .readSucceeded(attempt: $0, Self.result, now: now) }),
            ("readFailed", { .readFailed(attempt: $0, .accessDenied("wrong CAN")) }),
            ("lookupsStarted", { .lookupsStarted(attempt: $0) }),
            ("lookupsFinished", { .lookupsFinished(attempt: $0, []) }),
            ("lookupRequested", { _ in .lookupRequested }),
        ]
        for phase in ReaderSession.Phase.allCases {
            for (name, make) in events {
                // Current attempt.
                var s = session(in: phase)
                let actions = s.handle(make(s.attempt))
                if name == "cardRemoved" || name == "readerRemoved" {
                    #expect(s.phase == .idle, "\(name) in \(phase)")
                    #expect(s.atr == nil)
                    #expect(kinds(actions).contains("cancel-read") == (phase == .reading), "\(name) in \(phase)")
                }
                if name == "cardInserted" { #expect(s.phase == .waitingForKey, "\(name) in \(phase)") }
                if name == "accessKey" {
                    let accepted = phase == .waitingForKey || phase == .failed
                    #expect(kinds(actions) == (accepted ? ["reading", "start-read"] : ["reject"]), "accessKey in \(phase)")
                }
                // A stale attempt never changes anything.
                if ["readProgress", "readSucceeded", "readFailed", "lookupsStarted", "lookupsFinished"].contains(name) {
                    var t = session(in: phase)
                    let before = (t.phase, t.attempt)
                    #expect(t.handle(make(t.attempt - 1)).isEmpty, "stale \(name) in \(phase)")
                    #expect(t.phase == before.0 && t.attempt == before.1)
                }
            }
        }
    }

    @Test("A refused key asks for another key; other failures end in failed, which accepts a retry") func failures() {
        var s = session(in: .reading)
        #expect(kinds(s.handle(.readFailed(attempt: s.attempt, .accessDenied("BAC refused")))) == ["failed", "access-key-needed"])
        #expect(s.phase == .waitingForKey)
        _ = s.handle(.accessKey(Self.key, source: .api, now: .now))
        #expect(kinds(s.handle(.readFailed(attempt: s.attempt, .card("6A88")))) == ["failed"])
        #expect(s.phase == .failed && s.message == "6A88")
        #expect(kinds(s.handle(.accessKey(Self.key, source: .qr, now: .now))) == ["reading", "start-read"])
        #expect(s.keySource == .qr)
        #expect(kinds(s.handle(.readFailed(attempt: s.attempt, .cardRemoved))) == ["card-removed"])
        #expect(s.phase == .idle)
    }

    @Test("A fixed key from configuration starts the read at once, and a refusal of it does not loop") func fixedKey() {
        var s = ReaderSession(reader: "R", policy: .init(fixedKey: Self.key))
        #expect(kinds(s.handle(.cardInserted(atr: Self.atr, now: .now))) == ["card-inserted", "reading", "start-read"])
        #expect(s.keySource == .configuration)
        _ = s.handle(.readFailed(attempt: s.attempt, .accessDenied("wrong CAN")))
        #expect(s.phase == .failed)
    }

    @Test("A key is remembered only when configured, only for the card UID that accepted it, until it expires") func remember() {
        let t0 = ContinuousClock.now
        let uid: [UInt8] = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]
        var withUID = Self.result
        withUID.cardUID = uid
        func startRead(_ actions: [ReaderSession.Action]) -> [UInt8]?? {
            for case .startRead(_, _, _, let only) in actions { return .some(only) }
            return .none
        }
        var s = ReaderSession(reader: "R", policy: .init(rememberFor: .seconds(60)))
        _ = s.handle(.cardInserted(atr: Self.atr, now: t0))
        _ = s.handle(.accessKey(Self.key, source: .api, now: t0))
        _ = s.handle(.readSucceeded(attempt: s.attempt, withUID, now: t0))
        _ = s.handle(.cardRemoved)
        let next = s.handle(.cardInserted(atr: Self.atr, now: t0 + .seconds(10)))
        #expect(kinds(next) == ["card-inserted", "reading", "start-read"])
        #expect(startRead(next) == .some(uid), "the remembered key may only be used on the card with its UID")
        #expect(s.keySource == .remembered)
        // Another card (the reader saw another UID): nothing was tried on it; ask for its key, keep the remembered one.
        #expect(kinds(s.handle(.readFailed(attempt: s.attempt, .otherCard))) == ["access-key-needed"])
        #expect(s.phase == .waitingForKey)
        _ = s.handle(.cardRemoved)
        #expect(kinds(s.handle(.cardInserted(atr: Self.atr, now: t0 + .seconds(11)))) == ["card-inserted", "reading", "start-read"])
        // The remembered key was refused: it is forgotten.
        _ = s.handle(.readFailed(attempt: s.attempt, .accessDenied("no")))
        _ = s.handle(.cardRemoved)
        #expect(kinds(s.handle(.cardInserted(atr: Self.atr, now: t0 + .seconds(12)))) == ["card-inserted", "access-key-needed"])
        // Expired: not used.
        var u = ReaderSession(reader: "R", policy: .init(rememberFor: .seconds(60)))
        _ = u.handle(.cardInserted(atr: Self.atr, now: t0))
        _ = u.handle(.accessKey(Self.key, source: .api, now: t0))
        _ = u.handle(.readSucceeded(attempt: u.attempt, withUID, now: t0))
        _ = u.handle(.cardRemoved)
        #expect(kinds(u.handle(.cardInserted(atr: Self.atr, now: t0 + .seconds(61)))) == ["card-inserted", "access-key-needed"])
        // A card without a stable UID (random UID, contact reader): never remembered.
        var w = ReaderSession(reader: "R", policy: .init(rememberFor: .seconds(60)))
        _ = w.handle(.cardInserted(atr: Self.atr, now: t0))
        _ = w.handle(.accessKey(Self.key, source: .api, now: t0))
        _ = w.handle(.readSucceeded(attempt: w.attempt, Self.result, now: t0))
        _ = w.handle(.cardRemoved)
        #expect(kinds(w.handle(.cardInserted(atr: Self.atr, now: t0 + .seconds(1)))) == ["card-inserted", "access-key-needed"])
        // Not configured: never remembered.
        var v = ReaderSession(reader: "R")
        _ = v.handle(.cardInserted(atr: Self.atr, now: t0))
        _ = v.handle(.accessKey(Self.key, source: .api, now: t0))
        _ = v.handle(.readSucceeded(attempt: v.attempt, withUID, now: t0))
        _ = v.handle(.cardRemoved)
        #expect(kinds(v.handle(.cardInserted(atr: Self.atr, now: t0 + .seconds(1)))) == ["card-inserted", "access-key-needed"])
    }

    @Test("Reader ids are stable slugs of the reader name") func ids() {
        #expect(ReaderSession.id(forReader: "Virtual PCD 00 00") == "virtual-pcd-00-00")
        #expect(ReaderSession.id(forReader: "ACS ACR1252 Dual Reader [ACR1252 Dual Reader PICC] 00 00") == "acs-acr1252-dual-reader-acr1252-dual-reader-picc-00-00")
        #expect(ReaderSession.id(forReader: "***") == "reader")
    }

    @Test("Access keys: QR text, ID with dates, CAN; bad input names the field") func accessKeys() throws {
        let today = try #require(LDSDateToday.value)
        let qr = "001090012345|012345678|Nguyễn Văn An|15031990|Nam|Hà Nội|10042021"
        let fromQR = try AccessKeyInput(qr: qr).accessKeys(today: today)
        #expect(fromQR.can == "012345")
        #expect(!fromQR.mrz.isEmpty && fromQR.mrz[0].documentNumber == "090012345")
        let explicit = try AccessKeyInput(idNumber: "001090012345", dateOfBirth: "900315", dateOfExpiry: ["300315"]).accessKeys(today: today)
        #expect(explicit.mrz.map(\.dateOfExpiry) == ["300315"])
        let derived = try AccessKeyInput(idNumber: "001090012345", dateOfBirth: "900315").accessKeys(today: today)
        #expect(derived.mrz.first?.dateOfBirth == "900315")
        #expect(try AccessKeyInput(can: "654321").accessKeys(today: today).mrz.isEmpty)
        #expect(AccessKeyInput(qr: "1|2|3").problems().first?.field == "qr")
        #expect(AccessKeyInput().problems().first?.field == "can")
        #expect(AccessKeyInput(idNumber: "12345").problems().first?.field == "id_number")
    }
}

import LDS
enum LDSDateToday { static let value = CalendarDate(year: 2026, month: 11, day: 27) }
