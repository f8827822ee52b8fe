/// Runs the look-ups a read leads to (insurance eligibility, health certificates). The daemon plugs in
/// real sources once the Citizen is available; until then `NoLookups` answers that none ran.
public protocol LookupRunner: Sendable {
    func lookups(for result: CardReadResult) async -> [LookupOutcome]
}

/// No look-up source configured: one "skipped" outcome.
public struct NoLookups: LookupRunner {
    public init() {}
    public func lookups(for result: CardReadResult) async -> [LookupOutcome] {
        [LookupOutcome(source: "none", verdict: "skipped", detail: "no look-up source is configured yet")]
    }
}
