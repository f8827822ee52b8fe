import Eligibility
import Foundation
import LicenseHealth
import Logging
import VNID

/// The look-ups a verified read leads to: insurance eligibility (gateway, else cache, snapshot or a provisional
/// answer) and the driver health-check certificate (central, else the synced snapshot), each saying its origin.
public struct GatewayLookups: LookupRunner {
    let eligibility: EligibilityService
    let licenseHealth: LicenseHealthLookup?
    let licenceClass: LicenceClass

    public init(eligibility: EligibilityService, licenseHealth: LicenseHealthLookup?, licenceClass: LicenceClass = .b) {
        self.eligibility = eligibility
        self.licenseHealth = licenseHealth
        self.licenceClass = licenceClass
    }

    /// Verdicts that prove the card's data altered or its signature false: no look-up runs for such an identity, which
    /// may be someone else's (an untrusted issuer, an expired certificate or a missing SOD still look up, shown as such).
    public static let forgedVerdicts: Set<String> = [
        "dataGroupHashMismatch", "dataGroupNotInSOD", "badSODSignature", "signerCertificateBadSignature", "signerRevoked",
    ]

    public func lookups(for result: CardReadResult) async -> [LookupOutcome] {
        if let verdict = result.verification?.verdict, Self.forgedVerdicts.contains(verdict) {
            return [LookupOutcome(source: "insurance", verdict: "skipped",
                                  detail: "the card failed verification (\(verdict)): no look-up for an identity that may be forged")]
        }
        guard let bytes = result.contents(of: "DG13"), let dg13 = try? DG13(derEncoded: bytes), let id = dg13.idNumber else {
            return [LookupOutcome(source: "insurance", verdict: "skipped", detail: "the card's DG13 gave no ID number to look up")]
        }
        let verified = result.verification?.verdict == "verified"
        var outcomes = [await insurance(id: id, name: dg13.fullName, birth: dg13.dateOfBirth)]
        if let licenseHealth {
            let answer = await licenseHealth.lookUp(idNumber: id, licenceClass: licenceClass, identityChipVerified: verified)
            outcomes.append(Self.outcome(answer.readiness, source: answer.source, count: answer.certificates.count, licenceClass: licenceClass))
        }
        return outcomes
    }

    func insurance(id: String, name: String?, birth: VNDate?) async -> LookupOutcome {
        guard let name, let birth else {
            return LookupOutcome(source: "insurance", verdict: "skipped", detail: "the card's DG13 lacks the name or birth date the gateway needs")
        }
        let query: EligibilityQuery
        do { query = try EligibilityQuery(idNumber: id, name: name, birthDate: birth.text) } catch {
            return LookupOutcome(source: "insurance", verdict: "skipped", detail: "the card's data does not make a gateway query: \(error)")
        }
        return Self.outcome(await eligibility.lookUp(query))
    }

    /// The outcome of an eligibility answer; the detail names no card code (the kiosk shows it to the counter).
    static func outcome(_ a: EligibilityAnswer) -> LookupOutcome {
        let verdict: String, detail: String
        switch a.verdict {
        case .eligible(let c): verdict = "eligible"; detail = "insured" + (c.validTo.map { " until \($0.text)" } ?? "")
        case .eligibleWithNewCard(_, let n, let code): verdict = "eligible-with-new-card"; detail = "insured on a new card valid until \(n.validTo?.text ?? "?"): \(code.english)"
        case .notEligible(let c): verdict = "not-eligible"; detail = "\(c.code): \(c.english)"
        case .inputWrong(let f, let c): verdict = "input-wrong"; detail = "correct the \(f.rawValue) (\(c.code)): \(c.english)"
        case .staffNotRegistered(let c): verdict = "staff-not-registered"; detail = "\(c.code): \(c.english); set lookups.staff_name and lookups.staff_id to a registered staff member"
        case .gatewayError(let c): verdict = "gateway-error"; detail = "\(c.code): \(c.english)"
        case .pendingVerification: verdict = "verify-later"; detail = "the gateway did not answer in time; admitted provisionally and re-checked when it answers"
        }
        var facts: LookupFacts?
        switch a.verdict {
        case .eligible(let c): facts = Self.facts(c, newCard: false)
        case .eligibleWithNewCard(_, let n, _): facts = Self.facts(n, newCard: true)
        default: break
        }
        let origin: String
        switch a.source {
        case .gateway: origin = "gateway"
        case .cache(let age):
            origin = "cache"
            facts?.ageSeconds = Int(age)
        case .snapshot: origin = "snapshot"  // its date is in originDetail
        case .provisional: origin = "provisional"
        }
        return LookupOutcome(source: "insurance", verdict: verdict, detail: detail + (a.offlineReason.map { " (offline: \($0))" } ?? ""),
                             origin: origin, originDetail: a.source.description, facts: facts)
    }

    /// A coverage's fields; the card code masked (the counter sees which card, a log or screen photo does not give it away).
    static func facts(_ c: EligibilityVerdict.Coverage, newCard: Bool) -> LookupFacts {
        LookupFacts(cardCode: c.card?.masked, validFrom: c.validFrom?.text, validTo: c.validTo?.text, facility: c.primaryCareFacility,
                    coveragePercent: c.card?.coveragePercent, copaymentPercent: c.card?.coPaymentPercent, newCard: newCard)
    }

    static func outcome(_ readiness: RenewalReadiness, source: CertificateSource, count: Int, licenceClass: LicenceClass) -> LookupOutcome {
        let origin = source.rawValue
        let originDetail = source == .central ? "central registry (live)" : "synced certificate snapshot"
        switch readiness {
        case .ready(_, let validUntil):
            return LookupOutcome(source: "license-health", verdict: "renewal-ready",
                                 detail: "a valid class \(licenceClass.rawValue) health certificate until \(validUntil.text)", origin: origin, originDetail: originDetail,
                                 facts: LookupFacts(licenceClass: licenceClass.rawValue, certificateValidUntil: validUntil.text, renewalReady: true))
        case .notReady(let why):
            return LookupOutcome(source: "license-health", verdict: count == 0 ? "not-found" : "not-ready", detail: why, origin: origin, originDetail: originDetail,
                                 facts: LookupFacts(licenceClass: licenceClass.rawValue, renewalReady: false))
        }
    }
}
