import Foundation
import Hummingbird
import Store

/// `/v1/sync…`: the upload's backlog and health, the records the central refused, and queuing them again.
public struct SyncRoutes: Sendable {
    let database: AppDatabase
    /// Nil when `[sync]` is not configured (records are kept locally only).
    let sync: AgentSyncService?

    public init(database: AppDatabase, sync: AgentSyncService?) {
        self.database = database
        self.sync = sync
    }

    /// The answer of `GET /v1/sync`.
    struct StatusAnswer: Encodable {
        var configured: Bool
        var backlog: Int
        var deadLetters: Int
        var delivered: Int
        var offline: Bool
        var lastSuccessAt: Date?
        var lastError: String?
        var oldestPendingAt: Date?
        /// Seconds the oldest waiting record has waited.
        var lagSeconds: Int
    }

    struct RetryRequest: Decodable { var recordIDs: [String]? }
    struct RetryAnswer: Encodable { var queued: Int }

    func register(on v1: RouterGroup<BasicRequestContext>) {
        let database = database, sync = sync
        v1.get("sync") { _, _ in
            Self.run {
                let s = try database.syncStatus()
                return LocalAPI.encode(StatusAnswer(
                    configured: sync?.uploader != nil, backlog: s.backlog, deadLetters: s.deadLetters, delivered: s.delivered, offline: s.offline,
                    lastSuccessAt: s.lastSuccessAt, lastError: s.lastError, oldestPendingAt: s.oldestPendingAt, lagSeconds: Int(s.lag())))
            }
        }
        v1.get("sync/dead-letters") { _, _ in Self.run { LocalAPI.encode(try database.deadLetters()) } }
        v1.post("sync/retry") { request, _ in
            let body = try await request.body.collect(upTo: 256 * 1024)
            var ids: [String]?
            if body.readableBytes > 0 {
                do { ids = try JSONDecoder().decode(RetryRequest.self, from: Data(buffer: body)).recordIDs } catch {
                    return LocalAPI.json(LocalAPI.encode(LocalAPI.ErrorAnswer(error: #"body must be empty (retry all) or JSON {"recordIDs": ["…"]}"#)),
                                         status: .badRequest)
                }
            }
            return Self.run {
                let queued = try database.retryDeadLetters(recordIDs: ids)
                sync?.wake()
                return LocalAPI.encode(RetryAnswer(queued: queued))
            }
        }
    }

    /// A 200 with `body()`, or a 503 naming the store's failure (disk full, damaged file).
    static func run(_ body: () throws -> String) -> Response {
        do { return LocalAPI.json(try body()) } catch {
            return LocalAPI.json(LocalAPI.encode(LocalAPI.ErrorAnswer(error: "local database: \(error)")), status: .serviceUnavailable)
        }
    }
}
