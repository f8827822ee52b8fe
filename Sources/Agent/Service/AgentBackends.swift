import Eligibility
import Foundation
import Logging
import Store
import Sync

/// What the daemon keeps behind its sessions, from `[lookups]`, `[store]` and `[sync]`: the local database,
/// the look-ups, the check-in recorder and the background sync. Without either section: none of them.
public struct AgentBackends: Sendable {
    public let database: AppDatabase?
    public let lookups: any LookupRunner
    public let recorder: CheckInRecorder?
    public let sync: AgentSyncService?

    /// No database, no look-ups, nothing recorded.
    public static let none = AgentBackends(database: nil, lookups: NoLookups(), recorder: nil, sync: nil)

    public init(database: AppDatabase?, lookups: any LookupRunner, recorder: CheckInRecorder?, sync: AgentSyncService?) {
        self.database = database
        self.lookups = lookups
        self.recorder = recorder
        self.sync = sync
    }

    /// Opens `<state_dir>/idgate.sqlite` with `keyring` (nil: `store.key_file` or the credential) when the
    /// configuration needs it, and builds the look-ups and sync over it.
    public static func open(_ c: AgentConfiguration, keyring: StoreKeyring? = nil, logger: Logger = Logger(label: "idgate")) throws(AgentError) -> AgentBackends {
        guard c.usesDatabase else { return .none }
        let path = c.stateDirectory + "/idgate.sqlite"
        let database: AppDatabase
        do {
            try FileManager.default.createDirectory(atPath: c.stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            database = try AppDatabase(path: path, keyring: try keyring ?? StoreKeyring.load(fallbackPath: c.store.keyFile))
        } catch {
            throw .storage("cannot open the local database \(path) (key file \(c.store.keyFile), or the credential \(StoreKeyring.credentialName)): \(error)")
        }
        var lookups: any LookupRunner = NoLookups()
        var eligibility: EligibilityService?
        if let l = c.lookups {
            let gateway = GatewayLookups(configuration: l, database: database, logger: Logger(label: "idgate.lookups"))
            lookups = gateway
            eligibility = gateway.eligibility
        }
        let transport = c.sync.map { HTTPCentralClient(baseURL: $0.centralURL, token: $0.token) }
        let sync = AgentSyncService(database: database, transport: transport, batchSize: c.sync?.batchSize ?? 200, eligibility: eligibility,
                                    interval: c.sync?.interval ?? .seconds(60), retentionDays: c.store.retentionDays, logger: Logger(label: "idgate.sync"))
        let recorder = c.sync.map { _ in
            CheckInRecorder(database: database, store: c.store, logger: Logger(label: "idgate.checkin")) { sync.wake() }
        }
        return AgentBackends(database: database, lookups: lookups, recorder: recorder, sync: sync)
    }
}
