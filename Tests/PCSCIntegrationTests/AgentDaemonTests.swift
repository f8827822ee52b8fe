import Agent
import CardIO
import CardSim
import Foundation
import Testing

extension PCSCIntegration {
    @Suite struct AgentDaemonTests {
        /// Waits for the first `data:` payload containing all of `needles`.
        func waitFor(_ needles: [String], in iterator: inout AsyncStream<String>.Iterator, seen: inout [String]) async throws {
            while let line = await iterator.next() {
                seen.append(line)
                if needles.allSatisfy(line.contains) { return }
            }
            throw HTTPTestError("event stream ended before \(needles); saw:\n\(seen.joined(separator: "\n"))")
        }

        @Test("Daemon on loopback: token refused without it; card in → key via API → result → card out, all seen on the event stream; graceful stop")
        func fullSession() async throws {
            let harness = PCSCHarness.shared
            try await harness.ensureRunning()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-daemon-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? FileManager.default.removeItem(at: dir) }
            let configuration = try AgentConfiguration.load(fileText: nil, environment: [
                "IDGATE_AGENT_STATE_DIR": dir.path, "IDGATE_API_LISTEN": "127.0.0.1:0", "IDGATE_READERS_INCLUDE": harness.readerName,
            ])
            let daemon = AgentDaemon(configuration: configuration, notifier: SystemdNotifier(environment: [:]))
            let (addresses, found) = AsyncStream.makeStream(of: String.self)
            let group = try daemon.serviceGroup(interface: .api) { found.yield($0) }
            let running = Task { try await group.run() }
            var addressIterator = addresses.makeAsyncIterator()
            let address = try #require(await addressIterator.next())
            let port = try #require(Int(address.split(separator: ":").last ?? ""))
            let token = try String(contentsOfFile: configuration.tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)

            // Auth: health is open, /v1 needs the token.
            #expect(try LoopbackHTTP.request(port: port, "/health").status == 200)
            #expect(try LoopbackHTTP.request(port: port, "/v1/readers").status == 401)
            #expect(try LoopbackHTTP.request(port: port, "/v1/readers", token: "wrong" + token).status == 401)
            #expect(try LoopbackHTTP.request("POST", port: port, "/v1/sessions/virtual-pcd-00-00/access-key", body: #"{"can":"123456"}"#).status == 401)
            #expect(try LoopbackHTTP.request(port: port, "/v1/events").status == 401)
            for _ in 0..<100 where try LoopbackHTTP.request(port: port, "/ready").status != 200 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try LoopbackHTTP.request(port: port, "/ready").status == 200)

