import CentralSim
import CentralTestSupport
import Foundation
import Store
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The probe executable built next to the test bundle.
private func probeURL() -> URL {
    if let override = ProcessInfo.processInfo.environment["IDGATE_OUTBOX_PROBE"] { return URL(fileURLWithPath: override) }
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return bundle.appendingPathComponent("idgate-outbox-probe")
}

@Suite("Crash safety of the outbox", .serialized)
struct CrashTests {
    @Test("Killing the agent with SIGKILL at random points during sync loses and doubles nothing", arguments: testedBackends)
    func killNine(backend: CentralStorageKind) async throws {
        let probe = probeURL()
        try #require(FileManager.default.isExecutableFile(atPath: probe.path), "build idgate-outbox-probe first: \(probe.path)")
        let harness = try await SyncHarness(backend, faults: FaultPlan(dropAfterReceiveRate: 0.1))
        defer { harness.remove() }
        let running = try await harness.central.startInBackground()
        let database = harness.folder.appendingPathComponent("probe.sqlite").path
        let keyFile = harness.folder.appendingPathComponent("probe.keys").path
        try StoreKeyring.createKeyFile(at: keyFile)
        let wantedKills = Int(ProcessInfo.processInfo.environment["IDGATE_CRASH_KILLS"] ?? "") ?? 200
        var kills = 0
        var runs = 0
        var generator = SystemRandomNumberGenerator()
        let started = Date()

        func launch(target: Int) throws -> Process {
            let process = Process()
            process.executableURL = probe
            process.arguments = [database, keyFile, running.baseURL.absoluteString, SyncHarness.token, String(target), "probe"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        while kills < wantedKills && runs < wantedKills * 2 {
            runs += 1
            let process = try launch(target: 1_000_000)
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...250, using: &generator)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL { kills += 1 }
        }
        // Let the last run finish: no new records, drain whatever is queued.
        harness.central.faults.set(.none)
        let final = try launch(target: 0)
        final.waitUntilExit()
        let elapsed = Date().timeIntervalSince(started)
        #expect(final.terminationStatus == 0)

        let agent = try AppDatabase(path: database, keyring: try StoreKeyring.load(fileAt: keyFile))
        let local = try agent.recordIDs()
        let central = try await harness.storage.recordKeys()
        await running.stop()
        await harness.close()
        #expect(kills >= wantedKills)
        #expect(local.count > wantedKills)
        // Ids are numbered by the probe from what was committed: no gap means no lost local write.
        #expect(local == (0..<local.count).map { "probe-\($0)" })
        #expect(central.count == local.count)
        #expect(Set(central).count == central.count)
        #expect(Set(central) == Set(local))
        #expect(try agent.syncStatus().backlog == 0)
        print("crash test (\(backend.rawValue)): \(kills) SIGKILLs in \(runs) runs, \(local.count) records, each arrived once, \(String(format: "%.1f", elapsed)) s")
    }
}
