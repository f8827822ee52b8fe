import Agent
import CardSim
import Foundation
import Synchronization
import Testing

/// `idgate serve --demo` run as a real process (the binary built next to the tests) against pcscd + vpcd:
/// the issue's "done when" for the daemon, driven by a scripted client over the API and over headless JSON lines.
final class ServeProcess: Sendable {
    let process: Process
    let stdin = Pipe()
    private let stdout = Pipe(), stderr = Pipe()
    private let out = TextBuffer(), err = TextBuffer()

    init(_ arguments: [String], environment: [String: String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("idgate")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let out = out, err = err
        stdout.fileHandleForReading.readabilityHandler = { h in let d = h.availableData; out.append(d) }
        stderr.fileHandleForReading.readabilityHandler = { h in let d = h.availableData; err.append(d) }
        try process.run()
    }

    var output: String { out.text }
    var errors: String { err.text }

    /// Waits until `text()` has a line matching `predicate`; returns it.
    func line(in text: () -> String, timeout: Duration = .seconds(30), where predicate: (Substring) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let l = text().split(separator: "\n").first(where: predicate) { return String(l) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("no matching line within \(timeout); stdout:\n\(output.suffix(2000))\nstderr:\n\(errors.suffix(2000))")
    }

    func send(_ line: String) { stdin.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// Sends `signal` and waits (polling, never blocking a concurrency thread) until the process ends; nil on timeout.
    func stop(_ signal: Int32 = SIGTERM, timeout: Duration = .seconds(15)) async -> Int32? {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); return nil }
        return process.terminationStatus
    }
}

/// Text a pipe's reader appends to while tests read it.
final class TextBuffer: Sendable {
    private let value = Mutex("")
    func append(_ data: Data) { value.withLock { $0 += String(decoding: data, as: UTF8.self) } }
    var text: String { value.withLock { $0 } }
}

/// `idgate serve --demo` on the harness's vpcd reader with a fresh state directory (the caller removes `dir`); in API
/// mode `port` and `token` are set once it listens.
struct DemoProcess {
    let serve: ServeProcess
    let dir: URL
    var port = 0
    var token = ""

