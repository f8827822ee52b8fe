import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a real loopback TCP socket (Connection: close), and a
/// Server-Sent Events reader, for testing the agent's API as a kiosk page would use it.
enum LoopbackHTTP {
    struct Answer { var status: Int; var headers: String; var body: [UInt8]; var text: String { String(decoding: body, as: UTF8.self) } }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPTestError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { close(fd); throw HTTPTestError("connect to 127.0.0.1:\(port) failed") }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ method: String, _ path: String, token: String?, body: String?) {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        if let body { request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + (body ?? "")
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, bytes.count, 0) }
    }

    /// One request; reads until the server closes the connection.
    static func request(_ method: String = "GET", port: Int, _ path: String, token: String? = nil, body: String? = nil) throws -> Answer {
        let fd = try connect(port: port)
        defer { close(fd) }
        send(fd, method, path, token: token, body: body)
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data += buffer.prefix(n)
        }
        guard let split = data.firstRange(of: Array("\r\n\r\n".utf8)) else { throw HTTPTestError("no HTTP answer from \(path)") }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self)
        var body = Array(data[split.upperBound...])
        if head.lowercased().contains("transfer-encoding: chunked") { body = dechunk(body) }
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Answer(status: status, headers: head, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let lineEnd = bytes[i...].firstRange(of: Array("\r\n".utf8)) else { break }
            let size = Int(String(decoding: bytes[i..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            out += bytes[start..<min(start + size, bytes.count)]
            i = start + size + 2
        }
        return out
    }

    /// The `data:` payloads of an event stream, read on a thread; ends when the server closes it.
    final class EventStream: @unchecked Sendable {
        let lines: AsyncStream<String>
        private let fd: Int32

        init(port: Int, path: String, token: String) throws {
            fd = try LoopbackHTTP.connect(port: port)
            LoopbackHTTP.send(fd, "GET", path, token: token, body: nil)
            let (stream, continuation) = AsyncStream.makeStream(of: String.self)
            lines = stream
            let fd = fd
            Thread {
                var pending: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = recv(fd, &buffer, buffer.count, 0)
                    if n <= 0 { break }
                    pending += buffer.prefix(n)
                    while let nl = pending.firstIndex(of: 0x0A) {
                        let line = String(decoding: pending[..<nl], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                        pending.removeSubrange(...nl)
                        if line.hasPrefix("data: ") { continuation.yield(String(line.dropFirst(6))) }
                    }
                }
                continuation.finish()
            }.start()
        }

        func close() { shutdown(fd, Int32(SHUT_RDWR)) }
    }
}

struct HTTPTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
