import ChaosSupport
import CentralSim
import Foundation
import Store
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// An executable built next to the test bundle.
func builtExecutable(_ name: String) -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
}

@Suite("Chaos: SIGKILL of the agent during read, look-up and sync", .serialized)
struct KillChaosTests {
    @Test("Killing the counter cycle with SIGKILL at random points loses and doubles no record at the central")
    func killAnywhere() async throws {
        let probe = builtExecutable("idgate-chaos-probe")
        try #require(FileManager.default.isExecutableFile(atPath: probe.path), "build idgate-chaos-probe first: \(probe.path)")
        let wanted = ChaosScale.pick(short: 50, full: 1_000)
        var tally = ChaosTally("sigkill-read-lookup-sync")
        // Some answers are dropped after the central processed them: the replay must not double them.
        let central = try await ChaosCentral(faults: FaultPlan(dropAfterReceiveRate: 0.1))
        let folder = try ChaosFolder("kill")
        defer { folder.remove() }
        let database = folder.path("agent.sqlite")
        let keyFile = folder.path("agent.keys")
        try StoreKeyring.createKeyFile(at: keyFile)
        var random = SplitMix64(seed: SplitMix64.runSeed)
        var attempts = 0
        let started = Date()

        func launch(target: Int) throws -> Process {
            let process = Process()
            process.executableURL = probe
            process.arguments = [database, keyFile, central.running.baseURL.absoluteString, ChaosCentral.token, String(target), "chaos"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        var unexpectedExits: [String] = []
        while tally.runs < wanted && attempts < wanted * 2 {
            attempts += 1
            let process = try launch(target: 1_000_000)
            // Start-up, the card read, the look-up and the upload each take a share of a cycle; kill anywhere in them.
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...700, using: &random)))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
                tally.runs += 1
            } else {
                unexpectedExits.append("exit \(process.terminationStatus) (\(process.terminationReason == .exit ? "exit" : "signal"))")
            }
        }
        for exit in unexpectedExits { tally.fail("the probe ended by itself before the kill: \(exit)") }
        if tally.runs < wanted { tally.fail("only \(tally.runs) of \(wanted) kills landed") }
        // Let the last run finish without faults: no new records, drain what is queued.
        central.central.faults.set(.none)
        let final = try launch(target: 0)
        let deadline = Date().addingTimeInterval(60)
        while final.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if final.isRunning {
            tally.hang("the final drain did not finish in 60 s")
            kill(final.processIdentifier, SIGKILL)
        }
        final.waitUntilExit()
        if final.terminationStatus != 0 { tally.fail("the final drain exited with \(final.terminationStatus)") }

        let agent = try AppDatabase(path: database, keyring: try StoreKeyring.load(fileAt: keyFile))
        let local = try agent.recordIDs()
        // Ids are numbered by the probe from what was committed: a gap would be a lost local write.
        let expected = (0..<local.count).map { "chaos-\($0)" }
        tally.lost += Set(expected).subtracting(Set(local)).count
        if local.count < wanted / 5 { tally.fail("only \(local.count) records were written in \(tally.runs) runs") }
        if try agent.syncStatus().backlog > 0 { tally.fail("backlog left after the final drain") }
        try await central.audit(local: local, streams: 3, into: &tally)
        let cached = try agent.cachedAnswerCount(namespace: "chaos")
        print("sigkill: \(tally.runs) kills in \(attempts) runs, \(local.count) records, \(cached) cached look-ups, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        await central.stop()
        tally.report()
    }
}
