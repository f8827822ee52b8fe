import CentralSim
import CentralTestSupport
import Foundation
import Metrics
import MetricsTestKit
import Store
import Sync
import Testing

/// One recording backend for the whole test process (swift-metrics bootstraps once).
private let recorder: TestMetrics = {
    let metrics = TestMetrics()
    MetricsSystem.bootstrap(metrics)
    return metrics
}()

@Suite("Sync metrics")
struct MetricsTests {
    @Test("Delivered and dead-lettered counts and the backlog gauge follow a drain", arguments: testedBackends)
    func metrics(backend: CentralStorageKind) async throws {
        let metrics = recorder
        let harness = try await SyncHarness(backend)
        defer { harness.remove() }
        let running = try await harness.central.startInBackground()
        var records = harness.records(12)
        records[5].kind = "bogus"
        try await harness.database.enqueue(records)
        let dimensions = [("kiosk", UUID().uuidString)]
        var options = quickOptions(batchSize: 5)
        options.metricsDimensions = dimensions
        let report = try await OutboxUploader(database: harness.database, transport: harness.client(running), options: options).drain()
        await running.stop()
        await harness.close()
        #expect(report.delivered == 11)
        #expect(metrics.counterTotal(label: "idgate_sync_delivered_total", dimensions: dimensions) == 11)
        #expect(metrics.counterTotal(label: "idgate_sync_dead_lettered_total", dimensions: dimensions) == 1)
        #expect(try metrics.expectGauge("idgate_sync_backlog", dimensions).lastValue == 0)
        #expect(try metrics.expectGauge("idgate_sync_dead_letters", dimensions).lastValue == 1)
    }
}