            let events = try LoopbackHTTP.EventStream(port: port, path: "/v1/events", token: token)
            var iterator = events.lines.makeAsyncIterator()
            var seen: [String] = []
            _ = await iterator.next()  // the snapshot
            let card = harness.virtualCard(try DemoCard.make())
            card.insert()
            defer { card.remove() }
            #expect(await card.waitConnected(timeout: .seconds(10)))
            try await waitFor([#""event":"access-key-needed""#, "virtual-pcd-00-00"], in: &iterator, seen: &seen)

            let accepted = try LoopbackHTTP.request("POST", port: port, "/v1/sessions/virtual-pcd-00-00/access-key", token: token,
                                                    body: #"{"qr":"\#(DemoCard.sample.qrText)"}"#)
            #expect(accepted.status == 202, "\(accepted.text)")
            let started = ContinuousClock.now
            try await waitFor([#""event":"reading""#, #""keySource":"qr""#], in: &iterator, seen: &seen)
            try await waitFor([#""event":"progress""#], in: &iterator, seen: &seen)
            try await waitFor([#""event":"verified""#], in: &iterator, seen: &seen)
            try await waitFor([#""event":"done""#], in: &iterator, seen: &seen)
            print("AgentDaemonTests: key to done in \(ContinuousClock.now - started)")

            let result = try LoopbackHTTP.request(port: port, "/v1/sessions/virtual-pcd-00-00/result", token: token)
            #expect(result.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.body)) as? [String: Any])
            #expect((json["apdus"] as? Int ?? 0) > 10)
            #expect((json["holder"] as? [String: Any])?["maskedID"] as? String == "0010******45")
            #expect(!result.text.contains(DemoCard.sample.idNumber), "the API never shows the ID in clear")
            #expect(try LoopbackHTTP.request(port: port, "/v1/sessions/virtual-pcd-00-00/face").status == 401)
            let face = try LoopbackHTTP.request(port: port, "/v1/sessions/virtual-pcd-00-00/face", token: token)
            #expect(face.status == 200 && face.headers.lowercased().contains("image/jpeg") && face.body.prefix(2) == [0xFF, 0xD8])
            let metrics = try LoopbackHTTP.request(port: port, "/metrics").text
            #expect(metrics.contains(#"idgate_reads_total{outcome="ok"} 1"#))

            card.remove()
            try await waitFor([#""event":"card-removed""#], in: &iterator, seen: &seen)
            let session = try LoopbackHTTP.request(port: port, "/v1/sessions/virtual-pcd-00-00", token: token).text
            #expect(session.contains(#""phase":"idle""#))
            #expect(try LoopbackHTTP.request(port: port, "/v1/sessions/virtual-pcd-00-00/face", token: token).status == 404)

            // Graceful shutdown ends the open event stream and the server within a few seconds.
            let stopping = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await running.value
            while await iterator.next() != nil {}
            let took = ContinuousClock.now - stopping
            print("AgentDaemonTests: graceful shutdown took \(took)")
            #expect(took < .seconds(5))
        }

        @Test("Two cards on two readers are read in parallel: both reads start before either finishes, and both reach done")
        func twoReadersInParallel() async throws {
            let harness = PCSCHarness.shared
            try await harness.ensureRunning()
            harness.waitUntilEmpty(harness.readerName)
            harness.waitUntilEmpty(harness.secondReaderName)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-daemon2-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? FileManager.default.removeItem(at: dir) }
            let configuration = try AgentConfiguration.load(fileText: nil, environment: [
                "IDGATE_AGENT_STATE_DIR": dir.path, "IDGATE_API_LISTEN": "127.0.0.1:0", "IDGATE_READERS_INCLUDE": "Virtual PCD",
                "IDGATE_ACCESS_FIXED_CAN": String(DemoCard.sample.idNumber.suffix(6)),
            ])
            let daemon = AgentDaemon(configuration: configuration, notifier: SystemdNotifier(environment: [:]))
            let events = daemon.hub.bus.subscribe()
            let group = try daemon.serviceGroup(interface: .api)
            let running = Task { try await group.run() }
            let first = harness.virtualCard(try DemoCard.make(), slot: 0)
            let second = harness.virtualCard(try DemoCard.make(), slot: 1)
            first.insert()
            second.insert()
            defer { first.remove(); second.remove() }
            var order: [String] = []
            var done: Set<String> = []
            // Never hang: a shutdown after 30 s closes the bus, which ends the loop.
            let watchdog = Task { try await Task.sleep(for: .seconds(30)); await group.triggerGracefulShutdown() }
            defer { watchdog.cancel() }
            for await e in events {
                guard let reader = e.readerID, [.reading, .done, .failed].contains(e.event) else { continue }
                order.append("\(e.event.rawValue) \(reader)")
                if e.event != .reading { done.insert(reader) }
                if done.count == 2 { break }
            }
            #expect(order.filter { $0.hasPrefix("done") }.count == 2, "\(order)")
            let firstFinish = order.firstIndex { !$0.hasPrefix("reading") } ?? order.count
            #expect(order[..<firstFinish].count == 2, "both reads started before either finished: \(order)")
            await group.triggerGracefulShutdown()
            try await running.value
        }
    }
}
