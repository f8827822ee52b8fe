import Foundation

/// sd_notify without libsystemd: datagrams to `$NOTIFY_SOCKET` (a path, or `@name` for an abstract socket).
/// Does nothing when the variable is absent (not started by systemd).
public struct SystemdNotifier: Sendable {
    public let socketPath: String?
    /// Half of `$WATCHDOG_USEC`, when systemd expects watchdog pings.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 {
            if let pid = environment["WATCHDOG_PID"], let p = Int32(pid), p != getpid() {
                watchdogInterval = nil
            } else {
                watchdogInterval = .microseconds(usec / 2)
            }
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `READY=1` (after the API is bound).
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    /// Sends `STATUS=` with a one-line summary.
    public func status(_ line: String) { send("STATUS=\(line)") }
    /// Sends `WATCHDOG=1`.
    public func watchdog() { send("WATCHDOG=1") }
    /// Sends `STOPPING=1`.
    public func stopping() { send("STOPPING=1") }

    /// Sends one datagram; returns false when there is no socket or sending failed.
    @discardableResult
    public func send(_ message: String) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.enumerated() { raw[i] = b }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, bytes, bytes.count, 0, $0, length) }
        }
        return sent == bytes.count
    }
}
