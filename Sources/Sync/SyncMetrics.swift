import Foundation
import Metrics
import Store
import Synchronization

/// The uploader's swift-metrics instruments (backend chosen by the process, e.g. Prometheus).
final class SyncMetrics: Sendable {
    let backlog: Gauge
    let deadLetters: Gauge
    let delivered: Counter
    let deadLettered: Counter
    let failures: Counter
    let lastSuccess: Gauge
    let lag: Gauge
    // Monotonic: with the wall clock, a clock set back by an hour stopped the gauges for an hour.
    private let lastPublished = Mutex<ContinuousClock.Instant?>(nil)

    init(dimensions: [(String, String)]) {
        backlog = Gauge(label: "idgate_sync_backlog", dimensions: dimensions)
        deadLetters = Gauge(label: "idgate_sync_dead_letters", dimensions: dimensions)
        delivered = Counter(label: "idgate_sync_delivered_total", dimensions: dimensions)
        deadLettered = Counter(label: "idgate_sync_dead_lettered_total", dimensions: dimensions)
        failures = Counter(label: "idgate_sync_failures_total", dimensions: dimensions)
        lastSuccess = Gauge(label: "idgate_sync_last_success_timestamp_seconds", dimensions: dimensions)
        lag = Gauge(label: "idgate_sync_lag_seconds", dimensions: dimensions)
    }

    /// Publishes the stored status, at most once a second (counting a large backlog is not free).
    func publish(from database: AppDatabase) throws {
        let now = ContinuousClock.now
        let due = lastPublished.withLock { last -> Bool in
            if let previous = last, now - previous < .seconds(1) { return false }
            last = now
            return true
        }
        if due { publish(try database.syncStatus()) }
    }

    /// Publishes `status` now.
    func publish(_ status: SyncStatus) {
        backlog.record(status.backlog)
        deadLetters.record(status.deadLetters)
        lag.record(status.lag())
        if let lastSuccessAt = status.lastSuccessAt { lastSuccess.record(lastSuccessAt.timeIntervalSince1970) }
    }
}
