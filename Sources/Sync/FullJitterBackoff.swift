/// Full-jitter exponential backoff: a delay drawn uniformly from 0 up to min(cap, base·2^attempt).
public struct FullJitterBackoff: Sendable, Equatable {
    /// Ceiling of the first retry's delay, in seconds.
    public var base: Double
    /// Largest delay ceiling, in seconds.
    public var cap: Double

    public init(base: Double = 0.5, cap: Double = 60) {
        self.base = base
        self.cap = cap
    }

    /// Upper bound of the delay for the `attempt`-th consecutive failure (0-based).
    public func ceiling(attempt: Int) -> Double {
        let exponent = Double(min(max(attempt, 0), 62))
        return min(cap, base * pow2(exponent))
    }

    /// The delay in seconds before retrying after the `attempt`-th consecutive failure.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let ceiling = ceiling(attempt: attempt)
        return ceiling > 0 ? Double.random(in: 0...ceiling, using: &generator) : 0
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        var remaining = exponent
        while remaining >= 1 { value *= 2; remaining -= 1 }
        return value
    }
}
