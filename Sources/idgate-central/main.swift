import ArgumentParser
import CentralSim
import Foundation
import InsuranceGatewaySim

/// `idgate-central`: the reference central service (record intake, snapshots, fault injection).
@main
struct IDGateCentral: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idgate-central",
        abstract: "Reference central service for idgate agents: record intake, snapshot export, OpenAPI at /openapi.yaml.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 8086
    @Option(name: .customLong("storage"), help: "Storage back end: sqlite (one machine) or postgres (a fleet).")
    var storageKind = CentralStorageKind.sqlite
    @Option(help: "SQLite database file (--storage sqlite).") var database = "idgate-central.sqlite"
    @Option(help: "postgres://user[:password]@host[:port]/database (--storage postgres; or set IDGATE_POSTGRES_URL).")
    var postgresURL: String?
    @Option(help: "File with one accepted agent token per line (or set IDGATE_AGENT_TOKENS, comma-separated).")
    var agentTokensFile: String?
    @Option(help: "Admin token for /admin (or set IDGATE_ADMIN_TOKEN); admin routes are off without it.")
    var adminToken: String?
    @Option(help: "Latency added to agent requests, in milliseconds.") var faultLatencyMs = 0
    @Option(help: "Share of agent requests answered 500 (0…1).") var faultErrorRate = 0.0
    @Option(help: "Share of agent requests processed, then dropped without an answer (0…1).") var faultDropRate = 0.0
    @Flag(help: "Also serve the simulated insurance gateway and health-check certificate registry (/api/…).")
    var gatewaySim = false
    @Option(help: "Account of the simulated gateway.") var gatewayUsername = "79001_BV"
    @Option(help: "Password of the simulated gateway account.") var gatewayPassword = "matkhau"
    @Option(help: "ID number of a seeded person to leave out of the eligibility snapshot (repeatable; demos of provisional answers).")
    var snapshotLeaveOut: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var config = CentralConfiguration()
        config.host = host
        config.port = port
        config.adminToken = adminToken ?? environment["IDGATE_ADMIN_TOKEN"]
        var tokens = Set((environment["IDGATE_AGENT_TOKENS"] ?? "").split(separator: ",").map(String.init))
        if let agentTokensFile {
            let text = try String(contentsOfFile: agentTokensFile, encoding: .utf8)
            tokens.formUnion(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        guard !tokens.isEmpty else {
            throw ValidationError("no agent token configured: pass --agent-tokens-file or set IDGATE_AGENT_TOKENS")
        }
        config.agentTokens = tokens
        config.faults = FaultPlan(latencyMilliseconds: faultLatencyMs, errorRate: faultErrorRate, dropAfterReceiveRate: faultDropRate)
        let simulator = gatewaySim ? InsuranceGatewaySimulator(username: gatewayUsername, password: gatewayPassword) : nil
        var storage: any CentralStorage = try await openStorage(environment: environment)
        if let simulator {
            // Eligibility snapshot from the seeded people; certificates from pushes and agents' outboxes.
            storage = try await CentralGatewayBridge.attach(simulator, to: storage, leavingOut: Set(snapshotLeaveOut))
        }
        let service = CentralService(configuration: config, storage: storage) { router in
            if let simulator { addInsuranceGatewayRoutes(to: router, simulator: simulator) }
        }
        let host = config.host
        try await service.run { port in
            FileHandle.standardOutput.write(Data("idgate-central listening on \(host):\(port)\n".utf8))
        }
    }

    private func openStorage(environment: [String: String]) async throws -> any CentralStorage {
        switch storageKind {
        case .sqlite:
            return try SQLiteCentralStorage(path: database)
        case .postgres:
            guard let url = postgresURL ?? environment["IDGATE_POSTGRES_URL"] else {
                throw ValidationError("--storage postgres needs --postgres-url or IDGATE_POSTGRES_URL")
            }
            return try await PostgresCentralStorage.connect(url: url)
        }
    }
}

extension CentralStorageKind: ExpressibleByArgument {}
