import Agent
import Foundation
import Testing

extension PCSCIntegration {
    /// The kiosk page in headless Chromium against `idgate serve --demo` run as a process over pcscd + vpcd: the whole
    /// path a receptionist sees, from the keypad to the verified citizen and the insurance gateway's answer.
    @Suite struct KioskDaemonChromiumTests {
        static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        @Test("Kiosk page on the real daemon: the CAN typed on the keypad leads to the verified citizen, the gateway's insurance answer and a delivered check-in")
        func kioskOnServeDemo() async throws {
            let harness = PCSCHarness.shared
            try await harness.ensureRunning()
            harness.waitUntilEmpty(harness.readerName)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-kiosk-daemon-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? FileManager.default.removeItem(at: dir) }
            let serve = try ServeProcess(["serve", "--demo", "--listen", "127.0.0.1:0", "--vpcd-port", "\(harness.vpcdPort)"],
                                         environment: ["IDGATE_AGENT_STATE_DIR": dir.path, "IDGATE_READERS_INCLUDE": harness.readerName,
                                                       "IDGATE_AGENT_LOG_LEVEL": "info"])
            let listening = try await serve.line(in: { serve.errors }) { $0.contains("API listening on http://") }
            let port = try #require(Int(listening.split(separator: ":").last ?? ""))
            let token = try String(contentsOfFile: dir.appendingPathComponent("api.token").path, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)

            let sample = DemoCard.sample
            let (status, log) = try await Self.runDriver([
                "--mode", "daemon", "--base", "http://127.0.0.1:\(port)", "--token", token,
                "--out", Self.root.appendingPathComponent("artifacts/kiosk").path,
                "--can", String(sample.idNumber.suffix(6)), "--name", sample.fullName, "--id-number", sample.idNumber,
            ])
            print(log)
            #expect(status == 0, "scripts/kiosk-test --mode daemon failed (status \(status)):\n\(log)\nserve stderr:\n\(serve.errors.suffix(3000))")
            #expect(log.contains("0 failure(s)"))
            #expect(await serve.stop() == 0, "SIGTERM ends the daemon cleanly")
        }

        /// Runs scripts/kiosk-test with `arguments`; its exit status and combined output.
        static func runDriver(_ arguments: [String]) async throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", root.appendingPathComponent("scripts/kiosk-test").path] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            let output = TextBuffer()
            pipe.fileHandleForReading.readabilityHandler = { h in let d = h.availableData; output.append(d) }
            let status: Int32 = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do { try process.run() } catch { continuation.resume(throwing: error) }
            }
            pipe.fileHandleForReading.readabilityHandler = nil
            output.append(pipe.fileHandleForReading.readDataToEndOfFile())
            return (status, output.text)
        }
    }
}
