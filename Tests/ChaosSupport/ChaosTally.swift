import Foundation
import Testing

// The chaos suite's figures, shared by Tests/ChaosTests (in-process scenarios) and Tests/PCSCIntegrationTests
// (scenarios that need pcscd): a plain target, since test targets cannot depend on each other.

/// How much chaos to run: `IDGATE_CHAOS_SCALE=full` for the local run (`scripts/chaos`), short by default (CI).
public enum ChaosScale {
    public static var isFull: Bool { ProcessInfo.processInfo.environment["IDGATE_CHAOS_SCALE"] == "full" }

    /// `short` in the CI form, `full` in the full run.
    public static func pick<T>(short: T, full: T) -> T { isFull ? full : short }
}

/// One scenario's figures: runs, and the runs that went wrong, counted by kind.
public struct ChaosTally: CustomStringConvertible {
    public let scenario: String
    public var runs = 0
    public var failures = 0
    public var lost = 0
    public var duplicated = 0
    public var hangs = 0
    /// What went wrong, one line per failure (the first few are printed).
    public var problems: [String] = []

    public init(_ scenario: String) { self.scenario = scenario }

    /// Counts a failed run with why.
    public mutating func fail(_ why: String) {
        failures += 1
        problems.append(why)
    }

    /// Counts a run that did not finish in time.
    public mutating func hang(_ why: String) {
        hangs += 1
        problems.append("hang: " + why)
    }

    public var description: String {
        "chaos \(scenario): runs=\(runs) failures=\(failures) lost=\(lost) duplicated=\(duplicated) hangs=\(hangs)"
    }

    public var isClean: Bool { runs > 0 && failures == 0 && lost == 0 && duplicated == 0 && hangs == 0 }

    /// Prints the summary line (and appends it to `$IDGATE_CHAOS_SUMMARY` when set), then records a test issue
    /// naming the first problems unless the scenario ran clean.
    public func report(sourceLocation: SourceLocation = #_sourceLocation) {
        print(description)
        for p in problems.prefix(5) { print("  chaos \(scenario) problem: \(p)") }
        if let path = ProcessInfo.processInfo.environment["IDGATE_CHAOS_SUMMARY"] {
            let line = Data((description + "\n").utf8)
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.seekToEndOfFile()
                handle.write(line)
                try? handle.close()
            } else {
                _ = FileManager.default.createFile(atPath: path, contents: line)
            }
        }
        let summary = "\(description)\n\(problems.prefix(10).joined(separator: "\n"))"
        #expect(isClean, Comment(rawValue: summary), sourceLocation: sourceLocation)
    }
}
