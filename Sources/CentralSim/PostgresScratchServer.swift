import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server from Debian's `postgresql` package: a private data directory in a
/// temp folder, trust authentication, a free port on 127.0.0.1. For tests and benchmarks.
public final class PostgresScratchServer: Sendable {
    /// The loopback port the server listens on.
    public let port: Int
    /// Folder holding the data directory, the socket and the server log; removed by `stop()`.
    public let folder: URL
    private let binaries: URL
    private let postmasterPID: Int32

    /// Where Debian puts the server binaries; `IDGATE_PG_BIN` overrides.
    static func findBinaries() throws -> URL {
        let manager = FileManager.default
        var searched: [String] = []
        if let override = ProcessInfo.processInfo.environment["IDGATE_PG_BIN"] {
            searched.append(override)
            if manager.isExecutableFile(atPath: override + "/initdb") { return URL(fileURLWithPath: override) }
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? manager.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        searched.append(root + "/<version>/bin")
        for version in versions where manager.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return URL(fileURLWithPath: "\(root)/\(version)/bin")
        }
        throw PostgresStorageError.notInstalled(searched: searched)
    }

    /// True when the server binaries are installed.
    public static var isInstalled: Bool { (try? findBinaries()) != nil }

    /// Creates a cluster and starts it; `durable: false` turns fsync off (faster, not crash-safe).
    public static func start(durable: Bool = true) throws -> PostgresScratchServer {
        let binaries = try findBinaries()
        var lastError: (any Error)?
        for _ in 0..<3 {
            do { return try PostgresScratchServer(binaries: binaries, durable: durable) } catch { lastError = error }
        }
        throw lastError ?? PostgresStorageError.commandFailed(command: "pg_ctl start", status: -1, log: "")
    }

    private init(binaries: URL, durable: Bool) throws {
        self.binaries = binaries
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-pg-\(UUID().uuidString.prefix(8))")
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            try Self.handOver(folder)
            let data = folder.appendingPathComponent("data").path
            try Self.run(binaries, "initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
            let port = try Self.freePort()
            var options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder.path) -c max_connections=300"
            if !durable { options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" }
            try Self.run(binaries, "pg_ctl", ["-D", data, "-l", folder.appendingPathComponent("server.log").path,
                                              "-w", "-t", "60", "-o", options, "start"])
            let pidLine = try String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8).split(separator: "\n").first
            guard let pidLine, let pid = Int32(pidLine) else {
                throw PostgresStorageError.commandFailed(command: "pg_ctl start", status: -1, log: "no postmaster.pid")
            }
            self.port = port
            postmasterPID = pid
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        watchOwner()
    }

    /// URL of `database` on this server.
    public func url(database: String) -> String { "postgres://postgres@127.0.0.1:\(port)/\(database)" }

    /// Creates an empty database with a fresh name and returns its URL.
    public func createDatabase(prefix: String = "idgate") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try Self.run(binaries, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name])
        return url(database: name)
    }

    /// Stops the server at once and deletes its folder.
    public func stop() {
        kill(postmasterPID, SIGQUIT)
        for _ in 0..<200 where kill(postmasterPID, 0) == 0 { usleep(25_000) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The tail of the server log, for failure messages.
    public func logTail() -> String {
        let text = (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
        return String(text.suffix(2_000))
    }

    /// A helper that stops the server if this process dies without calling `stop()` (e.g. SIGKILL).
    private func watchOwner() {
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; kill -QUIT \(postmasterPID) 2>/dev/null; sleep 2; rm -rf '\(folder.path)'"
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: "/bin/sh")
        watcher.arguments = ["-c", script]
        watcher.standardOutput = FileHandle.nullDevice
        watcher.standardError = FileHandle.nullDevice
        try? watcher.run()
    }

    /// initdb refuses to run as root: as root the cluster belongs to the `postgres` user.
    private static func handOver(_ folder: URL) throws {
        guard geteuid() == 0 else { return }
        guard let account = getpwnam("postgres") else {
            throw PostgresStorageError.commandFailed(command: "getpwnam postgres", status: -1,
                                                     log: "running as root needs the postgres user that Debian's package creates")
        }
        guard chown(folder.path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw PostgresStorageError.commandFailed(command: "chown \(folder.path)", status: errno, log: String(cString: strerror(errno)))
        }
    }

    /// Runs a server binary (as `postgres` through runuser when root) and throws with its output on failure.
    private static func run(_ binaries: URL, _ tool: String, _ arguments: [String]) throws {
        let process = Process()
        let executable = binaries.appendingPathComponent(tool).path
        if geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-pg-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw PostgresStorageError.commandFailed(command: tool, status: -1, log: "cannot create \(output.path)")
        }
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let status = reap(process)
        try? handle.close()
        guard status == 0 else {
            let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw PostgresStorageError.commandFailed(command: tool, status: status, log: String(log.suffix(2_000)))
        }
    }

    /// Waits for `process` with waitpid: Foundation's own wait never returned for `pg_ctl start`
    /// under runuser (the exited child stayed a zombie, seen with swift-corelibs-foundation 6.3).
    private static func reap(_ process: Process) -> Int32 {
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(process.processIdentifier, &status, 0) } while reaped == -1 && errno == EINTR
        guard reaped == process.processIdentifier else {
            // Foundation reaped it first and knows the status.
            process.waitUntilExit()
            return process.terminationStatus
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// A port on 127.0.0.1 that was free a moment ago.
    private static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw PostgresStorageError.commandFailed(command: "socket", status: errno, log: "") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketFD, pointer, length) == 0 && getsockname(socketFD, pointer, &length) == 0
            }
        }
        guard bound else { throw PostgresStorageError.commandFailed(command: "bind 127.0.0.1:0", status: errno, log: "") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
