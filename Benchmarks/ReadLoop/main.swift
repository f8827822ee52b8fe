// idgate-read-loop: full verified reads of the complete simulated CCCD, one after another, as the agent does them.
//
//   idgate-read-loop [--reads N] [--every K] [--pace-only]
//       In-process (InProcessChannel): alternates PACE and BAC, extended and short APDUs, so every read runs
//       PACE or BAC, secure messaging, chip authentication, active authentication and passive authentication.
//       Prints resident memory at the start, every K reads and at the end (JSON lines), then a summary line.
//       Used for the flat-RSS figure (10 000 reads) and under valgrind by scripts/leak-check.
//   idgate-read-loop --pcsc --port P [--reads N]
//       The same read through a running pcscd whose vpcd reader listens on port P (the card is served over vpcd),
//       after N in-process reads of the same kind, and prints both per-read figures and their ratio.
// Exits 1 when a read does not verify (passive authentication verified, genuine chip).
import Agent
import BenchSupport
import CardIO
import CardSim
import EMRTD
import Foundation

struct Options {
    var reads = 100
    var every = 1_000
    var paceOnly = false
    var pcsc = false
    var port: UInt16 = VPCDConnection.defaultPort

    init(_ arguments: [String]) {
        var it = arguments.dropFirst().makeIterator()
        while let a = it.next() {
            switch a {
            case "--reads": reads = Int(it.next() ?? "") ?? reads
            case "--every": every = max(1, Int(it.next() ?? "") ?? every)
            case "--pace-only": paceOnly = true
            case "--pcsc": pcsc = true
            case "--port": port = UInt16(it.next() ?? "") ?? port
            default:
                FileHandle.standardError.write(Data("idgate-read-loop: unknown argument \(a)\n".utf8))
                exit(2)
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("idgate-read-loop: \(message)\n".utf8))
    exit(1)
}

func json(_ fields: [(String, Any)]) -> String {
    "{" + fields.map { key, value in
        let v: String
        switch value {
        case let s as String: v = "\"\(s)\""
        case let d as Double: v = String(format: "%.3f", d)
        default: v = "\(value)"
        }
        return "\"\(key)\":\(v)"
    }.joined(separator: ",") + "}"
}

/// Writes one JSON line unbuffered (print is block-buffered into a pipe or file, hiding progress).
func emit(_ fields: [(String, Any)]) { FileHandle.standardOutput.write(Data((json(fields) + "\n").utf8)) }

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

let options = Options(CommandLine.arguments)
let fixture: CardReadFixture
do { fixture = try CardReadFixture() } catch { fail("cannot build the simulated card: \(error)") }

/// Reads `count` times in-process; samples RSS every `every` reads when `sample` is set.
@MainActor
func inProcess(_ count: Int, every: Int, sample: Bool, extendedOnly: Bool) -> (seconds: Double, apdus: Int, samples: [Int]) {
    var samples: [Int] = []
    var apdus = 0
    let started = ContinuousClock.now
    for i in 0..<count {
        let usePACE = options.paceOnly || extendedOnly || i % 2 == 0
        let extended = extendedOnly || i % 4 < 2
        do { apdus += try fixture.read(extendedLength: extended, usePACE: usePACE).apdus } catch { fail("read \(i + 1): \(error)") }
        if sample && (i + 1) % every == 0 {
            let rss = ResidentMemory.bytes()
            samples.append(rss)
            emit([("reads", i + 1), ("rssBytes", rss)])
        }
    }
    return (seconds(ContinuousClock.now - started), apdus, samples)
}

if options.pcsc {
    // Through pcscd: the card served over vpcd, read as `idgate read` does (connect, open, verified read, reset).
    let warm = inProcess(max(1, options.reads), every: options.reads, sample: false, extendedOnly: true)
    let card = TimedCard(fixture.profile.card(extendedLength: true))
    let vpcd = VPCDConnection(card: card, port: options.port)
    vpcd.insert()
    guard await vpcd.waitConnected(timeout: .seconds(10)) else { fail("vpcd is not listening on 127.0.0.1:\(options.port)") }
    let context: PCSCContext
    do { context = try PCSCContext() } catch { fail("no pcscd: \(error)") }
    var apdus = 0
    var linkRetries = 0
    let started = ContinuousClock.now
    for i in 0..<options.reads {
        var attempt = 0
        while true {
            do {
                let deadline = ContinuousClock.now + .seconds(5)
                var connected: PCSCCard?
                while connected == nil {
                    let names = (try? context.listReaders().filter { $0.contains("Virtual PCD") }) ?? []
                    connected = names.lazy.compactMap { try? context.connect(reader: $0) }.first
                    if connected == nil {
                        guard ContinuousClock.now < deadline else { fail("no card on a Virtual PCD reader") }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                guard let reader = connected else { fail("no card") }
                reader.supportsExtendedLength = true
                defer { reader.disconnect(.reset) }
                let wire = CountingChannel(reader)
                let (sm, _) = try CCCDAccess.open(wire, keys: fixture.profile.accessKeys, reset: { () throws(CardIOError) in try reader.reconnect() })
                let read = try CardVerification.read(sm, wire: wire, trustStore: fixture.trustStore)
                guard read.authentication.passive.outcome.isVerified, read.chipStatement == "genuine chip" else {
                    fail("read \(i + 1) through pcscd not verified: \(read.authentication.passive.outcome.code), \(read.chipStatement)")
                }
                apdus += wire.apdus
                break
            } catch {
                // A fresh vpcd link can fail its first APDU (SCARD_E_NOT_TRANSACTED): start over, as `idgate read` does.
                attempt += 1
                linkRetries += 1
                guard attempt <= 2 else { fail("read \(i + 1) through pcscd: \(error)") }
                try? await Task.sleep(for: .milliseconds(300))
            }
        }
    }
    let elapsed = seconds(ContinuousClock.now - started)
    vpcd.remove()
    let perRead = elapsed / Double(options.reads)
    let inProcessPerRead = warm.seconds / Double(max(1, options.reads))
    emit([("mode", "pcsc"), ("reads", options.reads), ("secondsPerRead", perRead), ("inProcessSecondsPerRead", inProcessPerRead),
                ("ratio", perRead / inProcessPerRead), ("apdusPerRead", apdus / max(1, options.reads)),
                ("inProcessAPDUsPerRead", warm.apdus / max(1, options.reads)), ("linkRetries", linkRetries)])
} else {
    let start = ResidentMemory.bytes()
    emit([("reads", 0), ("rssBytes", start)])
    let run = inProcess(options.reads, every: options.every, sample: true, extendedOnly: false)
    let end = ResidentMemory.bytes()
    let first = run.samples.first ?? end
    emit([("mode", "inProcess"), ("reads", options.reads), ("rssStartBytes", start), ("rssFirstSampleBytes", first),
                ("rssEndBytes", end), ("rssMaxBytes", max(run.samples.max() ?? end, end)),
                ("endOverFirstSample", Double(end) / Double(max(first, 1))), ("secondsPerRead", run.seconds / Double(max(1, options.reads))),
                ("apdusPerRead", run.apdus / max(1, options.reads))])
}
