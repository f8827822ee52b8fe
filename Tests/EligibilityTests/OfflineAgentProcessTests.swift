import Eligibility
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import InsuranceGatewaySim
import Store
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The "done when", with real processes: `idgate-central` (gateway simulator mounted) and `idgate`.
@Suite("Done when: offline look-ups against a stopped central, reconciled when it restarts", .serialized)
struct OfflineAgentProcessTests {
    @Test("central stopped: snapshot answer with its date, provisional for the unknown; after an agent crash and a central restart on the same port the provisional one is re-checked and recorded unasked")
    func doneWhen() async throws {
        for tool in ["idgate", "idgate-central"] {
            try #require(FileManager.default.isExecutableFile(atPath: AgentProcess.executable(tool).path), "build \(tool) first")
        }
        let folder = try AgentFolder()
        defer { folder.remove() }
        let people = SeededPerson.seeded(today: GatewayDate(Date()))
        let known = try #require(people.first { $0.resultCode == "000" })
        let unknown = try #require(people.first { $0.resultCode == "004" })
        let env = [
            "IDGATE_AGENT_TOKENS": "agent-1", "IDGATE_CENTRAL_TOKEN": "agent-1", "IDGATE_ADMIN_TOKEN": "admin-1",
            "IDGATE_GATEWAY_USERNAME": "79001_BV", "IDGATE_GATEWAY_PASSWORD": "matkhau",
            "IDGATE_STAFF_NAME": RegisteredStaff.seeded.name, "IDGATE_STAFF_ID": RegisteredStaff.seeded.idNumber,
        ]
        let centralDB = folder.url.appendingPathComponent("central.sqlite").path
        func startCentral(port: Int) throws -> (AgentProcess, Int) {
            let central = try AgentProcess("idgate-central", [
                "--port", String(port), "--database", centralDB, "--gateway-sim", "--snapshot-leave-out", unknown.idNumber,
            ], environment: env)
            let line = try #require(central.readLine(containing: "listening on"), "idgate-central did not start")
            let bound = try #require(line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            return (central, bound)
        }
        var (central, port) = try startCentral(port: 0)
        defer { central.stop() }
        let url = "http://127.0.0.1:\(port)"
        let store = ["--database", folder.path, "--key-file", folder.keyFile]
        let agentArgs = ["lookup", "reconcile", "--gateway", url, "--central", url, "--timeout", "2"] + store

        // Online: the agent downloads the eligibility snapshot (everyone but `unknown`).
        let sync = try AgentProcess.run("idgate", agentArgs + ["--once"], environment: env)
        #expect(sync.status == 0, "\(sync.output)")
        #expect(sync.output.contains("\"eligibility\":"))
        central.stop()

        // Central (and its gateway) stopped.
        func lookUp(_ p: SeededPerson) throws -> (status: Int32, report: [String: Any]) {
            let r = try AgentProcess.run("idgate", ["lookup", "insurance", "--id", p.idNumber, "--name", p.name, "--birth-date", p.birthDate,
                                                    "--gateway", url, "--timeout", "2", "--json"] + store, environment: env)
            let report = try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any]
            return (r.status, try #require(report, "not JSON: \(r.output)"))
        }
        let fromSnapshot = try lookUp(known)
        #expect(fromSnapshot.status == 0)
        #expect(fromSnapshot.report["snapshotDate"] as? String == GatewayDate(Date()).text)
        #expect((fromSnapshot.report["source"] as? String)?.hasPrefix("snapshot of ") == true)
        #expect(fromSnapshot.report["eligible"] as? Bool == true)
        let provisional = try lookUp(unknown)
        #expect(provisional.status == 2)
        #expect(provisional.report["verdict"] as? String == "pending-verification")
        let ticket = try #require(provisional.report["ticket"] as? String)

        // The agent's loop runs while the central is down, crashes, and a new agent process takes over.
        let first = try AgentProcess("idgate", agentArgs + ["--interval", "0.2"], environment: env)
        try await Task.sleep(for: .seconds(1.5))
        #expect(first.process.isRunning)
        first.stop(SIGKILL)
        let listed = try AgentProcess.run("idgate", ["lookup", "provisional"] + store, environment: env)
        #expect(listed.output.contains(ticket) && listed.output.contains("\"state\":\"pending\""), "\(listed.output)")
        let second = try AgentProcess("idgate", agentArgs + ["--interval", "0.2"], environment: env)
        defer { second.stop() }

        // The central comes back on the same port; nobody asks again.
        (central, port) = try startCentral(port: port)
        var settled: [String: Any]?
        let deadline = Date().addingTimeInterval(60)
        while settled == nil, Date() < deadline {
            try await Task.sleep(for: .milliseconds(300))
            let lines = try AgentProcess.run("idgate", ["lookup", "provisional"] + store, environment: env).output.split(separator: "\n")
            settled = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .first { $0["ticket"] as? String == ticket && $0["state"] as? String == "settled" }
        }
        let resolution = try #require(settled, "the provisional look-up was not settled within 60 s")
        #expect(resolution["eligible"] as? Bool == true)
        #expect((resolution["verdict"] as? String)?.contains("new card") == true)

        // The settlement reached the central as a `lookup` record, and the next look-up is live.
        var recorded = 0
        for _ in 0..<100 where recorded == 0 {
            var request = URLRequest(url: try #require(URL(string: url + "/admin/records/keys")))
            request.setValue("Bearer admin-1", forHTTPHeaderField: "Authorization")
            let (data, _) = try await URLSession.shared.data(for: request)
            recorded = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["count"] as? Int ?? 0
            if recorded == 0 { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(recorded >= 1)
        let live = try lookUp(unknown)
        #expect(live.report["source"] as? String == "gateway (live)")
    }
}
