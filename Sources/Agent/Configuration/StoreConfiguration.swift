/// The `[store]` section: the local database's key and what personal data it may keep, for how long.
public struct StoreConfiguration: Sendable, Hashable {
    /// Key file of `<state_dir>/idgate.sqlite` (the systemd credential `idgate-store-keys` wins).
    public var keyFile: String
    /// Records and cached look-ups older than this are deleted.
    public var retentionDays: Int
    /// Put the face image into check-in records.
    public var keepFace: Bool
    /// Put DG13's ethnicity and religion into check-in records.
    public var keepSensitiveFields: Bool

    public init(keyFile: String = "/etc/idgate/store.keys", retentionDays: Int = 30, keepFace: Bool = false, keepSensitiveFields: Bool = false) {
        self.keyFile = keyFile
        self.retentionDays = retentionDays
        self.keepFace = keepFace
        self.keepSensitiveFields = keepSensitiveFields
    }
}
