import Foundation

/// In-memory `EligibilityCache` (tests; the agent uses `StoredEligibilityCache`).
public actor InMemoryEligibilityCache: EligibilityCache {
    private var entries: [EligibilityQuery: (EligibilityVerdict, Date)] = [:]
    public init() {}
    public func store(_ verdict: EligibilityVerdict, for query: EligibilityQuery, at date: Date) {
        entries[query.cacheKey] = (verdict, date)
    }
    public func lookup(_ query: EligibilityQuery) -> (verdict: EligibilityVerdict, storedAt: Date)? {
        entries[query.cacheKey].map { (verdict: $0.0, storedAt: $0.1) }
    }
}

/// In-memory `EligibilitySnapshot` indexed by ID number and card code.
public actor InMemoryEligibilitySnapshot: EligibilitySnapshot {
    private var byID: [String: SnapshotEntry] = [:]
    private var byCard: [String: SnapshotEntry] = [:]
    private var takenOn: GatewayDate

    /// A snapshot taken on `takenOn` holding `entries`.
    public init(takenOn: GatewayDate, entries: [SnapshotEntry] = []) {
        self.takenOn = takenOn
        for e in entries { Self.index(e, byID: &byID, byCard: &byCard) }
    }

    /// Replaces the content with a newer snapshot.
    public func replace(takenOn: GatewayDate, entries: [SnapshotEntry]) {
        self.takenOn = takenOn
        byID = [:]
        byCard = [:]
        for e in entries { Self.index(e, byID: &byID, byCard: &byCard) }
    }

    public func lookup(_ query: EligibilityQuery) -> (entry: SnapshotEntry, takenOn: GatewayDate)? {
        let hit: SnapshotEntry? = switch query.subject {
        case .idNumber(let id): byID[id]
        case .card(let c): byCard[c.value]
        }
        return hit.map { (entry: $0, takenOn: takenOn) }
    }

    private static func index(_ e: SnapshotEntry, byID: inout [String: SnapshotEntry], byCard: inout [String: SnapshotEntry]) {
        if let id = e.idNumber { byID[id] = e }
        if let c = e.card { byCard[c.value] = e }
    }
}

/// In-memory `ProvisionalQueue` (tests; the agent uses the durable `StoredProvisionalQueue`).
public actor InMemoryProvisionalQueue: ProvisionalQueue {
    private var waiting: [ProvisionalLookup] = []
    private var done: [Reconciliation] = []
    public init() {}

    public func enqueue(_ query: EligibilityQuery, at date: Date) -> ProvisionalLookup {
        if let existing = waiting.first(where: { $0.query.cacheKey == query.cacheKey }) { return existing }
        let p = ProvisionalLookup(query: query, createdAt: date)
        waiting.append(p)
        return p
    }
    public func pending() -> [ProvisionalLookup] { waiting }
    public func resolve(_ id: UUID, with verdict: EligibilityVerdict, at date: Date) {
        guard let i = waiting.firstIndex(where: { $0.id == id }) else { return }
        done.append(Reconciliation(lookup: waiting.remove(at: i), verdict: verdict, resolvedAt: date))
    }
    public func resolutions() -> [Reconciliation] { done }
}

extension EligibilityQuery {
    /// The query with the name reduced to its comparison key, so case and spacing do not split the cache.
    var cacheKey: EligibilityQuery {
        var q = self
        if let n = try? PersonName(name.matchKey) { q.name = n }
        return q
    }
}
