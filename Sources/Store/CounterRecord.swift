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
