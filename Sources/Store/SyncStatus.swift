import Foundation

/// Backlog and health of the upload, for `idgate sync status` and metrics.
public struct SyncStatus: Sendable, Equatable, Codable {
    /// Records not yet accepted by the central.
    public var backlog: Int
    /// Records refused permanently.
    public var deadLetters: Int
    /// Records accepted by the central and still stored locally.
    public var delivered: Int
    /// Last time a batch was accepted.
    public var lastSuccessAt: Date?
    /// Last failure, if the last attempt failed.
    public var lastError: String?
    /// True while the central cannot be reached.
    public var offline: Bool
    /// When the oldest record still waiting was made (nil: nothing waits); now minus this is the sync lag.
    public var oldestPendingAt: Date?

    /// Seconds the oldest waiting record has waited at `now` (0 when nothing waits).
    public func lag(at now: Date = Date()) -> Double {
        oldestPendingAt.map { max(0, now.timeIntervalSince($0)) } ?? 0
    }
}
