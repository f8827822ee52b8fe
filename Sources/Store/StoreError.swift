import Foundation
import GRDB

/// Everything the store can fail with; each case says what a person should do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The disk (or the configured size cap) is full; nothing was written.
    case diskFull(path: String)
    /// The file is not a readable SQLite database; it was left untouched.
    case corrupt(path: String, detail: String)
    /// The file could not be opened or written (permissions, missing folder, I/O error).
    case unavailable(path: String, detail: String)
    /// The key file is missing, unreadable or malformed.
    case keyFile(path: String, detail: String)
    /// The key file may be read by other users.
    case keyFilePermissions(path: String, mode: UInt16)
    /// A sealed column names a key the keyring does not hold.
    case unknownKey(id: String)
    /// A sealed column failed authentication (tampered, or the wrong key).
    case decryptionFailed(keyID: String)
    /// A record failed a consistency rule (duplicate id, empty stream…).
    case invalidRecord(String)

    public var description: String {
        switch self {
        case .diskFull(let path):
            "disk full while writing \(path): nothing was lost and nothing new was saved — free space on the volume (or raise the size cap) and retry"
        case .corrupt(let path, let detail):
            "database \(path) is damaged (\(detail)); it was left as it is — copy it aside for support and restore from the central service; idgate never recreates a database that holds data"
        case .unavailable(let path, let detail):
            "cannot use database \(path): \(detail) — check the folder exists and the service user may write to it"
        case .keyFile(let path, let detail):
            "encryption key file \(path): \(detail) — check the path; a new key file is made with `idgate sync create-key --key-file <path>`, or point $CREDENTIALS_DIRECTORY at the systemd credential"
        case .keyFilePermissions(let path, let mode):
            "encryption key file \(path) has mode \(String(mode, radix: 8)); run `chmod 600 \(path)` so only the service user can read it"
        case .unknownKey(let id):
            "data is sealed with key '\(id)', which is not in the key file — add the old key back to the key file (keep retired keys until rotation finishes)"
        case .decryptionFailed(let id):
            "data sealed with key '\(id)' failed authentication — the key file holds a different key under that id, or the data was altered"
        case .invalidRecord(let detail):
            "record refused: \(detail)"
        }
    }

    /// Maps any error thrown by GRDB/SQLite to a `StoreError` naming `path`.
    static func wrap(_ error: any Error, path: String) -> any Error {
        if error is StoreError { return error }
        guard let db = error as? DatabaseError else { return error }
        switch db.resultCode {
        case .SQLITE_FULL:
            return StoreError.diskFull(path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError.corrupt(path: path, detail: db.message ?? "\(db.resultCode)")
        case .SQLITE_CONSTRAINT:
            return StoreError.invalidRecord(db.message ?? "constraint failed")
        case .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_PERM:
            return StoreError.unavailable(path: path, detail: db.message ?? "\(db.resultCode)")
        default:
            return error
        }
    }
}
