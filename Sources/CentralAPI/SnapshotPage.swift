import Foundation

/// One row of a reference dataset export (eligibility, health-check certificates).
public struct SnapshotEntry: Sendable, Equatable, Codable {
    /// Look-up key, e.g. the 12-digit ID number.
    public var key: String
    /// Row body (JSON), base64 on the wire.
    public var body: Data
    /// True when the row was removed.
    public var deleted: Bool

    public init(key: String, body: Data, deleted: Bool = false) {
        self.key = key
        self.body = body
        self.deleted = deleted
    }
}

/// Answer to `GET /v1/snapshots/{dataset}?since=`: rows after the cursor, and where to resume.
public struct SnapshotPage: Sendable, Equatable, Codable {
    public var rows: [SnapshotEntry]
    /// Cursor to pass as `since` for the next page.
    public var nextCursor: String
    /// True if more rows follow.
    public var hasMore: Bool

    public init(rows: [SnapshotEntry], nextCursor: String, hasMore: Bool) {
        self.rows = rows
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }
}

/// JSON as the central and the agents write it: ISO 8601 dates, sorted keys.
public enum CentralJSON {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
