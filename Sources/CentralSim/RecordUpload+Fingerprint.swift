import CentralAPI
import Crypto
import Foundation

extension RecordUpload {
    /// SHA-256 over stream, kind, creation time and payload: tells a replay from a reused key.
    var fingerprint: Data {
        var hasher = SHA256()
        for field in [stream, kind, String(createdAt.timeIntervalSince1970)] {
            hasher.update(data: Data(field.utf8))
            hasher.update(data: Data([0]))
        }
        hasher.update(data: payload)
        return Data(hasher.finalize())
    }
}
