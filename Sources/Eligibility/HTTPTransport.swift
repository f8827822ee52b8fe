import Foundation

/// One HTTP request, as plain values.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: [UInt8]
    public init(method: String, url: URL, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response, as plain values.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Why a request got no HTTP answer; only `connectionReset` may be retried.
public enum TransportFailure: Error, Sendable, Equatable {
    /// The peer reset or dropped an established connection.
    case connectionReset(String)
    /// No connection could be made (refused, unreachable, DNS).
    case unreachable(String)
    /// The transport's own timeout fired.
    case timedOut(String)
    /// Anything else.
    case other(String)
}

/// Sends one request and returns the response; the only IO the gateway clients need.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; throws `TransportFailure` when no HTTP answer arrived.
    func send(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse
}
