import Synchronization

/// What must be up before the agent says it is ready (/ready, sd_notify READY=1).
public final class Readiness: Sendable {
    /// One condition readiness waits for.
    public enum Condition: String, Sendable, Hashable, CaseIterable, Codable {
        case api, readerMonitor = "reader-monitor", database
    }
    private let state: Mutex<Set<Condition>>

    /// Ready once every condition in `required` has been marked.
    public init(required: Set<Condition>) { state = Mutex(required) }

    public func mark(_ c: Condition) { _ = state.withLock { $0.remove(c) } }
    public func unmark(_ c: Condition) { _ = state.withLock { $0.insert(c) } }
    /// The conditions still missing, sorted.
    public var missing: [Condition] { state.withLock { $0.sorted { $0.rawValue < $1.rawValue } } }
    public var isReady: Bool { state.withLock { $0.isEmpty } }
}
