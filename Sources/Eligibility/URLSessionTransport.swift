import CentralAPI
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `HTTPTransport` over Foundation's `URLSession` (libcurl on Linux).
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let timeout: TimeInterval

    /// A transport with its own session; `timeout` bounds the whole request (integrators use 60 s).
    public init(timeout: TimeInterval = 60) {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        config.httpCookieAcceptPolicy = .never
        config.urlCache = nil
        session = URLSession(configuration: config)
        self.timeout = timeout
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse {
        var r = URLRequest(url: request.url, timeoutInterval: timeout)
        r.httpMethod = request.method
        for (k, v) in request.headers { r.setValue(v, forHTTPHeaderField: k) }
        if !request.body.isEmpty { r.httpBody = Data(request.body) }
        do {
            let (data, response) = try await session.dataDetachedFromCancellation(for: r)
            guard let http = response as? HTTPURLResponse else { throw TransportFailure.other("not an HTTP response") }
            return HTTPResponse(status: http.statusCode, body: Array(data))
        } catch let f as TransportFailure {
            throw f
        } catch let e as URLError {
            throw URLSessionTransport.classify(e)
        } catch {
            throw .other(String(describing: error))
        }
    }

    static func classify(_ e: URLError) -> TransportFailure {
        switch e.code {
        case .networkConnectionLost: .connectionReset("connection lost (\(e.code.rawValue))")
        case .timedOut: .timedOut("no answer within the transport timeout")
        case .cannotConnectToHost, .cannotFindHost, .notConnectedToInternet, .dnsLookupFailed:
            .unreachable("cannot connect (\(e.code.rawValue))")
        default: .other("URL error \(e.code.rawValue)")
        }
    }
}
