import Foundation
import Synchronization

/// Faults the central injects into agent requests (`/v1/…`), for tests.
public struct FaultPlan: Sendable, Equatable, Codable {
    /// Added before every agent request is handled, in milliseconds.
    public var latencyMilliseconds: Int
    /// Share of requests (0…1) answered 500 without being processed.
    public var errorRate: Double
    /// Share of requests (0…1) processed, then the connection is dropped without an answer.
    public var dropAfterReceiveRate: Double

    public init(latencyMilliseconds: Int = 0, errorRate: Double = 0, dropAfterReceiveRate: Double = 0) {
        self.latencyMilliseconds = latencyMilliseconds
        self.errorRate = errorRate
        self.dropAfterReceiveRate = dropAfterReceiveRate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        latencyMilliseconds = try container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? 0
        errorRate = try container.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0
        dropAfterReceiveRate = try container.decodeIfPresent(Double.self, forKey: .dropAfterReceiveRate) ?? 0
    }

    /// No faults.
    public static let none = FaultPlan()

    /// Whether every field is within range.
    var isValid: Bool {
        latencyMilliseconds >= 0 && (0...1).contains(errorRate) && (0...1).contains(dropAfterReceiveRate)
    }
}

/// The fault plan in force, changeable while the central runs.
public final class FaultInjector: Sendable {
    private let plan: Mutex<FaultPlan>

    public init(_ plan: FaultPlan = .none) {
        self.plan = Mutex(plan)
    }

    /// The plan in force.
    public var current: FaultPlan { plan.withLock { $0 } }

    /// Replaces the plan in force.
    public func set(_ newPlan: FaultPlan) { plan.withLock { $0 = newPlan } }

    /// What to do with one request, drawn from the plan.
    enum Decision: Equatable {
        case pass
        case fail
        case dropAfterHandling
    }

    func decide() -> (delay: Int, decision: Decision) {
        let plan = current
        let roll = Double.random(in: 0..<1)
        if roll < plan.errorRate { return (plan.latencyMilliseconds, .fail) }
        if roll < plan.errorRate + plan.dropAfterReceiveRate { return (plan.latencyMilliseconds, .dropAfterHandling) }
        return (plan.latencyMilliseconds, .pass)
    }
}
