import Foundation
import Logging
import Store

/// `EligibilityCache` in the agent's database: verdicts sealed like all personal data, found by a
/// keyed digest of the query (subject, name's comparison key, birth date), stored with their time.
public struct StoredEligibilityCache: EligibilityCache {
    /// The cache's namespace in the store.
    public static let namespace = "eligibility"

    private let database: AppDatabase
    private let logger: Logger

    public init(database: AppDatabase, logger: Logger = Logger(label: "idgate.eligibility.cache")) {
        self.database = database
        self.logger = logger
    }

    public func store(_ verdict: EligibilityVerdict, for query: EligibilityQuery, at date: Date) async {
        do {
            let body = try JSONEncoder().encode(verdict)
            try await database.storeCachedAnswer(namespace: Self.namespace, key: query.storageKey, body: body, at: date)
        } catch {
            logger.error("cannot cache the answer", metadata: ["subject": "\(query.maskedSubject)", "error": "\(error)"])
        }
    }

    public func lookup(_ query: EligibilityQuery) async -> (verdict: EligibilityVerdict, storedAt: Date)? {
        do {
            guard let hit = try await database.cachedAnswer(namespace: Self.namespace, key: query.storageKey) else { return nil }
            return (try JSONDecoder().decode(EligibilityVerdict.self, from: hit.body), hit.storedAt)
        } catch {
            // An unreadable entry is a miss: the look-up goes on to the snapshot.
            logger.error("cannot read the cached answer", metadata: ["subject": "\(query.maskedSubject)", "error": "\(error)"])
            return nil
        }
    }
}

extension EligibilityQuery {
    /// The key a query is stored under: subject, the name's comparison key and the birth date, so case,
    /// spacing and NFC/NFD do not split entries.
    var storageKey: String {
        let subject = switch subject {
        case .idNumber(let id): "id:" + id
        case .card(let card): "card:" + card.value
        }
        return subject + "|" + name.matchKey + "|" + birthDate.text
    }
}
