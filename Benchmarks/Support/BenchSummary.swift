import Foundation

/// Appends one figure per line (JSON) to the file named by IDGATE_BENCH_SUMMARY, for scripts/bench's table.
public enum BenchSummary {
    public struct Figure: Codable {
        public var name: String
        public var value: Double
        public var unit: String
        /// The issue's target or limit, if it states one.
        public var target: Double?
        /// "min" when the value should reach the target, "max" when it should stay under it.
        public var direction: String?
        public var note: String

        public init(name: String, value: Double, unit: String, target: Double? = nil, direction: String? = nil, note: String) {
            self.name = name
            self.value = value
            self.unit = unit
            self.target = target
            self.direction = direction
            self.note = note
        }
    }

    /// Prints the figure and appends it to the summary file, if one is set.
    public static func record(_ figure: Figure) {
        print(String(format: "%@: %.0f %@ %@", figure.name, figure.value, figure.unit, figure.note))
        guard let path = ProcessInfo.processInfo.environment["IDGATE_BENCH_SUMMARY"],
              var line = try? JSONEncoder().encode(figure) else { return }
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        handle.seekToEndOfFile()
        handle.write(line)
        handle.closeFile()
    }

    /// The median of `values` (0 when empty).
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
