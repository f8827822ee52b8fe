import Eligibility
import Foundation
import LicenseHealth
import Logging
import Store

extension GatewayLookups {
    /// The look-ups of `configuration` over HTTP, with the cache, snapshots and provisional queue in `database`.
    public init(configuration c: LookupConfiguration, database: AppDatabase, logger: Logger) {
        let gateway = InsuranceGatewayClient(
            configuration: GatewayConfiguration(baseURL: c.gatewayURL, username: c.username, password: c.password,
                                                staffName: c.staffName, staffID: c.staffID, cardCheckEndpoint: c.cardCheckEndpoint),
            transport: URLSessionTransport(timeout: 15), logger: logger)
        let service = EligibilityService(
            gateway: gateway, cache: StoredEligibilityCache(database: database, logger: logger),
            snapshot: StoredEligibilitySnapshot(database: database, logger: logger),
            queue: StoredProvisionalQueue(database: database, logger: logger),
            policy: .init(answerBudget: c.answerBudget), logger: logger)
        let registry = CertificateRegistryClient(baseURL: c.gatewayURL, username: c.username, password: c.password,
                                                 transport: URLSessionTransport(timeout: 15))
        self.init(eligibility: service,
                  licenseHealth: c.licenceClass.map { _ in LicenseHealthLookup(client: registry, snapshot: StoredCertificateSnapshot(database: database, logger: logger)) },
                  licenceClass: c.licenceClass ?? .b)
    }
}
