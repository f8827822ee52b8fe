import Foundation
import Logging

/// Answers look-ups within a short budget: the gateway if it answers in time, otherwise the
/// cache, the snapshot, or a provisional "verify later" answer; late gateway answers are still
/// recorded, and provisional ones are re-checked by `reconcilePending()` / `runReconciliation`.
public actor EligibilityService {
    /// Timing rules.
    public struct Policy: Sendable {
        /// How long the counter waits for the gateway before answering offline.
        public var answerBudget: Duration
        /// Oldest cache entry still used.
        public var cacheMaxAge: TimeInterval
        public init(answerBudget: Duration = .milliseconds(1500), cacheMaxAge: TimeInterval = 24 * 3600) {
            self.answerBudget = answerBudget
            self.cacheMaxAge = cacheMaxAge
        }
    }

    private let gateway: any InsuranceGateway
    private let cache: any EligibilityCache
    private let snapshot: any EligibilitySnapshot
    private let queue: any ProvisionalQueue
    private let policy: Policy
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var background: [UUID: Task<Void, Never>] = [:]

    public init(
        gateway: any InsuranceGateway, cache: any EligibilityCache, snapshot: any EligibilitySnapshot,
        queue: any ProvisionalQueue, policy: Policy = Policy(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "idgate.eligibility")
    ) {
        self.gateway = gateway
        self.cache = cache
        self.snapshot = snapshot
        self.queue = queue
        self.policy = policy
        self.now = now
        self.logger = logger
    }

    /// Answers `query` within the answer budget, saying where the answer came from.
    public func lookUp(_ query: EligibilityQuery) async -> EligibilityAnswer {
        let id = UUID()
        let (results, sink) = AsyncStream.makeStream(of: Result<CardCheckAnswer, EligibilityError>.self)
        let gateway = self.gateway
        background[id] = Task {
            let result: Result<CardCheckAnswer, EligibilityError>
            do throws(EligibilityError) { result = .success(try await gateway.checkCard(query)) } catch { result = .failure(error) }
            sink.yield(result)
            sink.finish()
            await self.record(result, for: query, task: id)
        }
        let timer = Task {
            try? await Task.sleep(for: policy.answerBudget)
            sink.finish()
        }
        var first: Result<CardCheckAnswer, EligibilityError>?
        for await r in results {
            first = r
            break
        }
        timer.cancel()
        let offlineReason: String
        switch first {
        case .success(let answer):
            let verdict = EligibilityVerdict(answer: answer)
            if verdict.isDefinitive { return EligibilityAnswer(verdict: verdict, source: .gateway, answeredAt: now()) }
            offlineReason = verdict.summary
        case .failure(let error): offlineReason = error.description
        case nil: offlineReason = "the gateway did not answer within \(policy.answerBudget)"
        }
        return await answerOffline(query, reason: offlineReason)
    }

    /// Re-checks every provisional look-up against the gateway; returns how many were settled.
    /// Stops at the first look-up the gateway cannot answer (it is still down).
    @discardableResult
    public func reconcilePending() async -> Int {
        var settled = 0
        for p in await queue.pending() {
            do {
                let verdict = EligibilityVerdict(answer: try await gateway.checkCard(p.query))
                guard verdict.isDefinitive else { break }
                await cache.store(verdict, for: p.query, at: now())
                await queue.resolve(p.id, with: verdict, at: now())
                settled += 1
                logger.info("provisional look-up settled", metadata: ["subject": "\(p.query.maskedSubject)", "verdict": "\(verdict.summary)"])
            } catch {
                break
            }
        }
        return settled
    }

    /// Calls `reconcilePending()` every `interval` until the task is cancelled.
    public func runReconciliation(every interval: Duration) async {
        while !Task.isCancelled {
            if await !queue.pending().isEmpty { await reconcilePending() }
            try? await Task.sleep(for: interval)
        }
    }

    /// Waits until the online calls that outlived their budget have finished (tests, shutdown).
    public func waitForBackgroundCalls() async {
        while let (_, task) = background.first {
            await task.value
        }
    }

    /// Cancels online calls still running.
    public func cancelBackgroundCalls() {
        for task in background.values { task.cancel() }
    }

    private func record(_ result: Result<CardCheckAnswer, EligibilityError>, for query: EligibilityQuery, task: UUID) async {
        defer { background[task] = nil }
        guard case .success(let answer) = result else { return }
        let verdict = EligibilityVerdict(answer: answer)
        guard verdict.isDefinitive else { return }
        await cache.store(verdict, for: query, at: now())
        for p in await queue.pending() where p.query.cacheKey == query.cacheKey {
            await queue.resolve(p.id, with: verdict, at: now())
        }
    }

    private func answerOffline(_ query: EligibilityQuery, reason: String) async -> EligibilityAnswer {
        let t = now()
        // An answer "from the future" (the clock was set back since) is not fresh: its age is unknown.
        if let hit = await cache.lookup(query), (0...policy.cacheMaxAge).contains(t.timeIntervalSince(hit.storedAt)) {
            return EligibilityAnswer(verdict: hit.verdict, source: .cache(age: t.timeIntervalSince(hit.storedAt)), answeredAt: t, offlineReason: reason)
        }
        if let hit = await snapshot.lookup(query) {
            let verdict = hit.entry.verdict(for: query, today: GatewayDate(t))
            return EligibilityAnswer(verdict: verdict, source: .snapshot(date: hit.takenOn), answeredAt: t, offlineReason: reason)
        }
        let ticket = await queue.enqueue(query, at: t)
        logger.info("answered provisionally", metadata: ["subject": "\(query.maskedSubject)", "reason": "\(reason)"])
        return EligibilityAnswer(verdict: .pendingVerification, source: .provisional(ticket: ticket.id), answeredAt: t, offlineReason: reason)
    }
}
