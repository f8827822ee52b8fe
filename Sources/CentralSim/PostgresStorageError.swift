import Foundation

/// Why PostgreSQL storage or a scratch PostgreSQL server could not be used.
public enum PostgresStorageError: Error, Equatable, CustomStringConvertible {
    /// The connection URL is not `postgres://user[:password]@host[:port]/database`.
    case invalidURL(String)
    /// The server binaries (initdb, pg_ctl) were not found.
    case notInstalled(searched: [String])
    /// A server command failed; `log` holds the end of its output.
    case commandFailed(command: String, status: Int32, log: String)

    public var description: String {
        switch self {
        case .invalidURL(let url):
            "invalid PostgreSQL URL '\(url)': expected postgres://user[:password]@host[:port]/database"
        case .notInstalled(let searched):
            "PostgreSQL server is not installed (looked in \(searched.joined(separator: ", "))): "
                + "apt-get install postgresql (it is listed in scripts/debian-packages.txt)"
        case .commandFailed(let command, let status, let log):
            "\(command) exited with status \(status): \(log)"
        }
    }
}
