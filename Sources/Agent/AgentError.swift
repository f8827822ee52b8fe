/// What can stop the agent or refuse a request, each with what a person should do about it.
public enum AgentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration has problems; each names its key.
    case configuration([ConfigurationIssue])
    /// The configuration file could not be read or parsed.
    case configurationFile(path: String, problem: String)
    /// The API token file could not be created or read.
    case tokenFile(path: String, problem: String)
    /// No reader with this id or name.
    case unknownReader(String)
    /// The request does not fit the session's state (e.g. an access key with no card present).
    case conflict(String)
    /// An access key that cannot open any card (wrong format).
    case invalidAccessKey(String)
    /// The local API could not be started.
    case api(String)
    /// The local database cannot be opened or used.
    case storage(String)

    public var description: String {
        switch self {
        case .configuration(let issues):
            "configuration is invalid:\n" + issues.map { "  - \($0)" }.joined(separator: "\n")
        case .configurationFile(let path, let problem): "cannot use configuration file \(path): \(problem)"
        case .tokenFile(let path, let problem): "API token file \(path): \(problem)"
        case .unknownReader(let r): "no reader '\(r)': list readers with GET /v1/readers"
        case .conflict(let why): why
        case .invalidAccessKey(let why): "access key unusable: \(why)"
        case .api(let why): "local API: \(why)"
        case .storage(let why): why
        }
    }
}

/// One problem with one configuration key.
public struct ConfigurationIssue: Sendable, Hashable, CustomStringConvertible {
    /// Dotted key, e.g. `api.listen`.
    public var key: String
    public var problem: String
    /// Where the value came from: `default`, the file path, or the environment variable.
    public var source: String

    public init(key: String, problem: String, source: String) {
        self.key = key
        self.problem = problem
        self.source = source
    }

    public var description: String { "\(key) (\(source)): \(problem)" }
}
