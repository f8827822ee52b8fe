import Foundation

/// One record as uploaded to `POST /v1/records/batch` (see the central's openapi.yaml).
public struct UploadItem: Sendable, Equatable, Codable {
    public var idempotencyKey: String
    public var stream: String
    public var kind: String
    public var createdAt: Date
    public var payload: Data

    public init(idempotencyKey: String, stream: String, kind: String, createdAt: Date, payload: Data) {
        self.idempotencyKey = idempotencyKey
        self.stream = stream
        self.kind = kind
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// The central's answer for one uploaded record.
public struct UploadResult: Sendable, Equatable, Codable {
    public var idempotencyKey: String
    /// HTTP-like status for this record: 201 created, 200 replay, 4xx refused, 5xx/503 not processed.
    public var status: Int
    /// The central's id for the record when accepted.
    public var recordId: String?
    /// True when the key had been seen and the original answer is returned.
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

struct UploadBatch: Codable {
    var records: [UploadItem]
}

struct UploadBatchResponse: Codable {
    var results: [UploadResult]
}

/// One page of a snapshot export: rows after `since`, and where to resume.
public struct SnapshotPage: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var key: String
        public var body: Data
        public var deleted: Bool
    }
    public var rows: [Row]
    /// Cursor to pass as `since` for the next page.
    public var nextCursor: String
    /// True if more rows follow.
    public var hasMore: Bool
}

enum Wire {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
