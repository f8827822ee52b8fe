import Crypto
import Foundation
import Store
import Testing

@Suite("Encryption keys and rotation")
struct StoreKeyringTests {
    @Test("A key file readable by others is refused; mode 0600 is accepted")
    func permissions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("keys")
        try StoreKeyring.createKeyFile(at: path)
        #expect(try StoreKeyring.load(fileAt: path).currentKeyID == "k1")
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: 0o644)], ofItemAtPath: path)
        #expect(throws: StoreError.keyFilePermissions(path: path, mode: 0o644)) { try StoreKeyring.load(fileAt: path) }
    }

    @Test("The systemd credential directory wins over the fallback path")
    func credentialsDirectory() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try StoreKeyring.createKeyFile(at: dir.path(StoreKeyring.credentialName), id: "cred")
        let keyring = try StoreKeyring.load(environment: ["CREDENTIALS_DIRECTORY": dir.url.path], fallbackPath: "/nonexistent")
        #expect(keyring.currentKeyID == "cred")
    }

    @Test("A malformed key line is reported with its line number")
    func malformed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("keys")
        _ = FileManager.default.createFile(atPath: path, contents: Data("k1 not-base64\n".utf8), attributes: [.posixPermissions: NSNumber(value: 0o600)])
        #expect(throws: StoreError.keyFile(path: path, detail: "line 1 is not `<id> <base64 of 32 bytes>`")) {
            try StoreKeyring.load(fileAt: path)
        }
    }

    @Test("After rotation and reseal, data opens with the new key alone")
    func rotation() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let old = SymmetricKey(size: .bits256)
        let new = SymmetricKey(size: .bits256)
        let path = dir.path("a.sqlite")
        let record = CounterRecord(stream: "s", kind: "check-in", payload: Data("personal".utf8))
        do {
            let database = try AppDatabase(path: path, keyring: try StoreKeyring(keys: [("old", old)]))
            try database.enqueue(record)
            try await database.applySnapshotPage(dataset: "eligibility", rows: [SnapshotRow(key: "001099012345", body: Data("{}".utf8))], cursor: "1")
        }
        do {
            let onlyNew = try AppDatabase(path: path, keyring: try StoreKeyring(keys: [("new", new)]))
            #expect(throws: StoreError.unknownKey(id: "old")) { try onlyNew.record(id: record.id) }
        }
        let both = try AppDatabase(path: path, keyring: try StoreKeyring(keys: [("old", old), ("new", new)]))
        #expect(try both.valuesSealedWithOldKeys() == 2)
        #expect(try both.reseal() >= 1)
        #expect(try both.valuesSealedWithOldKeys() == 0)
        // The snapshot under the old index key was cleared so it downloads again.
        #expect(try both.snapshotCursor(dataset: "eligibility") == nil)
        let onlyNew = try AppDatabase(path: path, keyring: try StoreKeyring(keys: [("new", new)]))
        #expect(try onlyNew.record(id: record.id) == record)
    }

    @Test("A key of the wrong size is refused")
    func wrongSize() {
        #expect(throws: StoreError.self) { try StoreKeyring(keys: [("short", SymmetricKey(size: .bits128))]) }
    }
}
