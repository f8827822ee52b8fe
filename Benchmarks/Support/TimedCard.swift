import CardSim

/// A simulated card that adds up the CPU time its `process` takes: the chip's share of an in-process read,
/// which a real reader does not spend (the chip computes on its own).
public final class TimedCard: SimulatedCard {
    public let card: any SimulatedCard
    /// CPU nanoseconds spent inside the wrapped card since creation.
    public private(set) var cpuNanoseconds = 0

    public init(_ card: any SimulatedCard) { self.card = card }

    public var atr: [UInt8] { card.atr }

    public func reset() { card.reset() }

    public func process(_ command: [UInt8]) -> [UInt8] {
        let started = ThreadCPU.nanoseconds()
        defer { cpuNanoseconds += ThreadCPU.nanoseconds() - started }
        return card.process(command)
    }
}
