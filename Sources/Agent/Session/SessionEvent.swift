import Foundation

/// What a session reports to the API's event stream and to headless stdout: one JSON object per event.
public struct SessionEvent: Sendable, Hashable, Codable {
    /// The kinds of events, in the order a normal session emits them.
    public enum Kind: String, Sendable, Hashable, Codable {
        case readerAdded = "reader-added", readerRemoved = "reader-removed"
        case cardInserted = "card-inserted", cardUnresponsive = "card-unresponsive", cardRemoved = "card-removed"
        case accessKeyNeeded = "access-key-needed", reading, progress, verified, lookingUp = "looking-up", done, failed
        case serviceUnavailable = "service-unavailable", serviceRestored = "service-restored"
    }

    public var event: Kind
    /// The reader's name as pcscd reports it.
    public var reader: String?
    /// The reader's id in API paths.
    public var readerID: String?
    /// The session phase after this event.
    public var phase: ReaderSession.Phase?
    public var progress: CardReadProgress?
    /// Where the access key came from (on `reading`).
    public var keySource: AccessKeySource?
    public var result: CardReadResult?
    public var lookups: [LookupOutcome]?
    /// What went wrong and what to do (on `failed`, `access-key-needed` after a refusal, `service-unavailable`).
    public var message: String?

    public init(_ event: Kind, reader: String? = nil, phase: ReaderSession.Phase? = nil, progress: CardReadProgress? = nil,
                keySource: AccessKeySource? = nil, result: CardReadResult? = nil, lookups: [LookupOutcome]? = nil, message: String? = nil)
    {
        self.event = event
        self.reader = reader
        self.readerID = reader.map(ReaderSession.id(forReader:))
        self.phase = phase
        self.progress = progress
        self.keySource = keySource
        self.result = result
        self.lookups = lookups
        self.message = message
    }

    /// One line of JSON (sorted keys), as headless mode and the event stream send it.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? #"{"event":"failed","message":"event not encodable"}"#
    }
}

/// The answer of one look-up (insurance eligibility, health certificate) for the kiosk.
public struct LookupOutcome: Sendable, Hashable, Codable {
    /// e.g. "insurance", "license-health".
    public var source: String
    /// e.g. "eligible", "not-found", "verify-later", "skipped".
    public var verdict: String
    public var detail: String?
    /// Where the answer came from: "gateway", "central", "cache", "snapshot" or "provisional"; nil when none ran.
    public var origin: String?
    /// The origin for a person: "gateway (live)", "cache, 5 min old", "snapshot of 01/11/2026", "provisional — verify later".
    public var originDetail: String?
    /// The answer's fields, for a screen to lay out (nil when the look-up gave none).
    public var facts: LookupFacts?
    public init(source: String, verdict: String, detail: String? = nil, origin: String? = nil, originDetail: String? = nil, facts: LookupFacts? = nil) {
        self.source = source
        self.verdict = verdict
        self.detail = detail
        self.origin = origin
        self.originDetail = originDetail
        self.facts = facts
    }
}

/// The fields of a look-up answer: insurance card and coverage, or the health certificate for a licence class.
/// Dates are `dd/MM/yyyy` as the services give them.
public struct LookupFacts: Sendable, Hashable, Codable {
    /// Insurance card code, masked (`HN401******6789`).
    public var cardCode: String?
    public var validFrom: String?
    public var validTo: String?
    /// Registered primary-care facility code (maDKBD).
    public var facility: String?
    /// Share of costs the fund pays, and the patient's co-payment, from the card code's benefit level.
    public var coveragePercent: Int?
    public var copaymentPercent: Int?
    /// The answer is about a newer card than the one asked for.
    public var newCard: Bool?
    /// How old a cached answer is (a snapshot's date is in `originDetail`).
    public var ageSeconds: Int?
    /// Licence class of the health certificate look-up.
    public var licenceClass: String?
    /// The certificate holds for renewal of that class until this date.
    public var certificateValidUntil: String?
    public var renewalReady: Bool?

    public init(cardCode: String? = nil, validFrom: String? = nil, validTo: String? = nil, facility: String? = nil, coveragePercent: Int? = nil,
                copaymentPercent: Int? = nil, newCard: Bool? = nil, ageSeconds: Int? = nil, licenceClass: String? = nil,
                certificateValidUntil: String? = nil, renewalReady: Bool? = nil)
    {
        self.cardCode = cardCode
        self.validFrom = validFrom
        self.validTo = validTo
        self.facility = facility
        self.coveragePercent = coveragePercent
        self.copaymentPercent = copaymentPercent
        self.newCard = newCard
        self.ageSeconds = ageSeconds
        self.licenceClass = licenceClass
        self.certificateValidUntil = certificateValidUntil
        self.renewalReady = renewalReady
    }
}
