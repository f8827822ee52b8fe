import ChaosSupport
import Agent
import CardSim
import CentralSim
import Foundation
import Logging
import Store
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension PCSCIntegration {
    /// SIGKILL of the real daemon (`idgate serve` with a fixed CAN, check-ins synced to a central) at random points of a
    /// session: reading, check-in, upload. The card stays with the test, so a killed daemon never drops the vpcd link.
    @Suite("Chaos: SIGKILL of idgate serve during read, check-in and sync")
    struct ChaosServeKill {
        let harness = PCSCHarness.shared

        @Test("Every check-in the daemon committed reaches the central exactly once, however often it is killed")
        func killServe() async throws {
            try await harness.ensureRunning()
            var tally = ChaosTally("sigkill-serve")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-chaos-serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let storage = try SQLiteCentralStorage(path: folder.appendingPathComponent("central.sqlite").path)
            var central = CentralConfiguration()
            central.port = 0
            central.agentTokens = ["chaos-serve"]
            var quiet = Logger(label: "idgate.central.chaos")
            quiet.logLevel = .critical
            let running = try await CentralService(configuration: central, storage: storage, logger: quiet).startInBackground()
            try "chaos-serve\n".write(to: folder.appendingPathComponent("central.token"), atomically: true, encoding: .utf8)
            let keyFile = folder.appendingPathComponent("store.keys").path
            _ = try StoreKeyring.createKeyFile(at: keyFile)
            let profile = try CCCDProfile(CitizenSample.samples[1], pki: nil)
            let config = folder.appendingPathComponent("idgate.toml").path
            try """
                [agent]
                state_dir = "\(folder.appendingPathComponent("state").path)"
                log_level = "warning"
                [api]
                listen = "127.0.0.1:0"
                [readers]
                include = ["\(harness.readerName)"]
                [access]
                fixed_can = "\(profile.accessKeys.can ?? "")"
                [store]
                key_file = "\(keyFile)"
                [sync]
                central_url = "\(running.baseURL.absoluteString)"
                token_file = "\(folder.appendingPathComponent("central.token").path)"
                interval_seconds = 5
                batch_size = 5
                """.write(toFile: config, atomically: true, encoding: .utf8)

            func serve() throws -> Process {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("idgate")
                process.arguments = ["serve", "--config", config]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }

            var unexpected = 0
            for run in 0..<ChaosScale.pick(short: 3, full: 1_000) {
                // One card per run: it is on the reader when the daemon starts, and taken off only after the kill.
                let vpcd = harness.virtualCard(profile.card())
                vpcd.insert()
                _ = await vpcd.waitConnected()
                let daemon = try serve()
                // The first run lives long enough to finish a session, so there is always a check-in to account for.
                try await Task.sleep(for: .milliseconds(run == 0 ? 8_000 : Int.random(in: 200...4_500)))
                if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } else { unexpected += 1 }
                while daemon.isRunning { try await Task.sleep(for: .milliseconds(20)) }
                if daemon.terminationReason == .uncaughtSignal && daemon.terminationStatus == SIGKILL { tally.runs += 1 }
                try await Task.sleep(for: .milliseconds(300))
                vpcd.remove()
            }
            if unexpected > 0 { tally.fail("the daemon ended \(unexpected) times before it was killed") }
            // A last run with no card drains the outbox.
            let database = folder.appendingPathComponent("state/idgate.sqlite").path
            let final = try serve()
            let deadline = Date().addingTimeInterval(120)
            var backlog = -1
            while Date() < deadline {
                if FileManager.default.fileExists(atPath: database),
                   let status = try? AppDatabase(path: database, keyring: StoreKeyring.load(fileAt: keyFile)).syncStatus() {
                    backlog = status.backlog
                    if backlog == 0 { break }
                }
                try await Task.sleep(for: .milliseconds(250))
            }
            kill(final.processIdentifier, SIGTERM)
            while final.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            if backlog != 0 { tally.hang("backlog \(backlog) not drained within 120 s") }
            let local = FileManager.default.fileExists(atPath: database)
                ? try AppDatabase(path: database, keyring: StoreKeyring.load(fileAt: keyFile)).recordIDs() : []
            let keys = try await storage.recordKeys()
            tally.lost += Set(local).subtracting(keys).count
            tally.duplicated += keys.count - Set(keys).count
            if local.isEmpty { tally.fail("no check-in was committed: nothing to account for") }
            if !Set(keys).isSubset(of: Set(local)) { tally.fail("the central holds check-ins the agent does not") }
            await running.stop()
            print("sigkill-serve: \(tally.runs) kills, \(local.count) check-ins committed, \(keys.count) at the central")
            tally.report()
        }
    }
}
