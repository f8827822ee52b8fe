import CentralAPI
import Foundation
import Logging
import Store

/// Sends the outbox to the central in batches, in outbox order, until it is empty.
///
/// Transient failures (no connection, 5xx, 408, 429, timeouts) leave records queued and back off
/// with full jitter; a record the central refuses for good becomes a dead letter with the reason.
public final class OutboxUploader: Sendable {
    /// Tuning for batching and retries.
    public struct Options: Sendable {
        /// Records per request.
        public var batchSize = 200
        /// Backoff after consecutive failures.
        public var backoff = FullJitterBackoff()
        /// How often an idle uploader looks for new records without being woken.
        public var idlePoll: Double = 5
        /// Dimensions added to every metric (e.g. `[("kiosk", "counter-3")]`).
        public var metricsDimensions: [(String, String)] = []
        public init() {}
    }

    /// What one `drain` pass did.
    public struct DrainReport: Sendable, Equatable {
        public var delivered = 0
        public var deadLettered = 0
        public var batches = 0
        /// The failure that stopped the pass, if the outbox is not empty.
        public var failure: SyncError?
    }

    private let database: AppDatabase
    private let transport: any CentralTransport
    private let options: Options
    private let doorbell = Doorbell()
    private let metrics: SyncMetrics
    private let logger: Logger

    public init(database: AppDatabase, transport: any CentralTransport, options: Options = Options(),
                logger: Logger = Logger(label: "idgate.sync")) {
        self.database = database
        self.transport = transport
        self.options = options
        self.logger = logger
        self.metrics = SyncMetrics(dimensions: options.metricsDimensions)
    }

    /// Publishes the stored backlog, dead letters and lag to the metrics now.
    public func publishStatus() throws {
        metrics.publish(try database.syncStatus())
    }

    /// Asks a running uploader to start a pass now (e.g. after a record was written).
    public func wake() { doorbell.ring() }

    /// Uploads until the outbox is empty or a transient failure stops the pass.
    public func drain() async throws -> DrainReport {
        var report = DrainReport()
        var batchSize = options.batchSize
        while !Task.isCancelled {
            let entries = try await database.pendingBatch(limit: batchSize)
            if entries.isEmpty {
                metrics.publish(try database.syncStatus())
                return report
            }
            report.batches += 1
            let items = entries.map {
                RecordUpload(idempotencyKey: $0.record.id, stream: $0.record.stream, kind: $0.record.kind,
                           createdAt: $0.record.createdAt, payload: $0.record.payload)
            }
            let results: [RecordAnswer]
            do {
                results = try await transport.upload(items)
            } catch {
                if case .rejected(let status, let detail) = error {
                    // A whole batch refused: narrow to one record to find the bad one; it alone is dead-lettered.
                    if entries.count > 1 { batchSize = 1; continue }
                    try await database.settle([(entries[0].seq, .deadLetter(reason: "HTTP \(status): \(detail)"))])
                    report.deadLettered += 1
                    metrics.deadLettered.increment()
                    batchSize = options.batchSize
                    continue
                }
                try await database.noteSyncFailure(error.description, offline: error.isUnreachable)
                metrics.failures.increment()
                try metrics.publish(from: database)
                report.failure = error
                return report
            }
            let outcomes = Self.outcomes(for: entries, results: results)
            try await database.settle(outcomes)
            for (_, outcome) in outcomes {
                switch outcome {
                case .delivered: report.delivered += 1; metrics.delivered.increment()
                case .deadLetter: report.deadLettered += 1; metrics.deadLettered.increment()
                case .retry: break
                }
            }
            try metrics.publish(from: database)
            if let retry = outcomes.first(where: { if case .retry = $0.outcome { true } else { false } }),
               case .retry(let reason) = retry.outcome {
                report.failure = .transient(status: 503, detail: reason)
                return report
            }
        }
        return report
    }

    /// Maps the central's per-record answers onto outbox outcomes; a missing answer means retry.
    static func outcomes(for entries: [OutboxEntry], results: [RecordAnswer]) -> [(seq: Int64, outcome: AppDatabase.UploadOutcome)] {
        var byKey: [String: RecordAnswer] = [:]
        for result in results { byKey[result.idempotencyKey] = result }
        return entries.map { entry in
            guard let result = byKey[entry.record.id] else { return (entry.seq, .retry(reason: "no answer for this record")) }
            switch SyncError.classify(status: result.status, detail: result.error ?? "") {
            case nil:
                return (entry.seq, .delivered(receipt: result.recordId ?? ""))
            case .rejected(let status, let detail)?:
                return (entry.seq, .deadLetter(reason: "HTTP \(status): \(detail)"))
            case let other?:
                return (entry.seq, .retry(reason: other.description))
            }
        }
    }

    /// Runs until cancelled: drains, backs off after failures, sleeps when idle until woken.
    public func run() async {
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        while !Task.isCancelled {
            do {
                let report = try await drain()
                if let failure = report.failure {
                    let delay = options.backoff.delay(attempt: failures, using: &generator)
                    failures += 1
                    logger.notice("sync paused", metadata: ["reason": "\(failure)", "retryIn": "\(delay)"])
                    await doorbell.wait(timeout: delay)
                } else {
                    failures = 0
                    await doorbell.wait(timeout: options.idlePoll)
                }
            } catch {
                // Cancelled while reading the outbox (GRDB throws CancellationError): stopping, not a store failure.
                if Task.isCancelled { return }
                // The local store failed (disk full, damaged file): say so and retry slowly.
                logger.error("sync cannot read the outbox", metadata: ["error": "\(error)"])
                failures += 1
                await doorbell.wait(timeout: options.backoff.ceiling(attempt: failures))
            }
        }
    }
}

extension SyncError {
    var isUnreachable: Bool {
        if case .unreachable = self { true } else { false }
    }
}
