import Foundation

/// One record sent by an agent; `idempotencyKey` makes a resend harmless (see openapi.yaml).
public struct RecordUpload: Sendable, Equatable, Codable {
    /// The agent's record id, unique for all time.
    public var idempotencyKey: String
    /// Ordering stream: the central receives a stream's records in the order they were written.
    public var stream: String
    /// Record type, e.g. `check-in`.
    public var kind: String
    public var createdAt: Date
    /// Record body (JSON), base64 on the wire.
    public var payload: Data

    public init(idempotencyKey: String, stream: String, kind: String, createdAt: Date, payload: Data) {
        self.idempotencyKey = idempotencyKey
        self.stream = stream
        self.kind = kind
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// The central's answer for one record; a replay gets the original answer with `replayed` set.
public struct RecordAnswer: Sendable, Equatable, Codable {
    public var idempotencyKey: String
    /// 201 stored (also on replay), 4xx refused for good, 5xx not processed.
    public var status: Int
    /// The central's id for the stored record.
    public var recordId: String?
    /// True when the key had been seen before.
    public var replayed: Bool?
    /// Why the record was refused.
    public var error: String?

    public init(idempotencyKey: String, status: Int, recordId: String? = nil, replayed: Bool? = nil, error: String? = nil) {
        self.idempotencyKey = idempotencyKey
        self.status = status
        self.recordId = recordId
        self.replayed = replayed
        self.error = error
    }
}

/// Body of `POST /v1/records/batch`.
public struct RecordBatch: Sendable, Codable {
    public var records: [RecordUpload]
    public init(records: [RecordUpload]) { self.records = records }
}

/// Answer to `POST /v1/records/batch`: one answer per record, in order.
public struct RecordBatchAnswer: Sendable, Codable {
    public var results: [RecordAnswer]
    public init(results: [RecordAnswer]) { self.results = results }
}
