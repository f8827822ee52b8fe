import Foundation

extension CentralService {
    /// A central serving in a background task of this process.
    public struct Running: Sendable {
        /// The bound port.
        public let port: Int
        private let task: Task<Void, any Error>

        init(port: Int, task: Task<Void, any Error>) {
            self.port = port
            self.task = task
        }

        /// Base URL of the running service on loopback.
        public var baseURL: URL {
            // Scheme, loopback address and a port number always form a valid URL.
            URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/")
        }

        /// Stops serving and waits until the listener is closed.
        public func stop() async {
            task.cancel()
            _ = try? await task.value
        }
    }

    /// Starts serving in a background task and returns once the port is bound.
    public func startInBackground() async throws -> Running {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await self.run { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The server ended before binding: surface its error.
            try await task.value
            throw CentralStartError(detail: "server stopped before listening on \(configuration.host):\(configuration.port)")
        }
        return Running(port: port, task: task)
    }
}

/// The central could not start listening.
public struct CentralStartError: Error, CustomStringConvertible {
    public let detail: String
    public var description: String { "central service did not start: \(detail) — is the port free?" }
}
