import Synchronization

/// Fans session events out to every subscriber (event-stream clients, headless stdout). A slow
/// subscriber loses its oldest events rather than holding up the readers.
public final class EventBus: Sendable {
    private struct State {
        var next = 0
        var subscribers: [Int: AsyncStream<SessionEvent>.Continuation] = [:]
        var closed = false
    }
    private let state = Mutex(State())

    public init() {}

    /// A stream of every event published from now on; it ends when the bus closes.
    public func subscribe(buffer: Int = 256) -> AsyncStream<SessionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SessionEvent.self, bufferingPolicy: .bufferingNewest(buffer))
        let id = state.withLock { s -> Int? in
            guard !s.closed else { return nil }
            s.next += 1
            s.subscribers[s.next] = continuation
            return s.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Sends `event` to every subscriber.
    public func publish(_ event: SessionEvent) {
        let targets = state.withLock { Array($0.subscribers.values) }
        for t in targets { t.yield(event) }
    }

    /// Ends every stream (graceful shutdown: event-stream responses finish so the server can stop).
    public func close() {
        let targets = state.withLock { s -> [AsyncStream<SessionEvent>.Continuation] in
            s.closed = true
            defer { s.subscribers = [:] }
            return Array(s.subscribers.values)
        }
        for t in targets { t.finish() }
    }

    /// Subscribers now, for tests and the status line.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
