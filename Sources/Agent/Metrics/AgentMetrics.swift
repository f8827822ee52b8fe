import CoreMetrics
import Metrics
import Prometheus

/// The agent's Prometheus metrics: reads by outcome, read duration and APDUs per read. Nothing here
/// carries personal data. `render()` gives the text exposition format served at /metrics.
public final class AgentMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Metrics in `registry` (a fresh one by default, so tests do not share counters).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["idgate_read_duration_seconds"] = [
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(5), .seconds(8), .seconds(13), .seconds(20),
        ]
        factory.valueHistogramBuckets["idgate_read_apdus"] = [10, 20, 40, 60, 80, 120, 160, 240, 320, 480]
        self.factory = factory
        // Make the series visible at zero before the first read.
        Counter(label: "idgate_reads_total", dimensions: [("outcome", "ok")], factory: factory).increment(by: 0)
    }

    /// A metrics factory writing into this registry (bootstrap `MetricsSystem` with it to export Sync's metrics too).
    public var metricsFactory: any MetricsFactory { factory }

    /// Records one finished read; duration and APDUs only for reads that completed.
    public func recordRead(outcome: String, milliseconds: Int?, apdus: Int?) {
        Counter(label: "idgate_reads_total", dimensions: [("outcome", outcome)], factory: factory).increment()
        if let milliseconds {
            Metrics.Timer(label: "idgate_read_duration_seconds", factory: factory).recordMilliseconds(milliseconds)
        }
        if let apdus {
            Recorder(label: "idgate_read_apdus", factory: factory).record(apdus)
        }
    }

    /// Counts each look-up answer by look-up, origin (gateway, central, cache, snapshot, provisional) and verdict.
    public func recordLookups(_ outcomes: [LookupOutcome]) {
        for o in outcomes {
            Counter(label: "idgate_lookups_total", dimensions: [("lookup", o.source), ("origin", o.origin ?? "none"), ("verdict", o.verdict)],
                    factory: factory).increment()
        }
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> String { registry.emitToString() }
}
