import Eligibility
import Foundation
import InsuranceGatewaySim
import Testing

/// A simulated gateway on a real loopback port and a client configured for it.
struct GatewayFixture {
    let server: GatewaySimServer
    let simulator: InsuranceGatewaySimulator
    let configuration: GatewayConfiguration

    static func start(
        endpoint: CardCheckEndpoint = .kqNhanLichSuKCB2024, encodings: [String: BodyEncoding] = [:],
        staff: RegisteredStaff = .seeded, tokenLifetime: TimeInterval = 1800
    ) async throws -> GatewayFixture {
        let simulator = InsuranceGatewaySimulator(username: "79001_BV", password: "matkhau", tokenLifetime: tokenLifetime)
        let server = GatewaySimServer(simulator: simulator)
        let port = try await server.start()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
        let config = GatewayConfiguration(
            baseURL: url, username: "79001_BV", password: "matkhau", staffName: staff.name, staffID: staff.idNumber,
            cardCheckEndpoint: endpoint, encodings: encodings)
        return GatewayFixture(server: server, simulator: simulator, configuration: config)
    }

    func client(transport: any HTTPTransport = URLSessionTransport(timeout: 10), now: @escaping @Sendable () -> Date = { Date() }) -> InsuranceGatewayClient {
        InsuranceGatewayClient(configuration: configuration, transport: transport, now: now)
    }

    /// The seeded person answering `code`, looked up with their correct name and birth date.
    func query(code: String, byCard: Bool = false) async throws -> EligibilityQuery {
        let person = try #require(await simulator.people.first { $0.resultCode == code })
        return byCard
            ? try EligibilityQuery(cardCode: person.cardCode, name: person.name, birthDate: person.birthDate)
            : try EligibilityQuery(idNumber: person.idNumber, name: person.name, birthDate: person.birthDate)
    }

    func stop() async { await server.stop() }
}

/// A transport that fails the first `failures` requests with `failure`, then sends for real.
final class FlakyTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int
    private let failure: TransportFailure
    private let real = URLSessionTransport(timeout: 10)
    private(set) var attempts = 0

    init(failures: Int, failure: TransportFailure) {
        remaining = failures
        self.failure = failure
    }

    func send(_ request: HTTPRequest) async throws(TransportFailure) -> HTTPResponse {
        let fail = lock.withLock { () -> Bool in
            attempts += 1
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
        if fail { throw failure }
        return try await real.send(request)
    }
}

/// A clock tests can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0
    func advance(_ seconds: TimeInterval) { lock.withLock { offset += seconds } }
    var now: Date { lock.withLock { Date().addingTimeInterval(offset) } }
}
