import Eligibility
import Foundation
import Store

// idgate-lookup-bench: offline look-up latency and snapshot size on this machine. Usage:
//   idgate-lookup-bench <scratch-database> [rows=1000000] [lookups=20000]
// Prints one JSON object. Build with -c release for meaningful numbers. Run again on the same file
// (its key file is <database>.keys) to measure look-ups without loading again.

/// Offline look-up latency and snapshot size on this machine.
///
/// Fills a fresh database with a synthetic eligibility snapshot the way the sync layer does (sealed
/// bodies, keyed-digest keys, pages of 5 000 in one transaction each), then times the offline path of
/// a look-up: cache miss, snapshot hit, decrypt, decode, verdict.
@main
struct LookupBenchmark {
    let database: String
    let rows: Int
    let lookups: Int

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    static func main() async throws {
        let args = CommandLine.arguments
        guard args.count >= 2 else { throw UsageError(description: "usage: idgate-lookup-bench <scratch-database> [rows] [lookups]") }
        let bench = LookupBenchmark(database: args[1], rows: args.count > 2 ? Int(args[2]) ?? 0 : 1_000_000,
                                    lookups: args.count > 3 ? Int(args[3]) ?? 0 : 20_000)
        try await bench.run()
    }

    struct Result: Encodable {
        var rows: Int
        var importSeconds: Double
        var fileBytes: Int64
        var bytesPerMillionRows: Int64
        var lookups: Int
        var p50Microseconds: Double
        var p99Microseconds: Double
        var maxMicroseconds: Double
        var missP50Microseconds: Double
        /// Process CPU time over the timed look-ups (hits and misses) divided by their number: the work, without waiting.
        var cpuMicrosecondsPerLookup: Double
        /// Times the kernel preempted this process during the timed look-ups (a loaded machine shows up here, not in CPU).
        var involuntaryContextSwitches: Int
        /// 1-, 5- and 15-minute load averages when the look-ups ended.
        var loadAverage: String
    }

    func run() async throws {
        guard rows > 0, lookups > 0 else { throw UsageError(description: "rows and lookups must be positive") }
        // An existing database (with its key file) is measured again without loading: repeat runs on a quiet machine.
        let keyFile = database + ".keys"
        let reuse = FileManager.default.fileExists(atPath: database)
        let keyring = reuse ? try StoreKeyring.load(fileAt: keyFile) : try StoreKeyring.createKeyFile(at: keyFile)
        let db = try AppDatabase(path: database, keyring: keyring)
        let asOf = GatewayDate(Date())
        let card = try CardCode("DN4797900000000")
        // Only the agent's own work is timed: applying the pages and the final checkpoint, not making the rows.
        var importTime = Duration.zero
        var n = reuse ? try db.snapshotRowCount(dataset: EligibilitySnapshotRow.dataset) : 0
        guard n <= rows else { throw UsageError(description: "\(database) holds \(n) rows, more than \(rows)") }
        while n < rows {
            let page = try (n..<min(rows, n + 5_000)).map { i in
                let row = EligibilitySnapshotRow(entry: try Self.entry(i, card: card), asOf: asOf)
                return SnapshotRow(key: Self.id(i), body: try JSONEncoder().encode(row))
            }
            let pageStart = ContinuousClock.now
            try await db.applySnapshotPage(dataset: EligibilitySnapshotRow.dataset, rows: page, cursor: String(n + page.count))
            importTime += ContinuousClock.now - pageStart
            n += page.count
        }
        let checkpointStart = ContinuousClock.now
        try db.checkpoint()
        let importSeconds = Self.seconds(importTime + (ContinuousClock.now - checkpointStart))
        let size = ((try? FileManager.default.attributesOfItem(atPath: database)[.size]) as? NSNumber)?.int64Value ?? 0

        let cache = StoredEligibilityCache(database: db)
        let snapshot = StoredEligibilitySnapshot(database: db)
        var generator = SystemRandomNumberGenerator()
        var hits: [Double] = []
        var misses: [Double] = []
        let today = GatewayDate(Date())
        var k = 0
        let usageBefore = Self.usage()
        while hits.count < lookups {
            k += 1
            let miss = k % 10 == 0
            let i = miss ? rows + Int.random(in: 0..<1_000_000, using: &generator) : Int.random(in: 0..<rows, using: &generator)
            let query = EligibilityQuery(subject: .idNumber(Self.id(i)), name: try PersonName("NGUYỄN VĂN \(i)"), birthDate: .yearOnly(1990))
            let start = ContinuousClock.now
            var found = false
            if await cache.lookup(query) == nil, let hit = await snapshot.lookup(query) {
                found = hit.entry.verdict(for: query, today: today).isDefinitive
            }
            let micros = Self.seconds(ContinuousClock.now - start) * 1e6
            if miss { misses.append(micros) } else {
                guard found else { throw UsageError(description: "row \(i) was not found") }
                hits.append(micros)
            }
        }
        let usageAfter = Self.usage()
        hits.sort()
        misses.sort()
        let result = Result(
            rows: rows, importSeconds: importSeconds, fileBytes: size, bytesPerMillionRows: Int64(Double(size) * 1_000_000 / Double(rows)),
            lookups: hits.count, p50Microseconds: Self.percentile(hits, 0.50), p99Microseconds: Self.percentile(hits, 0.99),
            maxMicroseconds: hits.last ?? 0, missP50Microseconds: Self.percentile(misses, 0.50),
            cpuMicrosecondsPerLookup: (usageAfter.cpuSeconds - usageBefore.cpuSeconds) * 1e6 / Double(k),
            involuntaryContextSwitches: usageAfter.involuntarySwitches - usageBefore.involuntarySwitches,
            loadAverage: ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " "))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    static func id(_ i: Int) -> String {
        let digits = String(i)
        return "079" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    static func entry(_ i: Int, card: CardCode) throws -> SnapshotEntry {
        let coverage = EligibilityVerdict.Coverage(card: card, validFrom: try GatewayDate(year: 2026, month: 1, day: 1),
                                                   validTo: try GatewayDate(year: 2099, month: 12, day: 31), primaryCareFacility: "79001")
        return SnapshotEntry(idNumber: id(i), card: card, name: try PersonName("NGUYỄN VĂN \(i)"), birthDate: .yearOnly(1990),
                             resultCode: "000", coverage: coverage)
    }

    /// User + system CPU seconds and involuntary context switches of this process so far.
    static func usage() -> (cpuSeconds: Double, involuntarySwitches: Int) {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return (0, 0) }
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return (cpu, usage.ru_nivcsw)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}
