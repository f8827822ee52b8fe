import ChaosSupport
import Agent
import CardIO
import CardSim
import Foundation
import PassiveAuth
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A simulated card that leaves the reader at its APDU `tearAt` (0-based): the vpcd link is closed before that
/// APDU is answered, as a card pulled away mid-command.
final class TearingVPCDCard: SimulatedCard, @unchecked Sendable {
    let base: any SimulatedCard
    let tearAt: Int
    private(set) var processed = 0
    /// Closes the vpcd link; set once the connection exists.
    var tear: (@Sendable () -> Void)?

    init(_ base: any SimulatedCard, tearAt: Int) {
        self.base = base
        self.tearAt = tearAt
    }

    var atr: [UInt8] { base.atr }
    func reset() { base.reset() }

    func process(_ command: [UInt8]) -> [UInt8] {
        defer { processed += 1 }
        if processed == tearAt, let tear {
            // remove() waits for this (the connection) thread, so it runs elsewhere; its shutdown of the socket
            // comes well before this answer would be written.
            Thread { tear() }.start()
            usleep(200_000)
        }
        return base.process(command)
    }
}

/// Resumes a continuation with the first value given; later ones are dropped.
final class OnceContinuation<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?

    func set(_ c: CheckedContinuation<T, Never>) { lock.withLock { continuation = c } }

    func resume(_ value: T) {
        let c = lock.withLock { () -> CheckedContinuation<T, Never>? in
            defer { continuation = nil }
            return continuation
        }
        c?.resume(returning: value)
    }
}

extension PCSCIntegration {
    /// The chaos suite's scenarios that need pcscd: cards torn mid-read, pcscd killed, the vpcd link dropped.
    @Suite("Chaos through pcscd and vpcd: torn cards, pcscd restarts, vpcd unplugged")
    struct ChaosOverPCSC {
        let harness = PCSCHarness.shared
        /// Reads after a tear that needed another try, and pcscd restarts for a stuck vpcd slot (printed with the figures).
        let retries = Counter()
        let restarts = Counter()

        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var n = 0
            func add(_ k: Int) { lock.withLock { n += k } }
            var value: Int { lock.withLock { n } }
        }

        struct Card: Sendable {
            let profile: CCCDProfile
            let reader: PCSCCardReader
        }

        static let card = Result { () throws -> Card in
            let sample = CitizenSample.samples[0]
            let pki = try TestPKI.generate(now: CCCDProfile.issueDate(sample))
            let profile = try CCCDProfile(sample, pki: pki)
            var store = TrustStore()
            _ = store.add(try Certificate(derEncoded: pki.csca.der))
            return Card(profile: profile, reader: PCSCCardReader(timeout: .seconds(30), trustStore: store))
        }

        /// One read through pcscd, bounded: nil when it did not return within `seconds` (the read is then left running).
        func read(_ card: Card, within seconds: Double = 40) async -> Result<CardReadResult, CardReadFailure>? {
            let reader = card.reader
            let name = harness.readerName
            let keys = card.profile.accessKeys
            let once = OnceContinuation<Result<CardReadResult, CardReadFailure>?>()
            return await withCheckedContinuation { continuation in
                once.set(continuation)
                Task { once.resume(await reader.read(reader: name, keys: keys, progress: { _ in })) }
                Task {
                    try? await Task.sleep(for: .seconds(seconds))
                    once.resume(nil)
                }
            }
        }

        /// A fresh card on the reader, read once it is seen; a second and third try after a stale vpcd link (see
        /// the harness). Returns why the read is not a verified read of the card, or nil.
        ///
        /// vpcd's driver sometimes never reports a new card in a slot whose previous client dropped in the middle of
        /// a command (seen for 30 s and more; pcscd restarted, the slot works again). That is the virtual reader's
        /// limit, not idgate's: when the card is not seen within five seconds pcscd is restarted, counted in `restarts`.
        func cleanRead(_ card: Card) async -> String? {
            var vpcd = harness.virtualCard(card.profile.card())
            vpcd.insert()
            defer { vpcd.remove() }
            guard await vpcd.waitConnected() else { return "vpcd did not connect" }
            if !(await seen()) {
                vpcd.remove()
                restarts.add(1)
                harness.stop()
                do { try await harness.start() } catch { return "pcscd did not restart: \(error)" }
                vpcd = harness.virtualCard(card.profile.card())
                vpcd.insert()
                guard await vpcd.waitConnected(), await seen() else { return "the card is not seen even after a pcscd restart" }
            }
            var result = await read(card)
            for _ in 0..<2 {
                guard case .failure? = result else { break }
                retries.add(1)
                try? await Task.sleep(for: .milliseconds(500))
                result = await read(card)
            }
            switch result {
            case nil: return "the read did not return"
            case .failure(let why)?: return "read failed: \(why)"
            case .success(let r)?: return r.verification?.details.contains("genuine chip") == true ? nil : "not verified: \(r.verification?.details ?? [])"
            }
        }

