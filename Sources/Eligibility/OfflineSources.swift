import Foundation

/// Recent gateway answers, keyed by the whole query (subject, name, birth date).
public protocol EligibilityCache: Sendable {
    /// Stores a definitive gateway verdict.
    func store(_ verdict: EligibilityVerdict, for query: EligibilityQuery, at date: Date) async
    /// The stored verdict and when it was stored.
    func lookup(_ query: EligibilityQuery) async -> (verdict: EligibilityVerdict, storedAt: Date)?
}

/// One person in the eligibility snapshot the central exports for a facility.
public struct SnapshotEntry: Sendable, Codable, Equatable {
    public var idNumber: String?
    public var card: CardCode?
    public var name: PersonName
    public var birthDate: BirthDate
    /// The gateway's result code when the snapshot was made (`000`, `010`, …).
    public var resultCode: String
    public var coverage: EligibilityVerdict.Coverage

    public init(idNumber: String?, card: CardCode?, name: PersonName, birthDate: BirthDate, resultCode: String, coverage: EligibilityVerdict.Coverage) {
        self.idNumber = idNumber
        self.card = card
        self.name = name
        self.birthDate = birthDate
        self.resultCode = resultCode
        self.coverage = coverage
    }

    /// The verdict this entry gives for `query` on `today` (name and birth date checked, expiry applied).
    public func verdict(for query: EligibilityQuery, today: GatewayDate) -> EligibilityVerdict {
        if !name.matches(query.name) { return .inputWrong(field: .name, code: ResultCode("060")) }
        if birthDate != query.birthDate { return .inputWrong(field: .birthDate, code: ResultCode("070")) }
        let code = ResultCode(resultCode)
        let covered = code.category == .eligible || code.category == .eligibleWithNewCard
        if covered, let to = coverage.validTo, to < today { return .notEligible(ResultCode("010")) }
        switch code.category {
        // For `003`/`004` the central exports the new card as `coverage`: it is the card in force.
        case .eligible, .eligibleWithNewCard: return .eligible(coverage)
        case .notEligible: return .notEligible(code)
        default: return .gatewayError(code)
        }
    }
}

/// The eligibility snapshot synced from the central, for look-ups when the gateway is unreachable.
public protocol EligibilitySnapshot: Sendable {
    /// The entry for the query's subject and the snapshot's date, if the snapshot knows the person.
    func lookup(_ query: EligibilityQuery) async -> (entry: SnapshotEntry, takenOn: GatewayDate)?
}

/// A look-up answered provisionally, waiting to be re-checked.
public struct ProvisionalLookup: Sendable, Codable, Equatable, Identifiable {
    public var id: UUID
    public var query: EligibilityQuery
    public var createdAt: Date
    public init(id: UUID = UUID(), query: EligibilityQuery, createdAt: Date) {
        self.id = id
        self.query = query
        self.createdAt = createdAt
    }
}

/// A provisional look-up and the gateway verdict that settled it.
public struct Reconciliation: Sendable, Codable, Equatable {
    public var lookup: ProvisionalLookup
    public var verdict: EligibilityVerdict
    public var resolvedAt: Date
}

/// "Verify later" look-ups, kept until the gateway answers them.
public protocol ProvisionalQueue: Sendable {
    /// Queues `query` (returns the pending entry when the same query is already queued).
    func enqueue(_ query: EligibilityQuery, at date: Date) async -> ProvisionalLookup
    /// Look-ups still waiting, oldest first.
    func pending() async -> [ProvisionalLookup]
    /// Records the verdict for `id` and removes it from the pending list.
    func resolve(_ id: UUID, with verdict: EligibilityVerdict, at date: Date) async
    /// Every recorded resolution, oldest first.
    func resolutions() async -> [Reconciliation]
}