    static func start(headless: Bool = false) async throws -> DemoProcess {
        let harness = PCSCHarness.shared
        try await harness.ensureRunning()
        harness.waitUntilEmpty(harness.readerName)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-serve-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let mode = headless ? ["--headless"] : ["--listen", "127.0.0.1:0"]
        let serve = try ServeProcess(["serve", "--demo"] + mode + ["--vpcd-port", "\(harness.vpcdPort)"], environment: [
            "IDGATE_AGENT_STATE_DIR": dir.path, "IDGATE_READERS_INCLUDE": harness.readerName, "IDGATE_AGENT_LOG_LEVEL": "info",
        ])
        var demo = DemoProcess(serve: serve, dir: dir)
        if !headless {
            let listening = try await serve.line(in: { serve.errors }) { $0.contains("API listening on http://") }
            demo.port = try #require(Int(listening.split(separator: ":").last ?? ""))
            demo.token = try String(contentsOfFile: dir.appendingPathComponent("api.token").path, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return demo
    }
}

extension PCSCIntegration {
    @Suite struct ServeDemoProcessTests {
        @Test("`idgate serve --demo` process: card in → key over the API → verified → look-ups → check-in delivered to the central; metrics; SIGTERM")
        func overTheAPI() async throws {
            let demo = try await DemoProcess.start()
            defer { try? FileManager.default.removeItem(at: demo.dir) }
            let (serve, port, token) = (demo.serve, demo.port, demo.token)
            #expect(try LoopbackHTTP.request(port: port, "/v1/sync").status == 401)

            let events = try LoopbackHTTP.EventStream(port: port, path: "/v1/events", token: token)
            var lines = events.lines.makeAsyncIterator()
            let done = try await session(port: port, token: token, lines: &lines)
            let event = done
            #expect(event.contains(#""event":"done""#) && event.contains(#""verdict":"verified""#), "\(event)")
            #expect(event.contains(#""origin":"gateway""#) && event.contains(#""verdict":"eligible""#), "\(event)")
            #expect(event.contains(#""source":"license-health""#), "the certificate look-up answered: \(event)")
            #expect(!event.contains(DemoCard.sample.idNumber))

            var sync = ""
            for _ in 0..<200 {
                sync = try LoopbackHTTP.request(port: port, "/v1/sync", token: token).text
                if sync.contains(#""backlog":0"#) && !sync.contains(#""delivered":0"#) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(sync.contains(#""configured":true"#) && sync.contains(#""backlog":0"#) && sync.contains(#""delivered":1"#), "\(sync)")
            let metrics = try LoopbackHTTP.request(port: port, "/metrics").text
            #expect(metrics.contains(#"idgate_lookups_total{lookup="insurance",origin="gateway",verdict="eligible"}"#), "\(metrics.prefix(3000))")
            #expect(metrics.contains("idgate_sync_lag_seconds") && metrics.contains("idgate_sync_backlog"))
            #expect(metrics.contains(#"idgate_reads_total{outcome="ok"} 1"#))
            // The demo's banner prints its fictional citizen's QR text on purpose; the log lines never hold the ID.
            let log = serve.errors.split(separator: "\n").filter { !$0.hasPrefix("idgate demo:") }
            #expect(!log.contains { $0.contains(DemoCard.sample.idNumber) }, "the log never holds the ID number in clear")
            #expect(await serve.stop() == 0, "SIGTERM ends the daemon cleanly")
        }

        /// Answers the next `access-key-needed` with the demo CAN over the API; returns the `done` or `failed` event.
        func session(port: Int, token: String, lines: inout AsyncStream<String>.Iterator) async throws -> String {
            while let line = await lines.next() {
                if line.contains(#""event":"access-key-needed""#) {
                    let answer = try LoopbackHTTP.request("POST", port: port, "/v1/sessions/virtual-pcd-00-00/access-key", token: token,
                                                          body: #"{"can":"\#(DemoCard.sample.idNumber.suffix(6))"}"#)
                    #expect(answer.status == 202, "\(answer.text)")
                }
                if line.contains(#""event":"done""#) || line.contains(#""event":"failed""#) { return line }
            }
            throw HarnessError("event stream ended before the session finished")
        }

        @Test("`idgate serve --demo` process survives pcscd killed and restarted: outage reported, then the next card reads to done")
        func survivesPcscdRestart() async throws {
            let demo = try await DemoProcess.start()
            defer { try? FileManager.default.removeItem(at: demo.dir) }
            let (serve, port, token) = (demo.serve, demo.port, demo.token)
            let events = try LoopbackHTTP.EventStream(port: port, path: "/v1/events", token: token)
            var lines = events.lines.makeAsyncIterator()
            #expect(try await session(port: port, token: token, lines: &lines).contains(#""event":"done""#))

            let harness = PCSCHarness.shared
            harness.kill()
            var sawOutage = false
            while let line = await lines.next() {
                if line.contains(#""event":"service-unavailable""#) { sawOutage = true; break }
            }
            #expect(sawOutage, "the outage is reported on the event stream")
            try await harness.start()
            let after = try await session(port: port, token: token, lines: &lines)
            #expect(after.contains(#""event":"done""#) && after.contains(#""verdict":"verified""#), "\(after)")
            let status = await serve.stop()
            #expect(status == 0, "status \(String(describing: status)), reason \(serve.process.terminationReason.rawValue); stderr:\n\(serve.errors.suffix(12000))")
        }

        @Test("SIGTERM during a read: the daemon stops within seconds with status 0")
        func sigtermDuringRead() async throws {
            let demo = try await DemoProcess.start(headless: true)
            defer { try? FileManager.default.removeItem(at: demo.dir) }
            let serve = demo.serve
            _ = try await serve.line(in: { serve.output }) { $0.contains(#""event":"access-key-needed""#) }
            serve.send(#"{"command":"access-key","can":"\#(DemoCard.sample.idNumber.suffix(6))"}"#)
            _ = try await serve.line(in: { serve.output }) { $0.contains(#""event":"progress""#) }
            let stopping = ContinuousClock.now
            let status = await serve.stop(SIGTERM, timeout: .seconds(10))
            #expect(status == 0 && serve.process.terminationReason == .exit, "stopped cleanly mid-read; stderr:\n\(serve.errors.suffix(1500))")
            print("ServeDemoProcessTests: SIGTERM mid-read to exit took \(ContinuousClock.now - stopping)")
            #expect(!serve.output.contains(#""event":"done""#) || serve.output.contains(#""event":"stopped""#))
            // A vpcd slot whose link dropped mid-command may never show the next card until pcscd restarts (a vpcd
            // quirk, see docs/ARCHITECTURE.md): restart it so the next test starts clean.
            PCSCHarness.shared.kill()
            try await PCSCHarness.shared.start()
        }

        @Test("`idgate serve --demo --headless` process: a script on stdin/stdout gets the verified answer and the sync status, then quits")
        func headless() async throws {
            let demo = try await DemoProcess.start(headless: true)
            defer { try? FileManager.default.removeItem(at: demo.dir) }
            let serve = demo.serve
            _ = try await serve.line(in: { serve.output }) { $0.contains(#""event":"access-key-needed""#) }
            serve.send(#"{"command":"access-key","qr":"\#(DemoCard.sample.qrText)"}"#)
            let done = try await serve.line(in: { serve.output }) { $0.contains(#""event":"done""#) || $0.contains(#""event":"failed""#) }
            #expect(done.contains(#""verdict":"verified""#) && done.contains(#""origin":"gateway""#), "\(done)")
            var status = ""
            for _ in 0..<100 {
                serve.send(#"{"command":"status"}"#)
                status = try await serve.line(in: { serve.output.components(separatedBy: "\n").last { $0.contains(#""event":"status""#) } ?? "" }) { _ in true }
                if status.contains(#""backlog":0"#) && status.contains(#""delivered":1"#) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(status.contains(#""delivered":1"#), "\(status)")
            serve.send(#"{"command":"quit"}"#)
            _ = try await serve.line(in: { serve.output }) { $0.contains(#""event":"stopped""#) }
            #expect(await serve.stop(0) == 0, "quit ends the process with status 0")
        }
    }
}
