/// How far a card read was verified: passive authentication plus the anti-cloning checks (chip authentication with
/// DG14's key, active authentication with DG15's key), which the access layer fills in when it runs them.
public struct AuthenticationReport: Sendable, Hashable, Codable {
    /// The result of one anti-cloning protocol run against the chip.
    public struct AntiCloningCheck: Sendable, Hashable, Codable {
        /// The protocol and algorithm, e.g. `"CA ECDH brainpoolP256r1 AES-128"`, `"AA ECDSA-SHA256"`.
        public var protocolName: String
        /// True when the chip proved possession of the private key.
        public var passed: Bool
        /// What went wrong, when it did.
        public var detail: String?

        /// A check result.
        public init(protocolName: String, passed: Bool, detail: String? = nil) {
            self.protocolName = protocolName
            self.passed = passed
            self.detail = detail
        }
    }

    /// Whether the chip is the genuine one the issuer made.
    public enum ChipVerdict: String, Sendable, Hashable, Codable {
        /// A passed CA/AA whose key (DG14/DG15) is covered by a verified passive authentication.
        case genuine
        /// CA/AA passed, but its key is not vouched for: DG14/DG15 did not match a signed SOD, or the signer is untrusted.
        case keyNotVouchedFor
        /// CA/AA ran and failed: treat the chip as a clone.
        case failed
        /// Neither CA nor AA ran.
        case notChecked
    }

    public var passive: PassiveAuthenticationReport
    /// Chip authentication (DG14), when run.
    public var chipAuthentication: AntiCloningCheck?
    /// Active authentication (DG15), when run.
    public var activeAuthentication: AntiCloningCheck?

    /// A report; the anti-cloning checks are added when the access layer runs them.
    public init(passive: PassiveAuthenticationReport, chipAuthentication: AntiCloningCheck? = nil,
        activeAuthentication: AntiCloningCheck? = nil) {
        self.passive = passive
        self.chipAuthentication = chipAuthentication
        self.activeAuthentication = activeAuthentication
    }

    /// The chip verdict. A CA or AA pass counts only when passive authentication is `verified` and matched the hash
    /// of the data group holding that key (DG14 for CA, DG15 for AA): a clone can carry its own keys.
    public var chipVerdict: ChipVerdict {
        let checks = [(chipAuthentication, 14), (activeAuthentication, 15)].compactMap { c, dg in c.map { ($0, dg) } }
        guard !checks.isEmpty else { return .notChecked }
        if checks.contains(where: { !$0.0.passed }) { return .failed }
        let vouched = passive.outcome.isVerified && checks.allSatisfy { passive.isSignedAndMatched(dataGroup: $0.1) }
        return vouched ? .genuine : .keyNotVouchedFor
    }

    /// The verdict with a sentence for a person.
    public var summary: String {
        switch chipVerdict {
        case .genuine: "genuine chip: \(passive.message)"
        case .keyNotVouchedFor: "the chip proved a key that the issuer's signature does not vouch for: not proven genuine; \(passive.message)"
        case .failed: "anti-cloning check failed: the chip may be a clone"
        case .notChecked: "no anti-cloning check ran; \(passive.message)"
        }
    }

    private enum CodingKeys: String, CodingKey { case passive, chipAuthentication, activeAuthentication, chipVerdict, summary }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(passive, forKey: .passive)
        try c.encodeIfPresent(chipAuthentication, forKey: .chipAuthentication)
        try c.encodeIfPresent(activeAuthentication, forKey: .activeAuthentication)
        try c.encode(chipVerdict, forKey: .chipVerdict)
        try c.encode(summary, forKey: .summary)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        passive = try c.decode(PassiveAuthenticationReport.self, forKey: .passive)
        chipAuthentication = try c.decodeIfPresent(AntiCloningCheck.self, forKey: .chipAuthentication)
        activeAuthentication = try c.decodeIfPresent(AntiCloningCheck.self, forKey: .activeAuthentication)
    }
}
