import Foundation
import Testing

// The chaos suite's figures for the scenarios that need pcscd (Tests/ChaosTests has the same tally for the
// in-process ones; test targets cannot share code without a support target).

/// How much chaos to run: `IDGATE_CHAOS_SCALE=full` for the local run (`scripts/chaos`), short by default (CI).
enum ChaosScale {
    static var isFull: Bool { ProcessInfo.processInfo.environment["IDGATE_CHAOS_SCALE"] == "full" }

    /// `short` in the CI form, `full` in the full run.
    static func pick<T>(short: T, full: T) -> T { isFull ? full : short }
}

/// One scenario's figures: runs, and the runs that went wrong, counted by kind.
struct ChaosTally: CustomStringConvertible {
    let scenario: String
    var runs = 0
    var failures = 0
    var lost = 0
    var duplicated = 0
    var hangs = 0
    /// What went wrong, one line per failure (the first few are printed).
    var problems: [String] = []

    init(_ scenario: String) { self.scenario = scenario }

    /// Counts a failed run with why.
    mutating func fail(_ why: String) {
        failures += 1
        problems.append(why)
    }

    /// Counts a run that did not finish in time.
    mutating func hang(_ why: String) {
        hangs += 1
        problems.append("hang: " + why)
    }

    var description: String {
        "chaos \(scenario): runs=\(runs) failures=\(failures) lost=\(lost) duplicated=\(duplicated) hangs=\(hangs)"
    }

    var isClean: Bool { runs > 0 && failures == 0 && lost == 0 && duplicated == 0 && hangs == 0 }

    /// Prints the summary line (and appends it to `$IDGATE_CHAOS_SUMMARY` when set), then records a test issue
    /// naming the first problems unless the scenario ran clean. When every problem contains `knownIssue` (a bug
    /// reported to its owner and not fixed yet) the issue is recorded as known: the line still counts it.
    func report(knownIssue: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
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
        if let knownIssue, !isClean, lost == 0, duplicated == 0, hangs == 0, problems.allSatisfy({ $0.contains(knownIssue) }) {
            withKnownIssue(Comment(rawValue: knownIssue)) { #expect(isClean, Comment(rawValue: summary), sourceLocation: sourceLocation) }
        } else {
            #expect(isClean, Comment(rawValue: summary), sourceLocation: sourceLocation)
        }
    }
}

/// What a process holds that a leak would grow: open file descriptors and threads (from /proc/self). The descriptor
/// count is process-wide, so it only means something when no other test runs at the same time.
struct ProcessResources: Equatable, CustomStringConvertible {
    var fds: Int
    var threads: Int
    /// Threads whose name starts with `idgate-` (the reader's and the monitor's own threads).
    var idgateThreads: [String]

    static func now() -> ProcessResources {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        // /proc files report size 0: read them through a FileHandle.
        let names = tasks.compactMap { task -> String? in
            guard let handle = FileHandle(forReadingAtPath: "/proc/self/task/\(task)/comm") else { return nil }
            defer { try? handle.close() }
            return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return ProcessResources(fds: fds, threads: tasks.count, idgateThreads: names.filter { $0.hasPrefix("idgate-") }.sorted())
    }

    var description: String { "fds=\(fds) threads=\(threads) idgate threads=\(idgateThreads)" }
}

