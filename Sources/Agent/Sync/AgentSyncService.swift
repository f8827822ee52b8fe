import Eligibility
import Foundation
import LicenseHealth
import Logging
import ServiceLifecycle
import Store
import Sync

/// The daemon's background work on its local database until graceful shutdown: the outbox uploader
/// (woken by each new check-in), and every `interval` the offline snapshots refreshed from the central,
/// provisional look-ups re-checked at the gateway, and the sync metrics published; retention hourly.
public struct AgentSyncService: Service {
    let database: AppDatabase
    let uploader: OutboxUploader?
    let transport: (any CentralTransport)?
    let eligibility: EligibilityService?
    let interval: Duration
    let retention: RetentionJob
    let logger: Logger

    /// `transport` nil: nothing is uploaded or downloaded (look-ups only); `eligibility` nil: no provisional re-checks.
    public init(database: AppDatabase, transport: (any CentralTransport)?, batchSize: Int = 200, eligibility: EligibilityService?,
                interval: Duration, retentionDays: Int, logger: Logger = Logger(label: "idgate.sync"))
    {
        self.database = database
        self.transport = transport
        var options = OutboxUploader.Options()
        options.batchSize = batchSize
        self.uploader = transport.map { OutboxUploader(database: database, transport: $0, options: options, logger: logger) }
        self.eligibility = eligibility
        self.interval = interval
        self.retention = RetentionJob(database: database, keep: Double(retentionDays) * 86_400, logger: logger)
        self.logger = logger
    }

    /// Starts an upload pass now (after a record was written).
    public func wake() { uploader?.wake() }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                if let uploader { group.addTask { await uploader.run() } }
                group.addTask { await retention.run() }
                group.addTask { await refreshLoop() }
                await group.waitForAll()
            }
        }
    }

    /// Snapshots, provisional re-checks and metrics, every `interval` until cancelled.
    func refreshLoop() async {
        while !Task.isCancelled {
            await refreshOnce()
            try? await Task.sleep(for: interval)
        }
    }

    /// One pass: each dataset's snapshot from the central, then the provisional queue at the gateway.
    public func refreshOnce() async {
        if let transport {
            let downloader = SnapshotDownloader(database: database, transport: transport)
            for dataset in [EligibilitySnapshotRow.dataset, CertificateSnapshotRow.dataset] where !Task.isCancelled {
                do {
                    let rows = try await downloader.update(dataset: dataset)
                    if rows > 0 { logger.info("snapshot updated", metadata: ["dataset": "\(dataset)", "rows": "\(rows)"]) }
                } catch {
                    logger.notice("snapshot not updated", metadata: ["dataset": "\(dataset)", "error": "\(error)"])
                }
            }
        }
        if let eligibility, !Task.isCancelled {
            let settled = await eligibility.reconcilePending()
            if settled > 0 { logger.info("provisional look-ups settled", metadata: ["count": "\(settled)"]) }
        }
        do { try uploader?.publishStatus() } catch { logger.error("sync status unreadable", metadata: ["error": "\(error)"]) }
    }
}
