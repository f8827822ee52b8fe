import Foundation
import Logging
import Store

/// `ProvisionalQueue` in the agent's database: survives restarts; each settlement is recorded
/// locally and, in the same transaction, queued in the outbox for the central (kind `lookup`).
public struct StoredProvisionalQueue: ProvisionalQueue {
    /// What the outbox record of a settlement carries.
    public struct SettlementRecord: Sendable, Codable, Equatable {
        public var ticket: UUID
        public var query: EligibilityQuery
        public var verdict: EligibilityVerdict
        public var askedAt: Date
        public var resolvedAt: Date
    }

    private let database: AppDatabase
    private let stream: String?
    private let logger: Logger

    /// A queue in `database`; settlements go to the outbox on `stream` (nil: recorded locally only).
    public init(database: AppDatabase, outboxStream: String? = "eligibility", logger: Logger = Logger(label: "idgate.eligibility.queue")) {
        self.database = database
        self.stream = outboxStream
        self.logger = logger
    }

    public func enqueue(_ query: EligibilityQuery, at date: Date) async -> ProvisionalLookup {
        let fresh = ProvisionalLookup(query: query, createdAt: date)
        do {
            let stored = try await database.enqueueProvisional(
                key: query.storageKey, body: try Self.encoder.encode(query), at: date, id: fresh.id.uuidString.lowercased())
            return try Self.lookup(stored)
        } catch {
            // The counter still gets a provisional answer; it is not re-checked automatically.
            logger.error("cannot queue the look-up; it will not be re-checked", metadata: ["subject": "\(query.maskedSubject)", "error": "\(error)"])
            return fresh
        }
    }

    public func pending() async -> [ProvisionalLookup] {
        do {
            return try await database.pendingProvisional().compactMap { try? Self.lookup($0) }
        } catch {
            logger.error("cannot read the provisional queue", metadata: ["error": "\(error)"])
            return []
        }
    }

    public func resolve(_ id: UUID, with verdict: EligibilityVerdict, at date: Date) async {
        do {
            let pending = try await database.pendingProvisional().compactMap { try? Self.lookup($0) }
            guard let lookup = pending.first(where: { $0.id == id }) else { return }
            let record = try stream.map { stream in
                CounterRecord(stream: stream, kind: "lookup", createdAt: date, payload: try Self.encoder.encode(
                    SettlementRecord(ticket: id, query: lookup.query, verdict: verdict, askedAt: lookup.createdAt, resolvedAt: date)))
            }
            try await database.resolveProvisional(id: id.uuidString.lowercased(), result: try Self.encoder.encode(verdict), at: date, record: record)
        } catch {
            logger.error("cannot record the settled look-up", metadata: ["error": "\(error)"])
        }
    }

    public func resolutions() async -> [Reconciliation] {
        do {
            return try await database.resolvedProvisional().compactMap { entry in
                guard let result = entry.result, let at = entry.resolvedAt else { return nil }
                return Reconciliation(lookup: try Self.lookup(entry), verdict: try Self.decoder.decode(EligibilityVerdict.self, from: result), resolvedAt: at)
            }
        } catch {
            logger.error("cannot read settled look-ups", metadata: ["error": "\(error)"])
            return []
        }
    }

    static func lookup(_ entry: ProvisionalEntry) throws -> ProvisionalLookup {
        guard let id = UUID(uuidString: entry.id) else { throw EligibilityError.malformedAnswer("provisional ticket \(entry.id) is not a UUID") }
        return ProvisionalLookup(id: id, query: try decoder.decode(EligibilityQuery.self, from: entry.body), createdAt: entry.createdAt)
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
