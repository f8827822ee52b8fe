import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

extension PostgresScratchServer {
    /// One fast (fsync off) server per process, started on first use and stopped when the process exits.
    public static func shared() throws -> PostgresScratchServer {
        try SharedScratchServer.instance.server()
    }
}

/// Holds the per-process server; `atexit` stops it.
private final class SharedScratchServer: @unchecked Sendable {
    static let instance = SharedScratchServer()
    private let lock = NSLock()
    private var started: Result<PostgresScratchServer, any Error>?

    func server() throws -> PostgresScratchServer {
        lock.lock()
        defer { lock.unlock() }
        if let started { return try started.get() }
        let result = Result { try PostgresScratchServer.start(durable: false) }
        started = result
        if case .success = result { atexit { SharedScratchServer.instance.stop() } }
        return try result.get()
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        if case .success(let server)? = started { server.stop() }
        started = nil
    }
}

extension PostgresScratchServer {
    /// Storage on a new, empty database of this server.
    public func makeStorage(maximumConnections: Int = 4, logger: Logger) async throws -> PostgresCentralStorage {
        try await PostgresCentralStorage.connect(url: createDatabase(), maximumConnections: maximumConnections, logger: logger)
    }
}
