import Foundation

/// One record made at the counter (check-in, look-up result, certificate); `payload` holds personal data.
public struct CounterRecord: Sendable, Equatable, Codable {
    /// Globally unique id, also the upload's `Idempotency-Key`.
    public var id: String
    /// Ordering stream: records of one stream reach the central in the order they were written.
    public var stream: String
    /// Record type, e.g. `check-in`.
    public var kind: String
    /// When the record was made.
    public var createdAt: Date
    /// The record body (JSON); encrypted at rest.
    public var payload: Data

    public init(id: String = UUID().uuidString.lowercased(), stream: String, kind: String,
                createdAt: Date = Date(), payload: Data) {
        self.id = id
        self.stream = stream
        self.kind = kind
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// Where an outbox entry stands.
public enum OutboxState: String, Sendable, Codable {
    /// Waiting to be uploaded.
    case pending
    /// Accepted by the central.
    case delivered
    /// Rejected permanently by the central; kept with the reason until retried.
    case deadLetter = "dead"
}

/// A record waiting in the outbox, in upload order.
public struct OutboxEntry: Sendable, Equatable {
    /// Position in the outbox; upload order.
    public let seq: Int64
    /// The record, decrypted.
    public let record: CounterRecord
    /// Upload attempts so far.
    public let attempts: Int

    public init(seq: Int64, record: CounterRecord, attempts: Int) {
        self.seq = seq
        self.record = record
        self.attempts = attempts
    }
}

/// A record the central refused permanently.
public struct DeadLetter: Sendable, Equatable, Codable {
    public let seq: Int64
    public let recordID: String
    public let stream: String
    public let kind: String
    /// The central's reason, kept verbatim.
    public let reason: String
    public let attempts: Int
    public let updatedAt: Date?
}

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
}
