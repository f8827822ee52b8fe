import Crypto
import Foundation

/// AES-256-GCM keys by id; the newest key seals, every key still listed opens.
///
/// Key file format: one key per line, `<id> <base64 of 32 bytes>`; the last line is the
/// current key. Rotation: append a new line, run `AppDatabase.reseal()`, then drop old lines.
public struct StoreKeyring: Sendable {
    /// File name looked up in `$CREDENTIALS_DIRECTORY` (systemd `LoadCredential=`).
    public static let credentialName = "idgate-store-keys"

    /// Raw key bytes by id (SymmetricKey is not Sendable in swift-crypto 3).
    let keys: [String: Data]
    /// Id of the key used for new data.
    public let currentKeyID: String

    /// A keyring from explicit keys; the last pair is current.
    public init(keys: [(id: String, key: SymmetricKey)]) throws(StoreError) {
        guard let last = keys.last else { throw .keyFile(path: "-", detail: "no key given") }
        var map: [String: Data] = [:]
        for entry in keys {
            guard entry.key.bitCount == 256 else {
                throw .keyFile(path: "-", detail: "key '\(entry.id)' is \(entry.key.bitCount) bits, 256 needed")
            }
            map[entry.id] = entry.key.withUnsafeBytes { Data($0) }
        }
        self.keys = map
        self.currentKeyID = last.id
    }

    /// A keyring with one fresh random key (tests, first start).
    public static func generate(id: String = "k1") -> StoreKeyring {
        StoreKeyring(map: [id: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }], current: id)
    }

    private init(map: [String: Data], current: String) {
        self.keys = map
        self.currentKeyID = current
    }

    /// Loads `$CREDENTIALS_DIRECTORY/idgate-store-keys` if set, else `fallbackPath`.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            fallbackPath: String) throws(StoreError) -> StoreKeyring {
        if let dir = environment["CREDENTIALS_DIRECTORY"], !dir.isEmpty {
            // systemd already restricts the credential directory to the service.
            return try load(fileAt: dir + "/" + credentialName, checkPermissions: false)
        }
        return try load(fileAt: fallbackPath, checkPermissions: true)
    }

    /// Loads a key file, refusing one readable by group or others when `checkPermissions`.
    public static func load(fileAt path: String, checkPermissions: Bool = true) throws(StoreError) -> StoreKeyring {
        let attributes: [FileAttributeKey: Any]
        let data: Data
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .keyFile(path: path, detail: "cannot read (\(error.localizedDescription))")
        }
        if checkPermissions, let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0 {
            throw .keyFilePermissions(path: path, mode: mode)
        }
        var entries: [(id: String, key: SymmetricKey)] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            guard fields.count == 2, let raw = Data(base64Encoded: String(fields[1])), raw.count == 32 else {
                throw .keyFile(path: path, detail: "line \(number + 1) is not `<id> <base64 of 32 bytes>`")
            }
            entries.append((String(fields[0]), SymmetricKey(data: raw)))
        }
        guard !entries.isEmpty else { throw .keyFile(path: path, detail: "holds no key") }
        do { return try StoreKeyring(keys: entries) } catch { throw .keyFile(path: path, detail: error.description) }
    }

    /// Writes a new key file with mode 0600 holding one fresh key; refuses to overwrite.
    @discardableResult
    public static func createKeyFile(at path: String, id: String = "k1") throws(StoreError) -> StoreKeyring {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .keyFile(path: path, detail: "already exists; not overwritten")
        }
        let key = SymmetricKey(size: .bits256)
        let line = id + " " + key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(line.utf8),
                                             attributes: [.posixPermissions: NSNumber(value: 0o600)]) else {
            throw .keyFile(path: path, detail: "cannot create")
        }
        return try load(fileAt: path)
    }

    /// Seals `plaintext` with the current key; the result is nonce ‖ ciphertext ‖ tag.
    func seal(_ plaintext: Data) throws(StoreError) -> (keyID: String, box: Data) {
        guard let key = keys[currentKeyID].map(SymmetricKey.init(data:)) else { throw .unknownKey(id: currentKeyID) }
        do {
            guard let combined = try AES.GCM.seal(plaintext, using: key).combined else {
                throw StoreError.decryptionFailed(keyID: currentKeyID)
            }
            return (currentKeyID, combined)
        } catch {
            throw .decryptionFailed(keyID: currentKeyID)
        }
    }

    /// Opens a box sealed by `seal` under `keyID`.
    func open(_ box: Data, keyID: String) throws(StoreError) -> Data {
        guard let key = keys[keyID].map(SymmetricKey.init(data:)) else { throw .unknownKey(id: keyID) }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: box), using: key)
        } catch {
            throw .decryptionFailed(keyID: keyID)
        }
    }

    /// Keyed digest of a look-up key (blind index), one per key held, current first.
    func blindIndexes(of value: String) -> [(keyID: String, digest: Data)] {
        let ordered = [currentKeyID] + keys.keys.filter { $0 != currentKeyID }.sorted()
        return ordered.compactMap { id in
            keys[id].map { (id, Data(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: $0)))) }
        }
    }
}
