import Foundation

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
