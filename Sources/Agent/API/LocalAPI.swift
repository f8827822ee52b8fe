import Foundation
import Hummingbird
import Logging
import NIOCore

/// The local HTTP API (docs/API.md, docs/openapi-agent.yaml): health and metrics without a token,
/// everything under /v1 with the bearer token, session events as Server-Sent Events.
public struct LocalAPI: Sendable {
    public let hub: SessionHub
    public let token: String
    public let metrics: AgentMetrics?
    public let readiness: Readiness
    public let sync: SyncRoutes?

    public init(hub: SessionHub, token: String, metrics: AgentMetrics?, readiness: Readiness, sync: SyncRoutes? = nil) {
        self.hub = hub
        self.sync = sync
        self.token = token
        self.metrics = metrics
        self.readiness = readiness
    }

    /// The router with every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let hub = hub
        let readiness = readiness
        router.get("health") { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("ready") { _, _ in
            let missing = readiness.missing
            let body = Self.encode(ReadyAnswer(ready: missing.isEmpty, waitingFor: missing))
            return Self.json(body, status: missing.isEmpty ? .ok : .serviceUnavailable)
        }
        if let metrics {
            router.get("metrics") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
            }
        }
        let v1 = router.group("v1").add(middleware: BearerTokenMiddleware(token: token))
        v1.get("readers") { _, _ in Self.json(Self.encode(await hub.snapshots().map { ReaderAnswer(id: $0.id, name: $0.reader, phase: $0.phase) })) }
        v1.get("sessions") { _, _ in Self.json(Self.encode(await hub.snapshots())) }
        v1.get("sessions/:reader") { _, context in
            let id = try context.parameters.require("reader")
            return try await Self.answer { () async throws(AgentError) in Self.encode(try await hub.snapshot(id)) }
        }
        v1.get("sessions/:reader/result") { _, context in
            let id = try context.parameters.require("reader")
            return try await Self.answer { () async throws(AgentError) in
                let s = try await hub.snapshot(id)
                guard let r = s.result else { throw .conflict("no result yet: put a card on the reader and give its access key") }
                return Self.encode(r)
            }
        }
        v1.get("sessions/:reader/face") { _, context in
            let id = try context.parameters.require("reader")
            do {
                guard let face = try await hub.face(id) else {
                    return Self.json(Self.encode(ErrorAnswer(error: "no face: the card has left the reader or has not been read")), status: .notFound)
                }
                return Response(status: .ok, headers: [.contentType: face.format.mimeType, .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(bytes: face.imageData)))
            } catch let error as AgentError {
                return Self.failure(error)
            }
        }
        v1.post("sessions/:reader/access-key") { request, context in
            let id = try context.parameters.require("reader")
            let body = try await request.body.collect(upTo: 16 * 1024)
            let key: AccessKeyInput
            do { key = try JSONDecoder().decode(AccessKeyInput.self, from: Data(buffer: body)) } catch {
                return Self.json(Self.encode(ErrorAnswer(error: "body must be JSON: {\"can\": \"123456\"}, {\"idNumber\", \"dateOfBirth\", \"dateOfExpiry\"} or {\"qr\": \"…\"}")), status: .badRequest)
            }
            return try await Self.answer(status: .accepted) { () async throws(AgentError) in
                try await hub.submitKey(key, source: key.qr != nil ? .qr : .api, readerID: id)
                return Self.encode(try await hub.snapshot(id))
            }
        }
        v1.post("sessions/:reader/lookups") { _, context in
            let id = try context.parameters.require("reader")
            return try await Self.answer(status: .accepted) { () async throws(AgentError) in
                try await hub.requestLookups(readerID: id)
                return Self.encode(try await hub.snapshot(id))
            }
        }
        v1.get("events") { _, _ in
            let stream = hub.bus.subscribe()
            let current = await hub.snapshots()
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: ResponseBody { writer in
                // The state now, so a page that (re)connects draws the right screen.
                try await writer.write(ByteBuffer(string: "event: snapshot\ndata: \(Self.encode(current))\n\n"))
                for await event in stream {
                    try await writer.write(ByteBuffer(string: "event: \(event.event.rawValue)\ndata: \(event.jsonLine)\n\n"))
                }
                try await writer.finish(nil)
            })
        }
        KioskRoutes(hub: hub).register(on: router, v1: v1)
        sync?.register(on: v1)
        return router
    }

    // MARK: - Answers

    struct ReadyAnswer: Encodable { var ready: Bool; var waitingFor: [Readiness.Condition] }
    struct ReaderAnswer: Encodable { var id: String; var name: String; var phase: ReaderSession.Phase }
    struct ErrorAnswer: Encodable { var error: String }

    /// Sorted keys, dates in ISO 8601.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func failure(_ error: AgentError) -> Response {
        let status: HTTPResponse.Status = switch error {
        case .unknownReader: .notFound
        case .conflict: .conflict
        case .invalidAccessKey: .unprocessableContent
        default: .internalServerError
        }
        return json(encode(ErrorAnswer(error: error.description)), status: status)
    }

    static func answer(status: HTTPResponse.Status = .ok, _ body: () async throws(AgentError) -> String) async throws -> Response {
        do { return json(try await body(), status: status) } catch { return failure(error) }
    }
}
