import Foundation

/// The `[sync]` section, validated: where the central service is and how the agent proves who it is.
public struct SyncConfiguration: Sendable, Hashable {
    public var centralURL: URL
    /// The agent's bearer token for the central (read at load from the credential, the environment or the file).
    public var token: String
    /// Between snapshot refreshes and provisional re-checks.
    public var interval: Duration
    /// Records per upload request.
    public var batchSize: Int

    public init(centralURL: URL, token: String, interval: Duration = .seconds(60), batchSize: Int = 200) {
        self.centralURL = centralURL
        self.token = token
        self.interval = interval
        self.batchSize = batchSize
    }
}

/// Secrets handed to the service by systemd (`LoadCredential=`), else nil.
enum Credential {
    static func read(_ name: String, environment: [String: String]) -> String? {
        guard let dir = environment["CREDENTIALS_DIRECTORY"], !dir.isEmpty,
              let data = FileManager.default.contents(atPath: dir + "/" + name)
        else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
