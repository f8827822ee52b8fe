import ArgumentParser
import Eligibility
import Foundation
import Logging
import Store

struct LookupInsurance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insurance",
        abstract: "Is this person's health insurance (BHYT) valid today? Exit 0 eligible, 1 not, 2 error.")

    @Option(help: "12-digit ID number (from the chip).") var id: String?
    @Option(help: "15-character insurance card code.") var card: String?
    @Option(help: "Full name as on the chip (normalised before sending).") var name: String
    @Option(help: "Birth date dd/MM/yyyy, or yyyy.") var birthDate: String
    @OptionGroup var connection: GatewayOptions
    @OptionGroup var cardCheck: CardCheckOptions
    @OptionGroup var store: LookupStoreOptions
    @Option(help: "Milliseconds to wait for the gateway before answering offline.") var budgetMs: Int = 1500
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        guard (id == nil) != (card == nil) else { throw ValidationError("give exactly one of --id or --card") }
        let query: EligibilityQuery
        do {
            query = try id.map { try EligibilityQuery(idNumber: $0, name: name, birthDate: birthDate) }
                ?? EligibilityQuery(cardCode: card ?? "", name: name, birthDate: birthDate)
        } catch { throw fail("\(error)") }
        let logger = lookupLogger("idgate.eligibility")
        let client = try cardCheck.client(connection, logger: logger)
        let database: AppDatabase?
        do { database = try store.open() } catch { throw fail("\(error)") }
        let service: EligibilityService
        if let database {
            service = EligibilityService(
                gateway: client, cache: StoredEligibilityCache(database: database, logger: logger),
                snapshot: StoredEligibilitySnapshot(database: database, logger: logger),
                queue: StoredProvisionalQueue(database: database, logger: logger),
                policy: .init(answerBudget: .milliseconds(budgetMs)), logger: logger)
        } else {
            // Without a database nothing outlives the command: offline means provisional, and nobody re-checks it.
            service = EligibilityService(
                gateway: client, cache: InMemoryEligibilityCache(),
                snapshot: InMemoryEligibilitySnapshot(takenOn: GatewayDate(Date())), queue: InMemoryProvisionalQueue(),
                policy: .init(answerBudget: .milliseconds(budgetMs)), logger: logger)
        }
        let answer = await service.lookUp(query)
        await service.cancelBackgroundCalls()
        let report = InsuranceReport(answer, durableQueue: database != nil)
        if json { try printJSON(report) } else { print(report.human) }
        if !answer.verdict.isEligible { throw ExitCode(answer.verdict.isDefinitive ? 1 : 2) }
    }
}

/// The printed form of one eligibility answer.
struct InsuranceReport: Encodable {
    struct Card: Encodable {
        var code: String
        var group: String
        var benefitLevel: Int
        var coveragePercent: Int
        var coPaymentPercent: Int
        var province: String
        var validFrom: String?
        var validTo: String?
        var primaryCareFacility: String?
        init?(_ c: EligibilityVerdict.Coverage) {
            guard let card = c.card else { return nil }
            code = card.value
            group = card.group
            benefitLevel = card.benefitLevel
            coveragePercent = card.coveragePercent
            coPaymentPercent = card.coPaymentPercent
            province = card.provinceCode
            validFrom = c.validFrom?.text
            validTo = c.validTo?.text
            primaryCareFacility = c.primaryCareFacility
        }
    }

    var eligible: Bool
    var verdict: String
    var resultCode: String?
    var meaningVi: String?
    var meaningEn: String?
    var fieldToCorrect: String?
    var source: String
    var offlineReason: String?
    var card: Card?
    var newCard: Card?
    var summary: String
    var note: String?

    var ticket: String?
    var snapshotDate: String?
    var cacheAgeSeconds: Int?

    init(_ a: EligibilityAnswer, durableQueue: Bool = false) {
        eligible = a.verdict.isEligible
        source = a.source.description
        offlineReason = a.offlineReason
        summary = a.verdict.summary
        var code: ResultCode?
        switch a.verdict {
        case .eligible(let c): verdict = "eligible"; card = Card(c); code = ResultCode("000")
        case .eligibleWithNewCard(let old, let new, let c): verdict = "eligible-with-new-card"; card = Card(old); newCard = Card(new); code = c
        case .notEligible(let c): verdict = "not-eligible"; code = c
        case .inputWrong(let f, let c): verdict = "input-wrong"; fieldToCorrect = f.rawValue; code = c
        case .staffNotRegistered(let c): verdict = "staff-not-registered"; code = c
        case .gatewayError(let c): verdict = "gateway-error"; code = c
        case .pendingVerification:
            verdict = "pending-verification"
            note = durableQueue
                ? "queued in the local database; `idgate lookup reconcile` re-checks it when the gateway is reachable"
                : "this command was given no --database, so nothing re-checks it; look-ups made through the agent are re-checked automatically"
        }
        switch a.source {
        case .provisional(let t): ticket = t.uuidString.lowercased()
        case .snapshot(let d): snapshotDate = d.text
        case .cache(let age): cacheAgeSeconds = Int(age.rounded())
        case .gateway: break
        }
        if case .eligible = a.verdict { code = nil }
        resultCode = code?.code
        meaningVi = code?.vietnamese
        meaningEn = code?.english
    }

    var human: String {
        var lines = ["\(summary)", "  source: \(source)"]
        if let offlineReason { lines.append("  why offline: \(offlineReason)") }
        if let note { lines.append("  note: \(note)") }
        for (label, c) in [("card", card), ("new card", newCard)] {
            guard let c else { continue }
            lines.append("  \(label): \(c.code) — group \(c.group), level \(c.benefitLevel) (patient pays \(c.coPaymentPercent) %), province \(c.province), valid \(c.validFrom ?? "?")–\(c.validTo ?? "?"), facility \(c.primaryCareFacility ?? "?")")
        }
        return lines.joined(separator: "\n")
    }
}
