import CentralAPI
import Foundation
import Hummingbird
import Logging

/// Settings of a central service instance.
public struct CentralConfiguration: Sendable {
    /// Address to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on; 0 picks a free one (reported through `run(onRunning:)`).
    public var port = 8086
    /// Bearer tokens accepted from agents on `/v1/…`.
    public var agentTokens: Set<String> = []
    /// Bearer token for `/admin/…`; nil disables the admin endpoints.
    public var adminToken: String?
    /// Faults injected from the start.
    public var faults = FaultPlan.none
    /// Record kinds accepted; others are refused with 422 (nil accepts any kind).
    public var acceptedKinds: Set<String>? = ["check-in", "lookup", "health-certificate", "test"]
    /// Largest batch accepted in one request.
    public var maxBatch = 1_000

    public init() {}
}

/// The reference central service: record intake, snapshot export, admin and OpenAPI routes.
public final class CentralService: Sendable {
    /// The router type extra route sets are mounted on.
    public typealias CentralRouter = Router<BasicRequestContext>

    public let configuration: CentralConfiguration
    public let storage: any CentralStorage
    /// The fault plan in force; tests may change it directly or through `PUT /admin/faults`.
    public let faults: FaultInjector
    private let extraRoutes: @Sendable (CentralRouter) -> Void
    private let logger: Logger

    /// A central on `storage`; `extraRoutes` mounts further route groups (e.g. the insurance gateway).
    public init(configuration: CentralConfiguration, storage: any CentralStorage,
                extraRoutes: @escaping @Sendable (CentralRouter) -> Void = { _ in },
                logger: Logger = Logger(label: "idgate.central")) {
        self.configuration = configuration
        self.storage = storage
        self.faults = FaultInjector(configuration.faults)
        self.extraRoutes = extraRoutes
        self.logger = logger
    }

    /// The router with every route and middleware.
    public func makeRouter() -> CentralRouter {
        let router = CentralRouter()
        router.add(middleware: TokenAuthMiddleware(agentTokens: configuration.agentTokens, adminToken: configuration.adminToken))
        router.add(middleware: FaultMiddleware(injector: faults))
        router.get("health") { _, _ in "ok" }
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        addRecordRoutes(to: router)
        addSnapshotRoutes(to: router)
        addAdminRoutes(to: router)
        extraRoutes(router)
        return router
    }

    /// Serves until cancelled or sent SIGTERM/SIGINT; `onRunning` receives the bound port.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "idgate-central"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }
}

/// Encoding and decoding of HTTP bodies in the central's JSON.
enum CentralHTTP {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try CentralJSON.encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let buffer = try await request.body.collect(upTo: limit)
        do {
            return try CentralJSON.decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: "body is not a valid \(T.self): \(error)")
        }
    }
}
