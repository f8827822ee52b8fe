import Eligibility
import Foundation
import InsuranceGatewaySim
import Testing

@Suite("Offline answers: budget, cache, snapshot, provisional and reconciliation", .serialized)
struct OfflineLookupTests {
    struct Offline {
        let cache = InMemoryEligibilityCache()
        let snapshot: InMemoryEligibilitySnapshot
        let queue = InMemoryProvisionalQueue()
        let service: EligibilityService
        let snapshotDate: GatewayDate

        init(gateway: any InsuranceGateway, snapshotEntries: [SnapshotEntry], budget: Duration = .milliseconds(1500)) throws {
            snapshotDate = try GatewayDate(year: 2026, month: 11, day: 20)
            snapshot = InMemoryEligibilitySnapshot(takenOn: snapshotDate, entries: snapshotEntries)
            service = EligibilityService(gateway: gateway, cache: cache, snapshot: snapshot, queue: queue, policy: .init(answerBudget: budget))
        }
    }

    static func entry(for p: SeededPerson) throws -> SnapshotEntry {
        SnapshotEntry(
            idNumber: p.idNumber, card: try CardCode(p.cardCode), name: try PersonName(p.name),
            birthDate: try BirthDate(parsing: p.birthDate), resultCode: p.resultCode,
            coverage: .init(card: try CardCode(p.cardCode), validFrom: try GatewayDate(parsing: p.validFrom), validTo: try GatewayDate(parsing: p.validTo), primaryCareFacility: p.facility))
    }

    @Test("gateway down: cache, then snapshot with its date, then provisional; reconciled without asking when it is back")
    func downAndBack() async throws {
        let g = try await GatewayFixture.start()
        let people = await g.simulator.people
        let cached = try #require(people.first { $0.resultCode == "000" })
        let inSnapshot = try #require(people.first { $0.resultCode == "001" })
        let unknown = try #require(people.first { $0.resultCode == "004" })
        // A budget far above any real answer time: this test is about the sources, not the budget,
        // and a loaded machine must not turn the expected live answers into cached ones.
        let o = try Offline(gateway: g.client(transport: URLSessionTransport(timeout: 5)), snapshotEntries: [try Self.entry(for: inSnapshot)],
                            budget: .seconds(30))
        let qCached = try EligibilityQuery(idNumber: cached.idNumber, name: cached.name, birthDate: cached.birthDate)
        let qSnap = try EligibilityQuery(idNumber: inSnapshot.idNumber, name: inSnapshot.name, birthDate: inSnapshot.birthDate)
        let qNone = try EligibilityQuery(idNumber: unknown.idNumber, name: unknown.name, birthDate: unknown.birthDate)

        let live = await o.service.lookUp(qCached)
        #expect(live.source == .gateway)
        #expect(live.verdict.isEligible)

        await g.server.stop()
        let fromCache = await o.service.lookUp(qCached)
        guard case .cache(let age) = fromCache.source else { Issue.record("expected cache, got \(fromCache.source)"); return }
        #expect(age >= 0 && age < 60)
        #expect(fromCache.verdict == live.verdict)
        #expect(fromCache.offlineReason != nil)

        let fromSnapshot = await o.service.lookUp(qSnap)
        #expect(fromSnapshot.source == .snapshot(date: o.snapshotDate))
        #expect(fromSnapshot.verdict.isEligible)

        let provisional = await o.service.lookUp(qNone)
        #expect(provisional.verdict == .pendingVerification)
        guard case .provisional(let ticket) = provisional.source else { Issue.record("expected provisional"); return }
        #expect(await o.queue.pending().map(\.id) == [ticket])
        #expect(await o.service.reconcilePending() == 0, "nothing settles while the gateway is down")

        let reconciler = Task { await o.service.runReconciliation(every: .milliseconds(100)) }
        defer { reconciler.cancel() }
        try await g.server.start()
        var resolutions: [Reconciliation] = []
        for _ in 0..<100 where resolutions.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            resolutions = await o.queue.resolutions()
        }
        let settled = try #require(resolutions.first)
        #expect(settled.lookup.id == ticket)
        guard case .eligibleWithNewCard(_, let new, _) = settled.verdict else { Issue.record("got \(settled.verdict)"); return }
        #expect(new.card != nil)
        #expect(await o.queue.pending().isEmpty)
        let afterwards = await o.service.lookUp(qNone)
        #expect(afterwards.source == .gateway)
        await g.stop()
    }

    @Test("a slow gateway is answered offline after the budget, and its late answer is recorded")
    func budget() async throws {
        let g = try await GatewayFixture.start()
        let p = try #require(await g.simulator.people.first { $0.resultCode == "000" })
        let o = try Offline(gateway: g.client(), snapshotEntries: [], budget: .milliseconds(300))
        let q = try EligibilityQuery(idNumber: p.idNumber, name: p.name, birthDate: p.birthDate)
        await g.simulator.setLatency(.seconds(2))
        // The gateway would answer "eligible" after 2 s; a provisional answer proves the
        // look-up returned at the budget without waiting for it (no wall-clock assertion).
        let first = await o.service.lookUp(q)
        #expect(first.verdict == .pendingVerification)
        await o.service.waitForBackgroundCalls()
        let settled = await o.queue.resolutions()
        #expect(settled.count == 1, "the late gateway answer settles the provisional one")
        #expect(settled.first?.verdict.isEligible == true)
        let second = await o.service.lookUp(q)
        guard case .cache = second.source else { Issue.record("expected cache, got \(second.source)"); return }
        await o.service.waitForBackgroundCalls()
        await g.stop()
    }

    @Test("a gateway error code (500) is answered from the snapshot, looked up by card code, with the reason")
    func gatewayErrorFallsBack() async throws {
        let g = try await GatewayFixture.start()
        let p = try #require(await g.simulator.people.first { $0.resultCode == "500" })
        var healthy = p
        healthy.resultCode = "000"
        let o = try Offline(gateway: g.client(), snapshotEntries: [try Self.entry(for: healthy)])
        let answer = await o.service.lookUp(try EligibilityQuery(cardCode: p.cardCode, name: p.name, birthDate: p.birthDate))
        #expect(answer.source == .snapshot(date: o.snapshotDate))
        #expect(answer.verdict.isEligible)
        #expect(answer.offlineReason?.contains("500") == true)
        #expect(await o.queue.pending().isEmpty)
        await g.stop()
    }

    @Test("a snapshot entry past its validity answers 010, a name mismatch 060, from the snapshot")
    func snapshotRules() async throws {
        var p = SeededPerson.seeded(today: GatewayDate(Date()))[0]
        p.validTo = "31/12/2020"
        let entry = try Self.entry(for: p)
        let q = try EligibilityQuery(idNumber: p.idNumber, name: p.name, birthDate: p.birthDate)
        #expect(entry.verdict(for: q, today: GatewayDate(Date())) == .notEligible(ResultCode("010")))
        let wrongName = try EligibilityQuery(idNumber: p.idNumber, name: "AI ĐÓ", birthDate: p.birthDate)
        #expect(entry.verdict(for: wrongName, today: GatewayDate(Date())) == .inputWrong(field: .name, code: ResultCode("060")))
        let nfd = try EligibilityQuery(idNumber: p.idNumber, name: p.name.decomposedStringWithCanonicalMapping.lowercased(), birthDate: p.birthDate)
        #expect(entry.verdict(for: nfd, today: try GatewayDate(year: 2020, month: 6, day: 1)).isEligible)
    }
}
