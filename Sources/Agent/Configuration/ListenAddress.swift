/// Where the local API listens: a loopback TCP address or a Unix socket path.
public enum ListenAddress: Sendable, Hashable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// Parses `127.0.0.1:8787`, `[::1]:8787`, `localhost:8787` or `unix:/path`; refuses non-loopback hosts.
    public init(parsing text: String) throws(ListenAddressError) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard path.hasPrefix("/") else { throw ListenAddressError("a Unix socket path must be absolute, e.g. unix:/run/idgate/api.sock") }
            self = .unix(path: path)
            return
        }
        let host: String
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ListenAddressError("expected [address]:port, e.g. [::1]:8787")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ListenAddressError("expected host:port, e.g. 127.0.0.1:8787, or unix:/path") }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else { throw ListenAddressError("port must be 0…65535, got '\(portText)'") }
        guard ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") else {
            throw ListenAddressError("'\(host)' is not a loopback address: the API holds personal data and listens on loopback only (127.0.0.1, ::1) or a Unix socket")
        }
        self = .tcp(host: host == "localhost" ? "127.0.0.1" : host, port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }
}

/// Why a listen address was refused.
public struct ListenAddressError: Error, Sendable, Hashable {
    public var message: String
    init(_ message: String) { self.message = message }
}
