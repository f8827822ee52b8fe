import ArgumentParser
import Foundation
import InsuranceGatewaySim

struct LookupSimulateGateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-gateway",
        abstract: "Serve the simulated insurance gateway (seeded people, staff, certificates) for demos and tests.")

    @Option(help: "Loopback port.") var port: Int = 8089
    @Option(help: "Gateway account name.") var username: String = "79001_BV"
    @Option(help: "Gateway account password.") var password: String = "matkhau"
    @Option(help: "Token lifetime in seconds.") var tokenLifetime: Double = 1800

    func run() async throws {
        let simulator = InsuranceGatewaySimulator(username: username, password: password, tokenLifetime: tokenLifetime)
        let app = buildInsuranceGatewayApplication(simulator: simulator, port: port) { bound in
            print("simulated insurance gateway on http://127.0.0.1:\(bound) (staff \(RegisteredStaff.seeded.idNumber)); Ctrl-C stops")
        }
        try await app.runService()
    }
}
