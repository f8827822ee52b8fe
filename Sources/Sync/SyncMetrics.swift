import Metrics
import Store

/// The uploader's swift-metrics instruments (backend chosen by the process, e.g. Prometheus).
struct SyncMetrics: Sendable {
    let backlog = Gauge(label: "idgate_sync_backlog")
    let deadLetters = Gauge(label: "idgate_sync_dead_letters")
    let delivered = Counter(label: "idgate_sync_delivered_total")
    let deadLettered = Counter(label: "idgate_sync_dead_lettered_total")
    let failures = Counter(label: "idgate_sync_failures_total")
    let lastSuccess = Gauge(label: "idgate_sync_last_success_timestamp_seconds")

    /// Publishes the stored status (after each batch or failure).
    func publish(_ status: SyncStatus) {
        backlog.record(status.backlog)
        deadLetters.record(status.deadLetters)
        if let lastSuccessAt = status.lastSuccessAt { lastSuccess.record(lastSuccessAt.timeIntervalSince1970) }
    }
}
