import Foundation

/// Per-iteration values by name, collected across a benchmark's iterations for the summary written in teardown.
public final class BenchSamples: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: [Double]] = [:]

    public init() {}

    public func add(_ name: String, _ value: Double) {
        lock.lock()
        values[name, default: []].append(value)
        lock.unlock()
    }

    public func median(_ name: String) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return BenchSummary.median(values[name] ?? [])
    }
}
