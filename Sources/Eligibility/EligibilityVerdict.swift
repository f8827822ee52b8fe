/// What the counter is told about a person's health insurance.
public enum EligibilityVerdict: Sendable, Codable, Equatable {
    /// Covered today by this card.
    case eligible(Coverage)
    /// Covered through a newly issued card (`003`/`004`): use `newCard`.
    case eligibleWithNewCard(old: Coverage, newCard: Coverage, code: ResultCode)
    /// Not covered; `code` says why in Vietnamese and English.
    case notEligible(ResultCode)
    /// A field of the look-up is wrong; correct `field` and ask again (never retried automatically).
    case inputWrong(field: InputField, code: ResultCode)
    /// The staff member is not registered for this facility or the name does not match.
    case staffNotRegistered(ResultCode)
    /// The gateway failed; the answer should come from offline data.
    case gatewayError(ResultCode)
    /// Nobody knows yet: queued to be verified when the gateway is reachable ("verify later").
    case pendingVerification

    /// A card's validity as the gateway states it.
    public struct Coverage: Sendable, Codable, Equatable {
        public var card: CardCode?
        public var validFrom: GatewayDate?
        public var validTo: GatewayDate?
        /// Registered primary-care facility (`maDKBD`).
        public var primaryCareFacility: String?
        public init(card: CardCode?, validFrom: GatewayDate?, validTo: GatewayDate?, primaryCareFacility: String?) {
            self.card = card
            self.validFrom = validFrom
            self.validTo = validTo
            self.primaryCareFacility = primaryCareFacility
        }
    }

    /// Maps a gateway answer to a verdict (pure). Authentication codes map to `gatewayError`:
    /// the client refreshes the token before a verdict is formed.
    public init(answer: CardCheckAnswer) {
        let code = ResultCode(answer.maKetQua ?? "999")
        let old = Coverage(
            card: answer.maThe.flatMap { try? CardCode($0) },
            validFrom: answer.gtTheTu.flatMap { try? GatewayDate(parsing: $0) },
            validTo: answer.gtTheDen.flatMap { try? GatewayDate(parsing: $0) },
            primaryCareFacility: answer.maDKBD)
        switch code.category {
        case .eligible: self = .eligible(old)
        case .eligibleWithNewCard:
            let new = Coverage(
                card: answer.maTheMoi.flatMap { try? CardCode($0) },
                validFrom: answer.gtTheTuMoi.flatMap { try? GatewayDate(parsing: $0) },
                validTo: answer.gtTheDenMoi.flatMap { try? GatewayDate(parsing: $0) },
                primaryCareFacility: answer.maDKBDMoi ?? answer.maDKBD)
            self = .eligibleWithNewCard(old: old, newCard: new, code: code)
        case .notEligible: self = .notEligible(code)
        case .inputWrong: self = .inputWrong(field: code.field ?? .parameters, code: code)
        case .staffNotRegistered: self = .staffNotRegistered(code)
        case .authentication, .gatewayError: self = .gatewayError(code)
        }
    }

    /// True for `000`–`004`.
    public var isEligible: Bool {
        switch self {
        case .eligible, .eligibleWithNewCard: true
        default: false
        }
    }

    /// True when the answer is definitive (not a gateway failure and not pending).
    public var isDefinitive: Bool {
        switch self {
        case .gatewayError, .pendingVerification: false
        default: true
        }
    }

    /// One line for staff, in English.
    public var summary: String {
        switch self {
        case .eligible(let c): "eligible" + (c.validTo.map { " until \($0)" } ?? "")
        case .eligibleWithNewCard(_, let n, let code):
            "eligible with the new card \(n.card?.value ?? "?") (\(n.validFrom?.text ?? "?")–\(n.validTo?.text ?? "?")): \(code.english)"
        case .notEligible(let c): "not eligible (\(c.code)): \(c.english) / \(c.vietnamese)"
        case .inputWrong(let f, let c): "correct the \(f.rawValue) and ask again (\(c.code)): \(c.english) / \(c.vietnamese)"
        case .staffNotRegistered(let c): "staff not registered (\(c.code)): \(c.english) / \(c.vietnamese)"
        case .gatewayError(let c): "gateway error (\(c.code)): \(c.english)"
        case .pendingVerification: "not verified yet: queued, will be checked when the gateway is reachable"
        }
    }
}
