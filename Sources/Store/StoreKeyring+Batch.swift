import Crypto
import Foundation

extension StoreKeyring {
    /// Seals and indexes many values with the keys set up once: a snapshot page spends its time on
    /// the data, not on rebuilding AES and HMAC keys for every row.
    struct BatchSealer {
        let currentKeyID: String
        private let sealKey: SymmetricKey
        /// HMAC states keyed once, current key first; each row copies one and hashes only its own bytes.
        private let indexers: [HMAC<SHA256>]

        init(_ keyring: StoreKeyring) throws(StoreError) {
            guard let current = keyring.keys[keyring.currentKeyID] else { throw .unknownKey(id: keyring.currentKeyID) }
            currentKeyID = keyring.currentKeyID
            sealKey = SymmetricKey(data: current)
            let ordered = [keyring.currentKeyID] + keyring.keys.keys.filter { $0 != keyring.currentKeyID }.sorted()
            indexers = ordered.compactMap { id in keyring.keys[id].map { HMAC<SHA256>(key: SymmetricKey(data: $0)) } }
        }

        /// Keyed digests of `value` under every key, current first (same values as `StoreKeyring.blindIndexes`).
        func digests(of value: String) -> [Data] {
            let bytes = Data(value.utf8)
            return indexers.map { base in
                var hmac = base
                hmac.update(data: bytes)
                return Data(hmac.finalize())
            }
        }

        /// Seals `plaintext` with the current key (same format as `StoreKeyring.seal`).
        func seal(_ plaintext: Data) throws(StoreError) -> Data {
            do {
                guard let combined = try AES.GCM.seal(plaintext, using: sealKey).combined else {
                    throw StoreError.decryptionFailed(keyID: currentKeyID)
                }
                return combined
            } catch {
                throw .decryptionFailed(keyID: currentKeyID)
            }
        }
    }
}
