import Foundation

extension TrustStore {
    /// What loading a directory did: certificates added and one entry per master list.
    public struct DirectoryImport: Sendable, Hashable, Codable {
        public var certificatesAdded: Int
        public var masterLists: [String: MasterListImport]
    }

    /// Loads every `.der`/`.cer`/`.crt`/`.pem` certificate in `path`, then every `.ml` master list (so a list's
    /// signer can chain to a certificate from the same directory). Other files are ignored.
    @discardableResult
    public mutating func addDirectory(_ path: String, at date: Date = Date(), requireTrustedSigner: Bool = false)
        throws(PassiveAuthError) -> DirectoryImport
    {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        var result = DirectoryImport(certificatesAdded: 0, masterLists: [:])
        let certExtensions: Set<String> = ["der", "cer", "crt", "pem"]
        for name in names where certExtensions.contains((name as NSString).pathExtension.lowercased()) {
            for cert in try Certificate.load(fileContents: try Self.read(path, name)) where add(cert) { result.certificatesAdded += 1 }
        }
        for name in names where (name as NSString).pathExtension.lowercased() == "ml" {
            result.masterLists[name] = try addMasterList(derEncoded: try Self.read(path, name), at: date,
                requireTrustedSigner: requireTrustedSigner)
        }
        return result
    }

    private static func read(_ directory: String, _ name: String) throws(PassiveAuthError) -> [UInt8] {
        let full = (directory as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: full) else { throw .unreadable(path: full, reason: "no such file or no permission") }
        return [UInt8](data)
    }
}
