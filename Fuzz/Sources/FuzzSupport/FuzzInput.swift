/// Reads a fuzz input front to back: selector bytes first, the rest as payload. Never traps.
public struct FuzzInput {
    public private(set) var bytes: ArraySlice<UInt8>

    public init(_ start: UnsafeRawPointer, _ count: Int) {
        bytes = ArraySlice(UnsafeRawBufferPointer(start: start, count: count))
    }

    public init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    /// The next byte, or 0 when the input is used up.
    public mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }

    /// Up to `n` next bytes.
    public mutating func take(_ n: Int) -> [UInt8] {
        let out = Array(bytes.prefix(max(0, n)))
        bytes = bytes.dropFirst(out.count)
        return out
    }

    /// Everything left.
    public mutating func rest() -> [UInt8] {
        defer { bytes = [] }
        return Array(bytes)
    }
}

/// Fails the run (libFuzzer reports a crash with the input) when a property of the parser does not hold.
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz property violated: \(message())") }
}
