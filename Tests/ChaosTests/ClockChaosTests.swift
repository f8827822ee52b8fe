import ChaosSupport
import Eligibility
import Foundation
import Logging
import Store
import Sync
import Testing

/// A gateway that never answers: every look-up goes offline.
struct UnreachableGateway: InsuranceGateway {
    func checkCard(_ query: EligibilityQuery) async throws(EligibilityError) -> CardCheckAnswer {
        throw .gatewayUnreachable("chaos: the gateway is down")
    }
}

@Suite("Chaos: the wall clock jumps backwards and forwards", .serialized)
struct ClockChaosTests {
    static let day: TimeInterval = 86_400

    @Test("Records stamped by a clock jumping back and forth all reach the central once, in the order written; retention under a jumped clock keeps every undelivered record")
    func storeAndSync() async throws {
        var tally = ChaosTally("clock-jump-store-sync")
        let central = try await ChaosCentral()
        let folder = try ChaosFolder("clock")
        defer { folder.remove() }
        let database = try AppDatabase(path: folder.path("agent.sqlite"), keyring: .generate())
        let uploader = OutboxUploader(database: database, transport: central.client(timeout: 2), options: chaosUploaderOptions(), logger: quietSyncLogger())
        var random = SplitMix64(seed: SplitMix64.runSeed)
        let count = ChaosScale.pick(short: 200, full: 5_000)
        var local: [String] = []
        var clock = Date()
        for i in 0..<count {
            // Jumps of up to ten years either way, and small steps between them.
            if Int.random(in: 0..<10, using: &random) == 0 {
                clock += Double(Int.random(in: -3_650...3_650, using: &random)) * Self.day
            } else {
                clock += Double.random(in: 0...5, using: &random)
            }
            let id = "clock-\(i)"
            try database.enqueue(CounterRecord(id: id, stream: "counter-\(i % 4)", kind: "check-in", createdAt: clock, payload: Data("\(i)".utf8)))
            local.append(id)
            tally.runs += 1
            // Retention run by a clock ten years ahead or behind, with the central unreachable half the time.
            if i % 50 == 25 {
                let now = Date() + Double(Int.random(in: -3_650...3_650, using: &random)) * Self.day
                let before = try database.syncStatus().backlog
                _ = try database.runRetention(olderThan: 30 * Self.day, now: now)
                let after = try database.syncStatus().backlog
                // Pending records are never deleted, whatever the clock says; delivered ones may go.
                if after != before { tally.lost += before - after }
            }
            if i % 30 == 29 { _ = try await uploader.drain() }
        }
        while try database.syncStatus().backlog > 0 { _ = try await uploader.drain() }
        try await central.audit(local: local, streams: 4, into: &tally)
        await central.stop()
        tally.report()
    }

    @Test("A cached look-up stored under a clock that later jumped back is not served as fresher than it can be known to be")
    func cacheAfterBackwardJump() async throws {
        var tally = ChaosTally("clock-jump-lookup-cache")
        let query = try EligibilityQuery(idNumber: "001099012345", name: "Nguyễn Văn An", birthDate: "01/01/1990")
        let coverage = EligibilityVerdict.Coverage(card: nil, validFrom: nil, validTo: nil, primaryCareFacility: nil)
        for jumpDays in ChaosScale.pick(short: [1, 3, 30], full: [1, 2, 3, 7, 30, 365, 3_650]) {
            tally.runs += 1
            let cache = InMemoryEligibilityCache()
            let now = Date()
            // Cached while the clock read `jumpDays` later than it does now (the clock has since jumped back).
            await cache.store(.eligible(coverage), for: query, at: now + Double(jumpDays) * Self.day)
            let service = EligibilityService(
                gateway: UnreachableGateway(), cache: cache, snapshot: InMemoryEligibilitySnapshot(takenOn: GatewayDate(now)),
                queue: InMemoryProvisionalQueue(), policy: .init(answerBudget: .milliseconds(200), cacheMaxAge: Self.day), now: { now })
            let answer = await service.lookUp(query)
            if case .cache(let age) = answer.source, age < 0 {
                tally.fail("a \(jumpDays)-day backward jump: answered from the cache with age \(Int(age)) s (a negative age passes every max-age check)")
            }
        }
        tally.report()
    }
}
