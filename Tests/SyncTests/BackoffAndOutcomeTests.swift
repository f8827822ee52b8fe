import CentralAPI
import Foundation
import Store
@testable import Sync
import Testing

/// A deterministic generator (SplitMix64) so backoff draws are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Backoff and per-record outcomes")
struct BackoffAndOutcomeTests {
    @Test("Full-jitter delays stay within 0…min(cap, base·2^attempt) and spread over that range")
    func fullJitter() {
        let backoff = FullJitterBackoff(base: 0.5, cap: 30)
        var generator = SplitMix64(state: 42)
        for attempt in 0..<12 {
            let ceiling = min(30, 0.5 * Double(1 << attempt))
            #expect(backoff.ceiling(attempt: attempt) == ceiling)
            let draws = (0..<200).map { _ in backoff.delay(attempt: attempt, using: &generator) }
            #expect(draws.allSatisfy { $0 >= 0 && $0 <= ceiling })
            #expect(draws.min()! < ceiling * 0.2 && draws.max()! > ceiling * 0.8)
        }
        #expect(backoff.ceiling(attempt: 1_000) == 30)
    }

    @Test("HTTP statuses classify as success, transient, unauthorized or permanent refusal")
    func classify() {
        #expect(SyncError.classify(status: 201, detail: "") == nil)
        #expect(SyncError.classify(status: 408, detail: "")?.isTransient == true)
        #expect(SyncError.classify(status: 429, detail: "")?.isTransient == true)
        #expect(SyncError.classify(status: 503, detail: "")?.isTransient == true)
        #expect(SyncError.classify(status: 401, detail: "") == .unauthorized("HTTP 401: "))
        #expect(SyncError.classify(status: 422, detail: "bad") == .rejected(status: 422, detail: "bad"))
        #expect(SyncError.classify(status: 409, detail: "x")?.isTransient == false)
    }

    @Test("Answers map onto outbox outcomes; a record with no answer is retried")
    func outcomes() {
        let entries = (0..<4).map {
            OutboxEntry(seq: Int64($0), record: CounterRecord(id: "r\($0)", stream: "s", kind: "k", payload: Data()), attempts: 0)
        }
        let results = [
            RecordAnswer(idempotencyKey: "r0", status: 201, recordId: "c0"),
            RecordAnswer(idempotencyKey: "r1", status: 422, error: "unknown kind"),
            RecordAnswer(idempotencyKey: "r2", status: 503, error: "not processed"),
        ]
        let mapped = OutboxUploader.outcomes(for: entries, results: results).map(\.outcome)
        #expect(mapped[0] == .delivered(receipt: "c0"))
        #expect(mapped[1] == .deadLetter(reason: "HTTP 422: unknown kind"))
        if case .retry = mapped[2] {} else { Issue.record("503 must be retried, got \(mapped[2])") }
        if case .retry = mapped[3] {} else { Issue.record("a missing answer must be retried, got \(mapped[3])") }
    }
}
