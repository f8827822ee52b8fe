import Logging

/// The agent's configuration, validated. Built from the embedded defaults, then a TOML file, then
/// `IDGATE_…` environment variables (later sources win).
public struct AgentConfiguration: Sendable, Hashable {
    public var stateDirectory: String
    public var logLevel: Logger.Level
    public var apiEnabled: Bool
    public var listen: ListenAddress
    /// Path of the bearer token file.
    public var tokenFile: String
    /// Reader name substrings to serve; empty serves every reader.
    public var readerFilter: [String]
    public var shortAPDUs: Bool
    /// Reader name substrings that get short APDUs only.
    public var shortAPDUReaders: [String]
    public var readTimeout: Duration
    /// Directory of trusted CSCA certificates and master lists (`readers.trust_store`); nil trusts none.
    public var trustStoreDirectory: String?
    /// The access key every card is opened with, when configured.
    public var fixedAccessKey: AccessKeyInput?
    public var usePACE: Bool
    /// Serial device of a QR scanner (`access.qr_scanner`); nil when none.
    public var qrScanner: String?
    /// How long a key that opened a card is remembered for the same card on the same reader; nil never.
    public var rememberKeys: Duration?
    public var metricsEnabled: Bool
    /// The look-ups after a read (`[lookups]`); nil when `lookups.gateway_url` is empty.
    public var lookups: LookupConfiguration?
    /// The local database's key and what it keeps (`[store]`).
    public var store: StoreConfiguration
    /// Upload to the central service (`[sync]`); nil when `sync.central_url` is empty.
    public var sync: SyncConfiguration?

    /// True when the agent needs its local database (look-ups or sync configured).
    public var usesDatabase: Bool { lookups != nil || sync != nil }

    /// True when the agent serves `reader`.
    public func serves(reader: String) -> Bool {
        readerFilter.isEmpty || readerFilter.contains { reader.contains($0) }
    }
}
