import CentralAPI
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The two calls the agent makes to the central; HTTP in production, anything in tests.
public protocol CentralTransport: Sendable {
    /// Uploads records in order; returns one result per record.
    func upload(_ items: [RecordUpload]) async throws(SyncError) -> [RecordAnswer]
    /// Fetches the rows of `dataset` changed after `cursor` (nil: from the start).
    func snapshotPage(dataset: String, since cursor: String?, limit: Int) async throws(SyncError) -> SnapshotPage
}

/// `CentralTransport` over HTTP with URLSession (FoundationNetworking on Linux) and a bearer token.
public final class HTTPCentralClient: CentralTransport {
    private let baseURL: URL
    private let token: String
    private let session: URLSession

    /// A client for the central at `baseURL`, giving up on a request after `timeout` seconds (at least 1:
    /// FoundationNetworking on Linux hands curl whole seconds, and a sub-second value times out at once).
    public init(baseURL: URL, token: String, timeout: TimeInterval = 15) {
        self.baseURL = baseURL
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        let timeout = max(1, timeout.rounded(.up))
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpMaximumConnectionsPerHost = 2
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func upload(_ items: [RecordUpload]) async throws(SyncError) -> [RecordAnswer] {
        var request = URLRequest(url: baseURL.appendingPathComponent("v1/records/batch"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        do { request.httpBody = try CentralJSON.encoder.encode(RecordBatch(records: items)) } catch {
            throw .malformedResponse("cannot encode batch: \(error)")
        }
        let response: RecordBatchAnswer = try await exchange(request)
        return response.results
    }

    public func snapshotPage(dataset: String, since cursor: String?, limit: Int) async throws(SyncError) -> SnapshotPage {
        var components = URLComponents(url: baseURL.appendingPathComponent("v1/snapshots/\(dataset)"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "limit", value: String(limit))] + (cursor.map { [URLQueryItem(name: "since", value: $0)] } ?? [])
        guard let url = components?.url else { throw .malformedResponse("bad dataset name \(dataset)") }
        return try await exchange(URLRequest(url: url))
    }

    private func exchange<T: Decodable>(_ request: URLRequest) async throws(SyncError) -> T {
        var request = request
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.dataDetachedFromCancellation(for: request)
        } catch {
            throw .unreachable(error.localizedDescription)
        }
        guard let http = response as? HTTPURLResponse else { throw .malformedResponse("not an HTTP answer") }
        if let failure = SyncError.classify(status: http.statusCode, detail: String(decoding: data.prefix(300), as: UTF8.self)) {
            throw failure
        }
        do { return try CentralJSON.decoder.decode(T.self, from: data) } catch {
            throw .malformedResponse("\(T.self): \(error)")
        }
    }
}
