import CentralAPI
import Foundation
import Hummingbird

extension CentralService {
    private struct SingleRecord: Codable {
        var stream: String
        var kind: String
        var createdAt: Date
        var payload: Data
    }
    private struct KeyList: Codable {
        var count: Int
        var keys: [String]
    }
    private struct RowUpload: Codable { var rows: [SnapshotEntry] }

    static let maxBody = 16 * 1024 * 1024

    /// Refusal reason for a record the central will never accept, or nil.
    func refusal(for item: RecordUpload) -> String? {
        if item.stream.isEmpty || item.idempotencyKey.isEmpty { return "stream and idempotencyKey must not be empty" }
        if let kinds = configuration.acceptedKinds, !kinds.contains(item.kind) { return "unknown record kind '\(item.kind)'" }
        if item.payload.count > 256 * 1024 { return "payload larger than 256 KiB" }
        return nil
    }

    func addRecordRoutes(to router: CentralRouter) {
        router.post("v1/records/batch") { request, _ -> Response in
            let batch = try await CentralHTTP.decode(RecordBatch.self, from: request, limit: Self.maxBody)
            guard batch.records.count <= self.configuration.maxBatch else {
                throw HTTPError(.contentTooLarge, message: "at most \(self.configuration.maxBatch) records per batch")
            }
            let answers = try await self.storage.intake(batch.records) { self.refusal(for: $0) }
            return try CentralHTTP.response(RecordBatchAnswer(results: answers))
        }
        router.post("v1/records") { request, _ -> Response in
            guard let key = request.headers.first(where: { $0.name.canonicalName == "idempotency-key" })?.value, !key.isEmpty else {
                throw HTTPError(.badRequest, message: "Idempotency-Key header required")
            }
            let record = try await CentralHTTP.decode(SingleRecord.self, from: request, limit: Self.maxBody)
            let item = RecordUpload(idempotencyKey: key, stream: record.stream, kind: record.kind,
                                  createdAt: record.createdAt, payload: record.payload)
            let answers = try await self.storage.intake([item]) { self.refusal(for: $0) }
            guard let answer = answers.first else { throw HTTPError(.internalServerError, message: "no answer") }
            return try CentralHTTP.response(answer, status: HTTPResponse.Status(code: answer.status))
        }
    }

    func addSnapshotRoutes(to router: CentralRouter) {
        router.get("v1/snapshots/:dataset") { request, context -> Response in
            let dataset = try context.parameters.require("dataset")
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 1_000
            guard (1...10_000).contains(limit) else { throw HTTPError(.badRequest, message: "limit must be 1…10000") }
            let since = request.uri.queryParameters.get("since")
            if let since, Int64(since) == nil { throw HTTPError(.badRequest, message: "since must be a cursor from a previous page") }
            return try CentralHTTP.response(try await self.storage.snapshotPage(dataset: dataset, after: since, limit: limit))
        }
    }

    func addAdminRoutes(to router: CentralRouter) {
        router.get("admin/faults") { _, _ -> Response in try CentralHTTP.response(self.faults.current) }
        router.put("admin/faults") { request, _ -> Response in
            let plan = try await CentralHTTP.decode(FaultPlan.self, from: request, limit: 4096)
            guard plan.isValid else { throw HTTPError(.badRequest, message: "rates must be within 0…1, latency ≥ 0") }
            self.faults.set(plan)
            return try CentralHTTP.response(plan)
        }
        router.get("admin/records/keys") { _, _ -> Response in
            let keys = try await self.storage.recordKeys()
            return try CentralHTTP.response(KeyList(count: keys.count, keys: keys))
        }
        router.put("admin/snapshots/:dataset") { request, context -> Response in
            let dataset = try context.parameters.require("dataset")
            let upload = try await CentralHTTP.decode(RowUpload.self, from: request, limit: Self.maxBody)
            try await self.storage.putSnapshotRows(dataset: dataset, rows: upload.rows)
            return Response(status: .noContent)
        }
    }
}
