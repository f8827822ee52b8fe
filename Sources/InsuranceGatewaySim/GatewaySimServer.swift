import Foundation
import Hummingbird
import Logging

/// Builds a standalone application serving only the simulated gateway (for tests and demos).
public func buildInsuranceGatewayApplication(
    simulator: InsuranceGatewaySimulator, host: String = "127.0.0.1", port: Int = 0,
    logLevel: Logger.Level = .warning, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    addInsuranceGatewayRoutes(to: router, simulator: simulator)
    var logger = Logger(label: "idgate.gateway-sim")
    logger.logLevel = logLevel
    return Application(
        router: router, configuration: .init(address: .hostname(host, port: port)),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger)
}

/// A simulated gateway running on a loopback port until `stop()`; can be restarted on the same port.
public actor GatewaySimServer {
    public let simulator: InsuranceGatewaySimulator
    private var task: Task<Void, any Error>?
    /// The bound port (0 before the first start).
    public private(set) var port = 0

    public init(simulator: InsuranceGatewaySimulator) { self.simulator = simulator }

    /// Starts serving (on the previous port after a restart); returns the port.
    @discardableResult
    public func start() async throws -> Int {
        if task != nil { return port }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        // Stopping cancels the server task; Hummingbird logs that cancellation as errors, so only critical ones are shown.
        let app = buildInsuranceGatewayApplication(simulator: simulator, port: port, logLevel: .critical) { bound in
            sink.yield(bound)
            sink.finish()
        }
        task = Task {
            defer { sink.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var bound: Int?
        for await p in ports { bound = p }
        guard let bound else {
            let t = task
            task = nil
            try await t?.value
            throw CancellationError()
        }
        port = bound
        return bound
    }

    /// Stops serving and waits until the port is closed.
    public func stop() async {
        task?.cancel()
        _ = try? await task?.value
        task = nil
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
}
