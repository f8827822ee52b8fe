import Eligibility
import Foundation
import LicenseHealth

/// The `[lookups]` section, validated: where the gateway is, who asks, and what is checked.
public struct LookupConfiguration: Sendable, Hashable {
    public var gatewayURL: URL
    public var username: String
    public var password: String
    /// The staff member on whose behalf the card check is made (hoTenCb).
    public var staffName: String
    /// Their 12-digit ID number (cccdCb).
    public var staffID: String
    public var cardCheckEndpoint: CardCheckEndpoint
    /// The licence class whose health certificate is checked; nil skips that look-up.
    public var licenceClass: LicenceClass?
    public var answerBudget: Duration

    public init(gatewayURL: URL, username: String, password: String, staffName: String, staffID: String,
                cardCheckEndpoint: CardCheckEndpoint = .kqNhanLichSuKCB2024, licenceClass: LicenceClass? = .b,
                answerBudget: Duration = .milliseconds(1500))
    {
        self.gatewayURL = gatewayURL
        self.username = username
        self.password = password
        self.staffName = staffName
        self.staffID = staffID
        self.cardCheckEndpoint = cardCheckEndpoint
        self.licenceClass = licenceClass
        self.answerBudget = answerBudget
    }
}
