import Agent
import BenchSupport
import Benchmark
import CardIO
import CardSim
import Foundation
import LDS
import PassiveAuth
import VNID

/// APDUs and bytes are exact counts (the same every iteration); CPU, allocations and instructions are the figures.
enum CardMetric {
    static let apdus = BenchmarkMetric.custom("APDUs", useScalingFactor: false)
    static let bytesSent = BenchmarkMetric.custom("Bytes sent", useScalingFactor: false)
    static let bytesReceived = BenchmarkMetric.custom("Bytes received", useScalingFactor: false)
    static let chipMicroseconds = BenchmarkMetric.custom("Simulated chip CPU (us)", useScalingFactor: false)
    static let all = [apdus, bytesSent, bytesReceived, chipMicroseconds]
}

/// The fixtures are slow to build (key generation): built once, shared by every benchmark.
final class CardFixtures: @unchecked Sendable {
    static let shared = CardFixtures()
    private let lock = NSLock()
    private var full: CardReadFixture?

    func card() throws -> CardReadFixture {
        lock.lock()
        defer { lock.unlock() }
        if let full { return full }
        let made = try CardReadFixture()
        full = made
        return made
    }
}

/// Per-iteration values, collected for the summary written in teardown.
let samples = BenchSamples()

/// Contactless bit rate the wire-time floor is computed at (ISO/IEC 14443 at 424 kbit/s; readers reach 106…848).
let radioBitsPerSecond = 424_000.0

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.cpuTotal, .wallClock, .mallocCountTotal, .instructions, .peakMemoryResident] + CardMetric.all
    Benchmark.defaultConfiguration = .init(metrics: metrics, timeUnits: .microseconds, warmupIterations: 1,
                                           maxDuration: .seconds(10), maxIterations: 25)

    for extended in [false, true] {
        let kind = extended ? "extended length" : "short APDUs"
        let key = extended ? "extended" : "short"
        Benchmark("PACE + reading 20 KB over secure messaging, \(kind)") { benchmark in
            let fixture = SecureReadFixture(profile: try CardFixtures.shared.card().profile)
            let cpu = ThreadCPU.nanoseconds()
            benchmark.startMeasurement()
            let outcome = try fixture.run(extendedLength: extended)
            benchmark.stopMeasurement()
            let total = ThreadCPU.nanoseconds() - cpu
            benchmark.measurement(CardMetric.apdus, outcome.apdus)
            benchmark.measurement(CardMetric.bytesSent, outcome.bytesSent)
            benchmark.measurement(CardMetric.bytesReceived, outcome.bytesReceived)
            benchmark.measurement(CardMetric.chipMicroseconds, outcome.cardCPUNanoseconds / 1_000)
            samples.add("sm-\(key)-apdus", Double(outcome.apdus))
            samples.add("sm-\(key)-access", Double(outcome.accessAPDUs))
            samples.add("sm-\(key)-received", Double(outcome.bytesReceived))
            samples.add("sm-\(key)-sent", Double(outcome.bytesSent))
            samples.add("sm-\(key)-reader-cpu", Double(total - outcome.cardCPUNanoseconds) / 1e6)
        } teardown: {
            let s = samples
            let chunk = ReadMinimum.maxPlaintext(responseLimit: ReadMinimum.responseLimit(extendedLength: extended))
            let floor = s.median("sm-\(key)-access") + Double(ReadMinimum.apdus(fileSizes: [SecureReadFixture.fileSize], maxPlaintext: chunk))
            BenchSummary.record(.init(
                name: "PACE + 20 KB over SM, \(kind): APDUs", value: s.median("sm-\(key)-apdus"), unit: "APDUs", target: floor,
                direction: "floor",
                note: String(format: "floor = %.0f access APDUs + SELECT + 20 480 B at %d B per answer; %.0f B sent, %.0f B received (%.2f × the file)",
                             s.median("sm-\(key)-access"), chunk, s.median("sm-\(key)-sent"), s.median("sm-\(key)-received"),
                             s.median("sm-\(key)-received") / Double(SecureReadFixture.fileSize))))
            let wireMs = (s.median("sm-\(key)-received") + s.median("sm-\(key)-sent")) * 8 / radioBitsPerSecond * 1_000
            BenchSummary.record(.init(
                name: "PACE + 20 KB over SM, \(kind): reader CPU", value: s.median("sm-\(key)-reader-cpu"), unit: "ms", target: wireMs,
                direction: "max", note: "CPU excluding the simulated chip; target = the bytes' radio time at 424 kbit/s"))
        }
    }

    for extended in [false, true] {
        let kind = extended ? "extended length" : "short APDUs"
        let key = extended ? "extended" : "short"
        Benchmark("Full verified read in-process (PACE, CA, AA, passive authentication), \(kind)",
                  configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(10),
                                       maxIterations: 15)) { benchmark in
            let fixture = try CardFixtures.shared.card()
            let cpu = ThreadCPU.nanoseconds()
            benchmark.startMeasurement()
            let outcome = try fixture.read(extendedLength: extended)
            benchmark.stopMeasurement()
            let total = ThreadCPU.nanoseconds() - cpu
            benchmark.measurement(CardMetric.apdus, outcome.apdus)
            benchmark.measurement(CardMetric.bytesSent, outcome.bytesSent)
            benchmark.measurement(CardMetric.bytesReceived, outcome.bytesReceived)
            benchmark.measurement(CardMetric.chipMicroseconds, outcome.cardCPUNanoseconds / 1_000)
            let files = outcome.read.files
            samples.add("full-\(key)-apdus", Double(outcome.apdus))
            samples.add("full-\(key)-file-apdus", Double(files.reduce(0) { $0 + $1.apdus }))
            samples.add("full-\(key)-received", Double(outcome.bytesReceived))
            samples.add("full-\(key)-sent", Double(outcome.bytesSent))
            samples.add("full-\(key)-reader-cpu", Double(total - outcome.cardCPUNanoseconds) / 1e6)
            samples.add("full-\(key)-chip-cpu", Double(outcome.cardCPUNanoseconds) / 1e6)
        } teardown: {
            let s = samples
            guard let fixture = try? CardFixtures.shared.card() else { return }
            let sizes = fixture.fileSizes
            let payload = Double(sizes.reduce(0, +))
            let chunk = ReadMinimum.maxPlaintext(responseLimit: ReadMinimum.responseLimit(extendedLength: extended))
            let floor = Double(ReadMinimum.apdus(fileSizes: sizes, maxPlaintext: chunk))
            let other = s.median("full-\(key)-apdus") - s.median("full-\(key)-file-apdus")
            BenchSummary.record(.init(
                name: "Full read, \(kind): file-reading APDUs", value: s.median("full-\(key)-file-apdus"), unit: "APDUs", target: floor,
                direction: "floor",
                note: String(format: "%d files, %.0f B; floor = a SELECT per file + READ BINARY at %d B per answer; %.0f APDUs in all (%.0f for access, CA, AA)",
                             sizes.count, payload, chunk, s.median("full-\(key)-apdus"), other)))
            BenchSummary.record(.init(
                name: "Full read, \(kind): bytes received", value: s.median("full-\(key)-received"), unit: "B", target: payload,
                direction: "floor", note: String(format: "floor = the files' %.0f B; %.0f B sent", payload, s.median("full-\(key)-sent"))))
            let wireMs = (s.median("full-\(key)-received") + s.median("full-\(key)-sent")) * 8 / radioBitsPerSecond * 1_000
            BenchSummary.record(.init(
                name: "Full read, \(kind): reader CPU", value: s.median("full-\(key)-reader-cpu"), unit: "ms", target: wireMs,
                direction: "max",
                note: String(format: "excluding the simulated chip (%.1f ms); target = the bytes' radio time at 424 kbit/s", s.median("full-\(key)-chip-cpu"))))
            guard extended else { return }
            // The reader's CPU split: passive authentication (hashes, CMS and certificate checks) and parsing alone.
            guard let read = try? fixture.read(extendedLength: true) else { return }
            let contents = { (name: String) in read.read.files.first { $0.name == name }?.contents ?? [] }
            var groups: [Int: [UInt8]] = [:]
            for f in read.read.files where f.name.hasPrefix("DG") { if let n = Int(f.name.dropFirst(2)) { groups[n] = f.contents } }
            let rounds = 20
            var started = ThreadCPU.nanoseconds()
            for _ in 0..<rounds {
                blackHole(PassiveAuthentication.verify(sod: contents("SOD"), dataGroups: groups, trustStore: fixture.trustStore))
            }
            let passive = Double(ThreadCPU.nanoseconds() - started) / Double(rounds) / 1e6
            started = ThreadCPU.nanoseconds()
            for _ in 0..<rounds {
                let dg13 = try? DG13(derEncoded: contents("DG13"))
                let mrz = try? DG1(derEncoded: contents("DG1")).mrz
                blackHole(Citizen(dg13: dg13, mrz: mrz))
                blackHole(try? DG2(derEncoded: contents("DG2")).face)
                blackHole(try? SecurityInfos(derEncoded: BERTLV.parseSingle(contents("DG14"), expecting: 0x6E).value, file: .dataGroup(14)))
                blackHole(try? SOD(derEncoded: contents("SOD")))
            }
            let parsing = Double(ThreadCPU.nanoseconds() - started) / Double(rounds) / 1e6
            let reader = s.median("full-extended-reader-cpu")
            BenchSummary.record(.init(
                name: "Full read, extended: passive authentication CPU", value: passive, unit: "ms",
                note: String(format: "%.0f %% of the reader's CPU per read; the rest is PACE, SM, CA, AA and parsing", 100 * passive / max(reader, 1e-9))))
            BenchSummary.record(.init(
                name: "Full read, extended: parsing CPU (DG1, DG2, DG13, DG14, SOD)", value: parsing, unit: "ms",
                note: String(format: "%.0f %% of the reader's CPU per read", 100 * parsing / max(reader, 1e-9))))
        }
    }
}
