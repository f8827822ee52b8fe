import Eligibility
import Foundation
import InsuranceGatewaySim
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A loopback listener that reads one request and resets the connection (SO_LINGER 0), `times` times.
final class ResettingListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else {
            close(fd)
            throw TransportFailure.other("cannot listen on loopback")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Accepts `times` connections on a background thread, resetting each after reading.
    func serve(times: Int) {
        let fd = self.fd
        Thread.detachNewThread {
            for _ in 0..<times {
                let c = accept(fd, nil, nil)
                guard c >= 0 else { return }
                var buf = [UInt8](repeating: 0, count: 4096)
                _ = read(c, &buf, buf.count)
                var l = linger(l_onoff: 1, l_linger: 0)
                setsockopt(c, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
                close(c)
            }
        }
    }

    deinit { close(fd) }
}

@Suite("URLSession transport classifies failures as the retry rule needs", .serialized)
struct URLSessionTransportTests {
    @Test("a reset connection, a closed port and a slow server map to reset, unreachable and timed out")
    func classification() async throws {
        let listener = try ResettingListener()
        listener.serve(times: 1)
        let t = URLSessionTransport(timeout: 5)
        let resetURL = try #require(URL(string: "http://127.0.0.1:\(listener.port)/api/token/take"))
        await #expect {
            _ = try await t.send(HTTPRequest(method: "POST", url: resetURL, body: Array("{}".utf8)))
        } throws: { error in
            guard case .connectionReset = error as? TransportFailure else { Issue.record("got \(error)"); return false }
            return true
        }

        let server = GatewaySimServer(simulator: InsuranceGatewaySimulator())
        let port = try await server.start()
        await server.stop()
        let closedURL = try #require(URL(string: "http://127.0.0.1:\(port)/api/token/take"))
        await #expect {
            _ = try await t.send(HTTPRequest(method: "POST", url: closedURL, body: Array("{}".utf8)))
        } throws: { error in
            guard case .unreachable = error as? TransportFailure else { Issue.record("got \(error)"); return false }
            return true
        }
    }

    @Test("the client retries a real reset once and then reports the gateway unreachable")
    func realResetRetried() async throws {
        let listener = try ResettingListener()
        listener.serve(times: 2)
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)"))
        let config = GatewayConfiguration(baseURL: url, username: "u", password: "p", staffName: "A", staffID: "001080000001")
        let client = InsuranceGatewayClient(configuration: config, transport: URLSessionTransport(timeout: 5))
        await #expect(throws: EligibilityError.self) {
            try await client.checkCard(try EligibilityQuery(idNumber: "079090000000", name: "A", birthDate: "1990"))
        }
        #expect(await client.statistics.resetsRetried == 1)
        #expect(await client.statistics.requests == 2)
    }

    @Test("the transport's own timeout is reported as a timeout and not retried")
    func timeout() async throws {
        let g = try await GatewayFixture.start()
        await g.simulator.setLatency(.seconds(3))
        let client = g.client(transport: URLSessionTransport(timeout: 1))
        await #expect {
            try await client.checkCard(try await g.query(code: "000"))
        } throws: { error in
            guard case .timeout = error as? EligibilityError else { Issue.record("got \(error)"); return false }
            return true
        }
        #expect(await client.statistics.requests == 2, "one token request and one card check, no retry")
        await g.stop()
    }
}
