import EMRTD
import Synchronization

/// What the agent has learned about each reader during this run: the largest READ BINARY chunk it carried
/// (a reader whose firmware refuses long responses, answered 6700/6B00/6282 once, starts the next read at
/// the size that worked instead of failing again), and which readers configuration marks short-APDU only.
public final class ReaderProfiles: Sendable {
    private let learned = Mutex<[String: Int]>([:])
    /// Reader name substrings that get short APDUs only (`readers.short_apdus_for`).
    public let shortOnly: [String]

    public init(shortOnly: [String] = []) { self.shortOnly = shortOnly }

    /// True when `reader` must not be sent extended-length APDUs.
    public func isShortOnly(_ reader: String) -> Bool { shortOnly.contains { reader.contains($0) } }

    /// The chunk size to start from on `reader`, nil when nothing was learned.
    public func chunkLimit(for reader: String) -> Int? { learned.withLock { $0[reader] } }

    /// Keeps `limit` for `reader` when a read had to go below the default.
    public func note(chunkLimit limit: Int, for reader: String, default standard: Int) {
        guard limit < standard else { return }
        learned.withLock { $0[reader] = min($0[reader] ?? standard, limit) }
    }
}
