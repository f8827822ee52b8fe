/// The storage back ends a central runs on: SQLite for one machine, PostgreSQL for a fleet.
public enum CentralStorageKind: String, CaseIterable, Sendable {
    case sqlite
    case postgres
}
