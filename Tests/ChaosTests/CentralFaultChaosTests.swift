import ChaosSupport
import CentralSim
import Foundation
import Logging
import Store
import Sync
import Testing

/// A central on a loopback port with its own SQLite store, and an agent database beside it.
struct ChaosCentral {
    static let token = "chaos-agent"
    let folder: ChaosFolder
    let storage: SQLiteCentralStorage
    let central: CentralService
    let running: CentralService.Running

    init(faults: FaultPlan = .none) async throws {
        folder = try ChaosFolder("central")
        storage = try SQLiteCentralStorage(path: folder.path("central.sqlite"))
        var config = CentralConfiguration()
        config.port = 0
        config.agentTokens = [Self.token]
        config.adminToken = "chaos-admin"
        config.faults = faults
        var logger = Logger(label: "idgate.central.chaos")
        logger.logLevel = .critical
        central = CentralService(configuration: config, storage: storage, logger: logger)
        running = try await central.startInBackground()
    }

    func client(timeout: TimeInterval = 1) -> HTTPCentralClient {
        HTTPCentralClient(baseURL: running.baseURL, token: Self.token, timeout: timeout)
    }

    /// Counts, against what the agent committed (`local`), the records the central lacks and the ones it holds twice,
    /// and whether each stream arrived in the order it was written.
    /// Record ids end in their number n; the stream is n modulo `streams`.
    func audit(local: [String], streams count: Int, into tally: inout ChaosTally) async throws {
        let keys = try await storage.recordKeys()
        let held = Set(keys)
        tally.lost += Set(local).subtracting(held).count
        tally.duplicated += keys.count - held.count
        if !held.isSubset(of: Set(local)) { tally.fail("central holds \(held.subtracting(Set(local)).count) records the agent never committed") }
        let position = Dictionary(keys.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var streams: [String: [String]] = [:]
        for id in local {
            let n = id.split(separator: "-").last.flatMap { Int($0) } ?? 0
            streams["counter-\(n % count)", default: []].append(id)
        }
        for (stream, ids) in streams {
            let arrived = ids.compactMap { position[$0] }
            if arrived != arrived.sorted() { tally.fail("stream \(stream) arrived out of order") }
        }
    }

    func stop() async {
        await running.stop()
        folder.remove()
    }
}

/// The uploader's logger for chaos runs: its notices about each injected fault would drown the figures.
func quietSyncLogger() -> Logger {
    var logger = Logger(label: "idgate.sync.chaos")
    logger.logLevel = .error
    return logger
}

/// Uploader options with short backoff so a chaos run does not wait long.
func chaosUploaderOptions() -> OutboxUploader.Options {
    var options = OutboxUploader.Options()
    options.batchSize = 25
    options.backoff = FullJitterBackoff(base: 0.02, cap: 0.25)
    options.idlePoll = 0.1
    return options
}

@Suite("Chaos: the central answering 500s, timing out, answering slowly, dropping connections", .serialized)
struct CentralFaultChaosTests {
    static let profiles: [(name: String, plan: FaultPlan)] = [
        ("central-500", FaultPlan(errorRate: 0.5)),
        // Every request outlasts the agent's 1 s timeout while the fault is on.
        ("central-timeout", FaultPlan(latencyMilliseconds: 1_300)),
        ("central-slow", FaultPlan(latencyMilliseconds: 250)),
        ("central-drop", FaultPlan(dropAfterReceiveRate: 0.4)),
        ("central-mixed", FaultPlan(latencyMilliseconds: 30, errorRate: 0.25, dropAfterReceiveRate: 0.25)),
    ]

    @Test("Records written while the central misbehaves all arrive exactly once and in stream order after it recovers",
          arguments: CentralFaultChaosTests.profiles.map { $0.name })
    func recovers(profile: String) async throws {
        let plan = try #require(Self.profiles.first { $0.name == profile }?.plan)
        let records = ChaosScale.pick(short: 150, full: 2_000)
        var tally = ChaosTally(profile)
        let central = try await ChaosCentral(faults: plan)
        let folder = try ChaosFolder("agent")
        defer { folder.remove() }
        let database = try AppDatabase(path: folder.path("agent.sqlite"), keyring: .generate())
        let uploader = OutboxUploader(database: database, transport: central.client(timeout: 1), options: chaosUploaderOptions(), logger: quietSyncLogger())
        let loop = Task { await uploader.run() }
        var local: [String] = []
        for i in 0..<records {
            let id = "\(profile)-\(i)"
            try database.enqueue(CounterRecord(id: id, stream: "counter-\(i % 4)", kind: "check-in", payload: Data(#"{"n":\#(i)}"#.utf8)))
            local.append(id)
            tally.runs += 1
            uploader.wake()
            if i % 10 == 0 { try await Task.sleep(for: .milliseconds(ChaosScale.pick(short: 15, full: 5))) }
        }
        // Keep the fault on a while with a backlog, then let the central recover.
        try await Task.sleep(for: .seconds(ChaosScale.pick(short: 1.5, full: 5)))
        let duringFault = try database.syncStatus()
        central.central.faults.set(.none)
        uploader.wake()
        let deadline = Date().addingTimeInterval(90)
        while try database.syncStatus().backlog > 0, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let status = try database.syncStatus()
        loop.cancel()
        await loop.value
        if status.backlog > 0 { tally.hang("\(status.backlog) records still queued 90 s after the central recovered") }
        if status.deadLetters > 0 { tally.fail("\(status.deadLetters) records dead-lettered for a transient fault") }
        try await central.audit(local: local, streams: 4, into: &tally)
        print("\(profile): backlog while faulty \(duringFault.backlog), delivered \(status.delivered)")
        await central.stop()
        tally.report()
    }
}
