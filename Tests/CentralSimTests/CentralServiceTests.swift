import CentralAPI
import CentralSim
import CentralTestSupport
import Foundation
import Logging
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct Central {
    let folder: URL
    let storage: any CentralStorage
    let service: CentralService

    init(_ backend: CentralStorageKind) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-central-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        storage = try await backend.makeStorage(in: folder)
        var config = CentralConfiguration()
        config.port = 0
        config.agentTokens = ["agent"]
        config.adminToken = "admin"
        service = CentralService(configuration: config, storage: storage, extraRoutes: { router in
            router.get("gateway/ping") { _, _ in "pong" }
        }, logger: quietLogger())
    }

    /// Closes the store (PostgreSQL connections); call at the end of a test.
    func close() async { await (storage as? PostgresCentralStorage)?.close() }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

func send(_ method: String, _ url: URL, token: String?, headers: [String: String] = [:], body: String? = nil) async throws -> (Int, String) {
    var request = URLRequest(url: url)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    if let body {
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

@Suite("Central service over HTTP", .serialized)
struct CentralServiceTests {
    @Test("A replayed Idempotency-Key returns the original answer and stores no second record", arguments: testedBackends)
    func idempotentIntake(backend: CentralStorageKind) async throws {
        let central = try await Central(backend)
        defer { central.remove() }
        let running = try await central.service.startInBackground()
        defer { Task { await running.stop() } }
        let url = running.baseURL.appendingPathComponent("v1/records")
        let body = #"{"stream":"s","kind":"check-in","createdAt":"2026-01-02T03:04:05Z","payload":"eyJhIjoxfQ=="}"#
        let (status1, answer1) = try await send("POST", url, token: "agent", headers: ["Idempotency-Key": "key-1"], body: body)
        let (status2, answer2) = try await send("POST", url, token: "agent", headers: ["Idempotency-Key": "key-1"], body: body)
        #expect(status1 == 201 && status2 == 201)
        let first = try JSONDecoder().decode(RecordAnswer.self, from: Data(answer1.utf8))
        let second = try JSONDecoder().decode(RecordAnswer.self, from: Data(answer2.utf8))
        #expect(first.recordId != nil && first.recordId == second.recordId)
        #expect(first.replayed == false && second.replayed == true)
        #expect(try await central.storage.recordCount() == 1)
        let other = body.replacingOccurrences(of: "eyJhIjoxfQ==", with: "eyJhIjoyfQ==")
        let (status3, _) = try await send("POST", url, token: "agent", headers: ["Idempotency-Key": "key-1"], body: other)
        #expect(status3 == 422)
        let (status4, _) = try await send("POST", url, token: "agent", body: body)
        #expect(status4 == 400)
        #expect(try await central.storage.recordCount() == 1)
        await central.close()
    }

    @Test("Agent routes need a known token; health and the OpenAPI document do not", arguments: testedBackends)
    func auth(backend: CentralStorageKind) async throws {
        let central = try await Central(backend)
        defer { central.remove() }
        let running = try await central.service.startInBackground()
        defer { Task { await running.stop() } }
        let snapshots = running.baseURL.appendingPathComponent("v1/snapshots/eligibility")
        #expect(try await send("GET", snapshots, token: nil).0 == 401)
        #expect(try await send("GET", snapshots, token: "nope").0 == 401)
        #expect(try await send("GET", snapshots, token: "agent").0 == 200)
        #expect(try await send("GET", running.baseURL.appendingPathComponent("admin/faults"), token: "agent").0 == 401)
        let (status, yaml) = try await send("GET", running.baseURL.appendingPathComponent("openapi.yaml"), token: nil)
        #expect(status == 200 && yaml.hasPrefix("openapi: 3.1.0"))
        for path in ["/v1/records:", "/v1/records/batch:", "/v1/snapshots/{dataset}:", "/admin/faults:"] { #expect(yaml.contains(path)) }
        #expect(try await send("GET", running.baseURL.appendingPathComponent("gateway/ping"), token: nil) == (200, "pong"))
        await central.close()
    }

    @Test("The admin endpoint changes the fault plan; an error rate of 1 fails every agent request", arguments: testedBackends)
    func faultsByAdmin(backend: CentralStorageKind) async throws {
        let central = try await Central(backend)
        defer { central.remove() }
        let running = try await central.service.startInBackground()
        defer { Task { await running.stop() } }
        let faults = running.baseURL.appendingPathComponent("admin/faults")
        #expect(try await send("PUT", faults, token: "admin", body: #"{"errorRate":1}"#).0 == 200)
        #expect(central.service.faults.current == FaultPlan(errorRate: 1))
        #expect(try await send("GET", running.baseURL.appendingPathComponent("v1/snapshots/x"), token: "agent").0 == 500)
        #expect(try await send("PUT", faults, token: "admin", body: #"{"errorRate":2}"#).0 == 400)
        #expect(try await send("PUT", faults, token: "admin", body: #"{}"#).0 == 200)
        #expect(try await send("GET", running.baseURL.appendingPathComponent("v1/snapshots/x"), token: "agent").0 == 200)
        await central.close()
    }

    @Test("Snapshot export pages by cursor and refuses a cursor it did not issue", arguments: testedBackends)
    func snapshotCursor(backend: CentralStorageKind) async throws {
        let central = try await Central(backend)
        defer { central.remove() }
        try await central.storage.putSnapshotRows(dataset: "d", rows: (0..<5).map { SnapshotEntry(key: "k\($0)", body: Data([UInt8($0)])) })
        let first = try await central.storage.snapshotPage(dataset: "d", after: nil, limit: 3)
        #expect(first.rows.map(\.key) == ["k0", "k1", "k2"] && first.hasMore)
        let second = try await central.storage.snapshotPage(dataset: "d", after: first.nextCursor, limit: 3)
        #expect(second.rows.map(\.key) == ["k3", "k4"] && !second.hasMore)
        try await central.storage.putSnapshotRows(dataset: "d", rows: [SnapshotEntry(key: "k1", body: Data([9]))])
        let third = try await central.storage.snapshotPage(dataset: "d", after: second.nextCursor, limit: 3)
        #expect(third.rows == [SnapshotEntry(key: "k1", body: Data([9]))])
        let running = try await central.service.startInBackground()
        defer { Task { await running.stop() } }
        var components = URLComponents(url: running.baseURL.appendingPathComponent("v1/snapshots/d"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "since", value: "abc")]
        let url = try #require(components?.url)
        #expect(try await send("GET", url, token: "agent").0 == 400)
        await central.close()
    }
}
