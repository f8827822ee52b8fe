import CentralSim
import Eligibility
import Foundation
import InsuranceGatewaySim
import LicenseHealth
import Logging
import Store
import Sync
import Testing

/// A central on a loopback port with the gateway routes, its certificate registry on a SQLite file.
struct CentralWithGateway {
    static let token = "agent-token"
    let folder: URL
    let simulator: InsuranceGatewaySimulator
    let running: CentralService.Running

    static func start(folder: URL, port: Int = 0) async throws -> CentralWithGateway {
        let simulator = InsuranceGatewaySimulator(username: "79001_BV", password: "matkhau")
        let storage = try await CentralGatewayBridge.attach(
            simulator, to: try SQLiteCentralStorage(path: folder.appendingPathComponent("central.sqlite").path))
        var config = CentralConfiguration()
        config.port = port
        config.agentTokens = [token]
        var logger = Logger(label: "idgate.central.test")
        logger.logLevel = .critical
        let service = CentralService(configuration: config, storage: storage, extraRoutes: { addInsuranceGatewayRoutes(to: $0, simulator: simulator) },
                                     logger: logger)
        return CentralWithGateway(folder: folder, simulator: simulator, running: try await service.startInBackground())
    }

    var transport: HTTPCentralClient { HTTPCentralClient(baseURL: running.baseURL, token: Self.token, timeout: 5) }
    var registryClient: CertificateRegistryClient {
        CertificateRegistryClient(baseURL: running.baseURL, username: "79001_BV", password: "matkhau", transport: URLSessionTransport(timeout: 5))
    }
}

@Suite("Certificates made at the clinic travel through the outbox to the central", .serialized)
struct CertificateOutboxTests {
    @Test("ADD then EDIT are stored once by number and class, a second ADD is dead-lettered with the reason, look-ups find them online, offline and after a central restart")
    func outboxToCentral() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (signer, keyDir) = try Fixtures.signingIdentity()
        defer { try? FileManager.default.removeItem(at: keyDir) }
        let today = GatewayDate(Date())
        let agent = try AppDatabase(path: folder.appendingPathComponent("agent.sqlite").path, keyring: .generate())
        let outbox = CertificateOutbox(database: agent)

        var unsigned = try Fixtures.certificate(sequence: 7, concluded: today)
        #expect(throws: LicenseHealthError.self) { try outbox.enqueue(unsigned) }
        let added = try SignedCertificateXML.sign(unsigned, identity: signer)
        try outbox.enqueue(added)
        unsigned.state = "EDIT"
        unsigned.doctor = "BS. Trần Thị Hoa"
        let edited = try SignedCertificateXML.sign(unsigned, identity: signer)
        try outbox.enqueue(edited)
        let duplicateAdd = try outbox.enqueue(added)
        try outbox.enqueue(try SignedCertificateXML.sign(try Fixtures.certificate(sequence: 8, licenceClass: .c, concluded: today), identity: signer))

        var central = try await CentralWithGateway.start(folder: folder)
        let report = try await OutboxUploader(database: agent, transport: central.transport).drain()
        #expect(report.delivered == 3)
        #expect(report.deadLettered == 1)
        let dead = try agent.deadLetters()
        #expect(dead.map(\.recordID) == [duplicateAdd])
        #expect(dead.first?.reason.contains("already exists; send EDIT") == true)

        let online = try await central.registryClient.certificates(forID: added.idNumber)
        #expect(Set(online.map(\.registryKey)) == [added.registryKey, "00008/GKSKLX/79001/\(String(format: "%02d", today.year % 100))|C"])
        #expect(online.first { $0.licenceClass == "B" }?.doctor == "BS. Trần Thị Hoa", "the EDIT replaced the ADD")

        #expect(try await SnapshotDownloader(database: agent, transport: central.transport).update(dataset: CertificateSnapshotRow.dataset) >= 1)
        let port = central.running.port
        await central.running.stop()
        let lookup = LicenseHealthLookup(client: central.registryClient, snapshot: StoredCertificateSnapshot(database: agent))
        let offline = await lookup.lookUp(idNumber: added.idNumber, licenceClass: .b, identityChipVerified: true, on: today)
        #expect(offline.source == .snapshot)
        #expect(offline.certificates.count == 2)
        guard case .ready(let number, _) = offline.readiness else { Issue.record("expected renewal ready, got \(offline.readiness)"); return }
        #expect(number == added.number)

        central = try await CentralWithGateway.start(folder: folder, port: port)
        let afterRestart = try await central.registryClient.certificates(forID: added.idNumber)
        #expect(afterRestart.count == 2, "the registry is reloaded from the central's storage")
        await central.running.stop()
    }
}
