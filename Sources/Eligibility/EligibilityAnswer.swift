import Foundation

/// Where an answer came from, so staff are never misled about how fresh it is.
public enum AnswerSource: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The gateway answered now.
    case gateway
    /// A gateway answer stored `age` seconds ago.
    case cache(age: TimeInterval)
    /// The eligibility snapshot downloaded from the central on `date`.
    case snapshot(date: GatewayDate)
    /// Nobody knew: queued as `ticket`, re-checked automatically when the gateway is back.
    case provisional(ticket: UUID)

    public var description: String {
        switch self {
        case .gateway: "gateway (live)"
        case .cache(let age): "cache, \(AnswerSource.humanAge(age)) old"
        case .snapshot(let date): "snapshot of \(date.text)"
        case .provisional: "provisional — verify later"
        }
    }

    static func humanAge(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        if s < 120 { return "\(s) s" }
        if s < 7200 { return "\(s / 60) min" }
        if s < 172_800 { return "\(s / 3600) h" }
        return "\(s / 86400) days"
    }
}

/// A verdict with its source and, when answered offline, why the gateway was not used.
public struct EligibilityAnswer: Sendable, Codable, Equatable {
    public var verdict: EligibilityVerdict
    public var source: AnswerSource
    /// When this answer was given.
    public var answeredAt: Date
    /// Why the answer is not live (timeout, unreachable, gateway error), if it is not.
    public var offlineReason: String?

    public init(verdict: EligibilityVerdict, source: AnswerSource, answeredAt: Date, offlineReason: String? = nil) {
        self.verdict = verdict
        self.source = source
        self.answeredAt = answeredAt
        self.offlineReason = offlineReason
    }
}
