import Foundation
import PassiveAuth

extension AgentConfiguration {
    /// The CSCAs passive authentication trusts: `readers.trust_store` loaded, or an empty store when unset.
    public func trustStore() throws(AgentError) -> TrustStore {
        guard let trustStoreDirectory else { return TrustStore() }
        return try Self.loadTrustStore(directory: trustStoreDirectory)
    }

    /// Loads a trust-store directory; a missing, unreadable or empty directory is an error saying what to fix.
    static func loadTrustStore(directory: String) throws(AgentError) -> TrustStore {
        let key = "readers.trust_store"
        guard directory.hasPrefix("/") else {
            throw .configurationFile(path: key, problem: "must be an absolute path, got '\(directory)'")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .configurationFile(path: key, problem: "'\(directory)' is not a directory; put the CSCA certificates and master lists there or leave the key empty")
        }
        var store = TrustStore()
        do {
            try store.addDirectory(directory)
        } catch {
            throw .configurationFile(path: key, problem: "cannot load '\(directory)': \(error)")
        }
        guard !store.certificates.isEmpty else {
            throw .configurationFile(path: key, problem: "'\(directory)' holds no CSCA certificate (.der/.cer/.crt/.pem) nor master list (.ml)")
        }
        return store
    }
}
