import ArgumentParser
import Eligibility
import Foundation
import Logging
import Store

/// Who asks the gateway and how: the staff member (`hoTenCb`, `cccdCb`), the endpoint and the body encoding.
struct CardCheckOptions: ParsableArguments {
    @Option(help: "Staff member's name (hoTenCb; env IDGATE_STAFF_NAME).")
    var staffName: String = ProcessInfo.processInfo.environment["IDGATE_STAFF_NAME"] ?? ""
    @Option(help: "Staff member's ID number (cccdCb; env IDGATE_STAFF_ID).")
    var staffID: String = ProcessInfo.processInfo.environment["IDGATE_STAFF_ID"] ?? ""
    @Option(help: "Card-check endpoint: KQNhanLichSuKCB2024, KQNhanLichSuKCB2019 or NhanLichSuKCB2018.")
    var endpoint: String = CardCheckEndpoint.kqNhanLichSuKCB2024.rawValue
    @Flag(help: "Send form-urlencoded bodies instead of JSON.") var form = false

    /// The gateway client for `connection`.
    func client(_ connection: GatewayOptions, logger: Logger) throws -> InsuranceGatewayClient {
        guard let ep = CardCheckEndpoint(rawValue: endpoint) else {
            throw ValidationError("--endpoint must be one of " + CardCheckEndpoint.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let path = "/api/egw/" + ep.rawValue
        let config = GatewayConfiguration(
            baseURL: try connection.baseURL(), username: connection.username, password: connection.password,
            staffName: staffName, staffID: staffID, cardCheckEndpoint: ep,
            encodings: form ? [path: .form, GatewayConfiguration.tokenPath: .form] : [:])
        return InsuranceGatewayClient(configuration: config, transport: URLSessionTransport(timeout: connection.timeout), logger: logger)
    }
}

/// The agent's local database, for answers that outlive one command: cache, synced snapshots, provisional queue.
struct LookupStoreOptions: ParsableArguments {
    @Option(help: "Local database file; with it answers are cached, offline look-ups use the synced snapshots and provisional ones are queued durably.")
    var database: String?
    @Option(help: "Key file (ignored when $CREDENTIALS_DIRECTORY holds idgate-store-keys).")
    var keyFile = "/etc/idgate/store.keys"

    /// The database, or nil when none was given.
    func open() throws -> AppDatabase? {
        guard let database else { return nil }
        return try AppDatabase(path: database, keyring: try StoreKeyring.load(fallbackPath: keyFile))
    }

    /// The database; throws when none was given.
    func require() throws -> AppDatabase {
        guard let database = try open() else { throw ValidationError("--database is required") }
        return database
    }
}

/// A logger for commands: warnings and above on standard error.
func lookupLogger(_ label: String) -> Logger {
    var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .warning
    return logger
}
