import Foundation
import Logging

/// Deletes personal data older than the configured period, once at start and then on a fixed interval.
public struct RetentionJob: Sendable {
    private let database: AppDatabase
    private let period: TimeInterval
    private let interval: Duration
    private let logger: Logger

    /// A job keeping `period` seconds of records, checking every `interval`.
    public init(database: AppDatabase, keep period: TimeInterval, every interval: Duration = .seconds(3_600),
                logger: Logger = Logger(label: "idgate.retention")) {
        self.database = database
        self.period = period
        self.interval = interval
        self.logger = logger
    }

    /// Runs until the task is cancelled; a failed run is logged and retried at the next interval.
    public func run() async {
        while !Task.isCancelled {
            do {
                let report = try database.runRetention(olderThan: period)
                if report.deletedRecords > 0 || report.keptUndelivered > 0 || report.deletedLookups > 0 {
                    logger.info("retention", metadata: ["deleted": "\(report.deletedRecords)", "keptUndelivered": "\(report.keptUndelivered)",
                                                        "deletedLookups": "\(report.deletedLookups)"])
                }
            } catch {
                logger.error("retention failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
