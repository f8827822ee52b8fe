/// Asks the insurance gateway about one card; implemented by `InsuranceGatewayClient`.
public protocol InsuranceGateway: Sendable {
    /// The gateway's answer to `query`, after any token refresh.
    func checkCard(_ query: EligibilityQuery) async throws(EligibilityError) -> CardCheckAnswer
}
