import ArgumentParser
import Eligibility
import Foundation
import LicenseHealth
import Store
import Sync

/// `idgate lookup reconcile`: the agent's offline loop for look-ups — refresh the snapshots from the
/// central, re-check provisional answers at the gateway, send settlements and certificates to the central.
struct LookupReconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Re-check provisional look-ups when the gateway is back, refresh the snapshots and send the outbox; loops until stopped.")

    @OptionGroup var connection: GatewayOptions
    @OptionGroup var cardCheck: CardCheckOptions
    @OptionGroup var store: LookupStoreOptions
    @Option(name: .customLong("central"), help: "Central service base URL for snapshots and the outbox (env IDGATE_CENTRAL_URL); none: gateway only.")
    var centralOption: String?
    var central: String? { centralOption ?? ProcessInfo.processInfo.environment["IDGATE_CENTRAL_URL"] }
    @Option(help: "Name of an environment variable holding the agent token for the central.")
    var tokenEnv = "IDGATE_CENTRAL_TOKEN"
    @Option(help: "Seconds between passes.") var interval: Double = 30
    @Flag(help: "Run one pass and exit.") var once = false

    /// One line per pass, on standard output.
    struct Pass: Encodable {
        var settled: Int
        var pending: Int
        var snapshotRows: [String: Int]
        var uploaded: Int
        var problems: [String]
    }

    func run() async throws {
        let logger = lookupLogger("idgate.lookup.reconcile")
        let database = try store.require()
        let queue = StoredProvisionalQueue(database: database, logger: logger)
        let service = EligibilityService(
            gateway: try cardCheck.client(connection, logger: logger), cache: StoredEligibilityCache(database: database, logger: logger),
            snapshot: StoredEligibilitySnapshot(database: database, logger: logger), queue: queue, logger: logger)
        var transport: HTTPCentralClient?
        if let central {
            guard let url = URL(string: central) else { throw ValidationError("--central is not a URL: \(central)") }
            guard let token = ProcessInfo.processInfo.environment[tokenEnv], !token.isEmpty else {
                throw ValidationError("no agent token: set $\(tokenEnv)")
            }
            transport = HTTPCentralClient(baseURL: url, token: token, timeout: max(1, connection.timeout))
        }
        while !Task.isCancelled {
            var pass = Pass(settled: 0, pending: 0, snapshotRows: [:], uploaded: 0, problems: [])
            if let transport {
                let downloader = SnapshotDownloader(database: database, transport: transport)
                for dataset in [EligibilitySnapshotRow.dataset, CertificateSnapshotRow.dataset] {
                    do { pass.snapshotRows[dataset] = try await downloader.update(dataset: dataset) } catch {
                        pass.problems.append("snapshot \(dataset): \(error)")
                    }
                }
            }
            pass.settled = await service.reconcilePending()
            pass.pending = await queue.pending().count
            if let transport {
                let report = try await OutboxUploader(database: database, transport: transport, logger: logger).drain()
                pass.uploaded = report.delivered
                if let failure = report.failure { pass.problems.append("outbox: \(failure)") }
            }
            try printJSON(pass)
            if once { return }
            try? await Task.sleep(for: .seconds(interval))
        }
    }
}

/// `idgate lookup provisional`: the look-ups answered "verify later", pending and settled (subjects masked).
struct LookupProvisional: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provisional", abstract: "List provisional look-ups: pending ones and how settled ones were settled.")

    @OptionGroup var store: LookupStoreOptions

    struct Item: Encodable {
        var ticket: String
        var subject: String
        var askedAt: Date
        var state: String
        var resolvedAt: Date?
        var verdict: String?
        var eligible: Bool?
    }

    func run() async throws {
        let queue = StoredProvisionalQueue(database: try store.require(), logger: lookupLogger("idgate.lookup"))
        var items = await queue.pending().map {
            Item(ticket: $0.id.uuidString.lowercased(), subject: $0.query.maskedSubject, askedAt: $0.createdAt, state: "pending")
        }
        items += await queue.resolutions().map {
            Item(ticket: $0.lookup.id.uuidString.lowercased(), subject: $0.lookup.query.maskedSubject, askedAt: $0.lookup.createdAt,
                 state: "settled", resolvedAt: $0.resolvedAt, verdict: $0.verdict.summary, eligible: $0.verdict.isEligible)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        for item in items { print(String(decoding: try encoder.encode(item), as: UTF8.self)) }
    }
}