        /// True once pcscd lets us connect to the card on the reader (at most five seconds).
        func seen() async -> Bool {
            guard let context = try? PCSCContext() else { return false }
            defer { context.release() }
            guard let connection = try? await harness.connectWhenPresent(context) else { return false }
            connection.disconnect(.leave)
            return true
        }

        /// Clients connected to the harness's pcscd (one per open PC/SC context): its connected sockets on
        /// pcscd.comm in /proc/net/unix, matched by inode to pcscd's own descriptors (other pcscd instances of other
        /// namespaces use the same path). Counting this process's descriptors would not do: tests running in
        /// parallel open and close their own.
        func pcscdClients() -> Int? {
            guard let pid = harness.runningPID,
                  let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return nil }
            let inodes = Set(fds.compactMap { fd -> String? in
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                      target.hasPrefix("socket:[") else { return nil }
                return String(target.dropFirst(8).dropLast())
            })
            guard let handle = FileHandle(forReadingAtPath: "/proc/net/unix") else { return nil }
            defer { try? handle.close() }
            let table = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
            // Num RefCount Protocol Flags Type St Inode Path; St 03 = connected.
            return table.split(separator: "\n").dropFirst().filter { line in
                let f = line.split(separator: " ", omittingEmptySubsequences: true)
                return f.count >= 8 && f[5] == "03" && f[7].hasSuffix("pcscd.comm") && inodes.contains(String(f[6]))
            }.count
        }

        /// Waits up to two seconds for the reader's threads to end and its PC/SC contexts to close; what is left.
        func leaks() async -> String? {
            var threads = ProcessResources.now().idgateThreads.filter { $0.hasPrefix("idgate-read") }
            var clients = pcscdClients() ?? 0
            for _ in 0..<100 where !threads.isEmpty || clients > 0 {
                try? await Task.sleep(for: .milliseconds(20))
                threads = ProcessResources.now().idgateThreads.filter { $0.hasPrefix("idgate-read") }
                clients = pcscdClients() ?? 0
            }
            if !threads.isEmpty { return "reader threads left: \(threads)" }
            if clients > 0 { return "\(clients) PC/SC contexts still connected to pcscd" }
            return nil
        }

        @Test("A card torn at sampled APDU indices of a verified read gives card-removed; the next read succeeds; nothing leaks")
        func tornCard() async throws {
            try await harness.ensureRunning()
            let card = try Self.card.get()
            var tally = ChaosTally("card-torn-pcscd")
            // A first read learns the APDU count and warms up what is created once.
            if let problem = await cleanRead(card) { Issue.record("first read: \(problem)") }
            let counter = TearingVPCDCard(card.profile.card(), tearAt: Int.max)
            do {
                let vpcd = harness.virtualCard(counter)
                vpcd.insert()
                defer { vpcd.remove() }
                _ = await vpcd.waitConnected()
                if let context = try? PCSCContext() {
                    defer { context.release() }
                    try? await harness.connectWhenPresent(context).disconnect(.leave)
                }
                _ = await read(card)
            }
            let total = counter.processed
            try #require(total > 20, "a full read took \(total) APDUs")
            // The leak check sees an open context (so it can fail), and none once it is released.
            let open = try PCSCContext()
            _ = try? open.listReaders()
            let whileOpen = pcscdClients() ?? 0
            open.release()
            #expect(whileOpen >= 1, "an open PC/SC context shows as a pcscd client")
            #expect(await leaks() == nil)
            let indices = Array((0..<total).shuffled().prefix(ChaosScale.pick(short: 2, full: 16))).sorted()
            for k in indices {
                tally.runs += 1
                let torn = TearingVPCDCard(card.profile.card(), tearAt: k)
                let vpcd = harness.virtualCard(torn)
                torn.tear = { [vpcd] in vpcd.remove() }
                vpcd.insert()
                guard await vpcd.waitConnected() else {
                    tally.fail("APDU \(k): vpcd did not connect")
                    continue
                }
                if let context = try? PCSCContext() {
                    defer { context.release() }
                    try? await harness.connectWhenPresent(context).disconnect(.leave)
                }
                let result = await read(card)
                vpcd.remove()
                switch result {
                case nil: tally.hang("torn at APDU \(k) of \(total): the read did not return")
                case .success(let r)?: tally.fail("torn at APDU \(k) of \(total): the read succeeded (\(r.apdus) APDUs, \(r.verification?.details ?? []))")
                case .failure(.cardRemoved)?: break
                case .failure(let other)?: tally.fail("torn at APDU \(k) of \(total): \(other.code): \(other)")
                }
                if let problem = await cleanRead(card) { tally.fail("after the tear at APDU \(k): \(problem)") }
                if let leak = await leaks() { tally.fail("after the tear at APDU \(k): \(leak)") }
            }
            print("card-torn-pcscd: full read \(total) APDUs; torn at \(indices); next reads retried \(retries.value) times, pcscd restarted for a stuck vpcd slot \(restarts.value) times")
            tally.report()
        }

        @Test("pcscd killed during a read: the read ends with an error, and after pcscd restarts the next read succeeds")
        func pcscdKilled() async throws {
            try await harness.ensureRunning()
            let card = try Self.card.get()
            var tally = ChaosTally("pcscd-killed")
            if let problem = await cleanRead(card) { Issue.record("first read: \(problem)") }
            for round in 0..<ChaosScale.pick(short: 1, full: 6) {
                tally.runs += 1
                let vpcd = harness.virtualCard(card.profile.card())
                vpcd.insert()
                _ = await vpcd.waitConnected()
                if let context = try? PCSCContext() {
                    defer { context.release() }
                    try? await harness.connectWhenPresent(context).disconnect(.leave)
                }
                let delay = Int.random(in: 100...1_500)
                async let outcome = read(card)
                try await Task.sleep(for: .milliseconds(delay))
                harness.kill()
                switch await outcome {
                case nil: tally.hang("round \(round): the read did not return after pcscd was killed at \(delay) ms")
                case .success?: break  // the read finished before the kill landed
                case .failure?: break
                }
                vpcd.remove()
                try await harness.start()
                if let problem = await cleanRead(card) { tally.fail("round \(round), after the restart: \(problem)") }
                if let leak = await leaks() { tally.fail("round \(round): \(leak)") }
            }
            tally.report()
        }

        @Test("The vpcd link dropped at a random moment of a read: card removed, no hang, the next read succeeds")
        func vpcdUnplugged() async throws {
            try await harness.ensureRunning()
            let card = try Self.card.get()
            var tally = ChaosTally("vpcd-unplugged")
            if let problem = await cleanRead(card) { Issue.record("first read: \(problem)") }
            for round in 0..<ChaosScale.pick(short: 1, full: 10) {
                tally.runs += 1
                let vpcd = harness.virtualCard(card.profile.card())
                vpcd.insert()
                _ = await vpcd.waitConnected()
                if let context = try? PCSCContext() {
                    defer { context.release() }
                    try? await harness.connectWhenPresent(context).disconnect(.leave)
                }
                let delay = Int.random(in: 50...1_500)
                async let outcome = read(card)
                try await Task.sleep(for: .milliseconds(delay))
                vpcd.remove()
                switch await outcome {
                case nil: tally.hang("round \(round): the read did not return after the link dropped at \(delay) ms")
                case .failure(.cardRemoved)?: break
                case .success(let r)?:  // the read was done before the link dropped: it must be the whole verified read
                    if r.verification?.details.contains("genuine chip") != true {
                        tally.fail("round \(round), link dropped at \(delay) ms: read returned \(r.verification?.details ?? [])")
                    }
                case .failure(let other)?: tally.fail("round \(round), link dropped at \(delay) ms: \(other.code): \(other)")
                }
                if let problem = await cleanRead(card) { tally.fail("round \(round), next read: \(problem)") }
                if let leak = await leaks() { tally.fail("round \(round): \(leak)") }
            }
            print("vpcd-unplugged: next reads retried \(retries.value) times, pcscd restarted for a stuck vpcd slot \(restarts.value) times")
            tally.report()
        }
    }
}
