/// Everything that can go wrong in an eligibility look-up, each with a message a person can act on.
public enum EligibilityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A value given to a look-up is malformed (which field, and why).
    case invalidInput(field: String, reason: String)
    /// The gateway could not be reached (connection refused, DNS, reset twice).
    case gatewayUnreachable(String)
    /// The gateway did not answer in time.
    case timeout(String)
    /// The gateway answered something that is not the documented shape.
    case malformedAnswer(String)
    /// The gateway refused the account (token could not be obtained).
    case authenticationFailed(String)

    public var description: String {
        switch self {
        case .invalidInput(let field, let reason): "input \(field) is wrong: \(reason)"
        case .gatewayUnreachable(let m): "insurance gateway unreachable: \(m) — check the network and the gateway URL"
        case .timeout(let m): "insurance gateway did not answer in time: \(m)"
        case .malformedAnswer(let m): "insurance gateway answered an unexpected shape: \(m)"
        case .authenticationFailed(let m): "insurance gateway refused the account: \(m) — check username and password in the configuration"
        }
    }
}
