@testable import Agent
import Foundation
import Testing

@Suite struct SystemdNotifierTests {
    @Test("READY=1 and STATUS= arrive as one datagram on NOTIFY_SOCKET; watchdog interval is half of WATCHDOG_USEC") func notify() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-notify-\(getpid()).sock").path
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd); unlink(path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        #expect(bound == 0)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "20000000"])
        #expect(notifier.watchdogInterval == .seconds(10))
        #expect(notifier.send("READY=1\nSTATUS=API on http://127.0.0.1:8787"))
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = recv(fd, &buffer, buffer.count, 0)
        #expect(String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self) == "READY=1\nSTATUS=API on http://127.0.0.1:8787")
        #expect(!SystemdNotifier(environment: [:]).send("READY=1"))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"]).watchdogInterval == nil)
    }

    @Test("The token file is created with mode 0600 and refused when others can read it") func tokenFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-token-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("api.token").path
        let token = try TokenFile.loadOrCreate(path: path)
        #expect(token.count == 64)
        #expect(try TokenFile.loadOrCreate(path: path) == token)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        chmod(path, 0o644)
        #expect(throws: AgentError.self) { try TokenFile.loadOrCreate(path: path) }
    }

    @Test("Metrics count reads by outcome with duration and APDU histograms") func metrics() {
        let m = AgentMetrics()
        m.recordRead(outcome: "ok", milliseconds: 1200, apdus: 57)
        m.recordRead(outcome: "access_denied", milliseconds: nil, apdus: nil)
        let text = m.render()
        #expect(text.contains(#"idgate_reads_total{outcome="ok"} 1"#))
        #expect(text.contains(#"idgate_reads_total{outcome="access_denied"} 1"#))
        #expect(text.contains(#"idgate_read_duration_seconds_bucket{le="2.0"} 1"#))
        #expect(text.contains(#"idgate_read_apdus_bucket{le="60.0"} 1"#))
        #expect(text.contains("idgate_read_apdus_count 1"))
    }
}
