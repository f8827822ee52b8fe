import Agent
import CardIO
import CardSim
import EMRTD
import Foundation
import PassiveAuth

/// A complete simulated CCCD with its trust store, built once (key generation is the slow part).
struct ChaosCard: @unchecked Sendable {
    let sample: CitizenSample
    let profile: CCCDProfile
    let trust: TrustStore

    static let shared = Result { () throws -> ChaosCard in
        let sample = CitizenSample.samples[0]
        let pki = try TestPKI.generate(now: CCCDProfile.issueDate(sample))
        let profile = try CCCDProfile(sample, pki: pki)
        var trust = TrustStore()
        _ = trust.add(try Certificate(derEncoded: pki.csca.der))
        return ChaosCard(sample: sample, profile: profile, trust: trust)
    }

    /// Opens and reads `card` over `link` the way `PCSCCardReader` does: access control, then the verified read.
    /// `reset` power-cycles the card between access attempts.
    func read(over link: any CardChannel, mode: CCCDCard.AccessMode, reset: () throws(CardIOError) -> Void)
        -> (result: Result<VerifiedCardRead, EMRTDError>, apdus: Int)
    {
        let wire = CountingChannel(link)
        do throws(EMRTDError) {
            let (sm, _) = try CCCDAccess.open(wire, keys: profile.accessKeys, usePACE: mode != .bacOnly, reset: reset)
            let read = try CardVerification.read(sm, wire: wire, trustStore: trust)
            return (.success(read), wire.apdus)
        } catch {
            return (.failure(error), wire.apdus)
        }
    }

    /// The first file `read` hands over as read (no error) whose contents differ from the card's, if any.
    func alteredFile(in read: VerifiedCardRead) -> String? {
        for file in read.files where file.error == nil {
            guard let id = UInt16(file.fileID, radix: 16), let truth = profile.files[id] else { return "\(file.name) (unknown file)" }
            if file.contents != truth { return file.name }
        }
        return nil
    }

    /// Why `read` is not the complete verified read of this card, or nil when it is.
    func problem(with read: VerifiedCardRead) -> String? {
        guard read.chipStatement == "genuine chip" else { return "chip statement '\(read.chipStatement)' (notes: \(read.notes))" }
        guard read.authentication.passive.outcome.isVerified else { return "passive authentication \(read.authentication.passive.message)" }
        guard read.citizen?.idNumber == sample.idNumber, read.citizen?.fullName == sample.fullName else { return "citizen differs from the card" }
        guard read.face?.imageData.isEmpty == false else { return "no face" }
        return nil
    }
}

/// A link to a simulated card that is torn away at APDU `tearAt` (0-based): that APDU and every later one fail
/// as a pulled card does, and so does a reset (a reconnect to a card no longer there).
final class TearingChannel: CardChannel {
    let base: InProcessChannel
    let tearAt: Int?
    private(set) var sent = 0

    init(_ base: InProcessChannel, tearAt: Int?) {
        self.base = base
        self.tearAt = tearAt
    }

    var supportsExtendedLength: Bool { base.supportsExtendedLength }
    var isTorn: Bool { tearAt.map { sent >= $0 } ?? false }

    func transmit(_ command: APDU) throws(CardIOError) -> ResponseAPDU {
        if let tearAt, sent >= tearAt {
            base.remove()
            throw .cardRemoved
        }
        sent += 1
        return try base.transmit(command)
    }

    func reset() throws(CardIOError) {
        if isTorn { throw .cardRemoved }
        base.card.reset()
    }
}

/// A card that answers garbage to one command (`garbleAt`, 0-based) and normally to the rest: random bytes,
/// a random status word, or the true answer with one bit flipped.
final class GarblingCard: SimulatedCard {
    enum Garble: CaseIterable { case randomBytes, randomStatus, bitFlip }
    let base: any SimulatedCard
    let garbleAt: Int
    let garble: Garble
    private var random: SplitMix64
    private(set) var processed = 0

    init(_ base: any SimulatedCard, garbleAt: Int, garble: Garble, seed: UInt64) {
        self.base = base
        self.garbleAt = garbleAt
        self.garble = garble
        random = SplitMix64(seed: seed)
    }

    var atr: [UInt8] { base.atr }
    func reset() { base.reset() }

    func process(_ command: [UInt8]) -> [UInt8] {
        defer { processed += 1 }
        let answer = base.process(command)
        guard processed == garbleAt else { return answer }
        switch garble {
        case .randomBytes:
            return (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case .randomStatus:
            return [UInt8.random(in: 0...255, using: &random), UInt8.random(in: 0...255, using: &random)]
        case .bitFlip:
            var flipped = answer
            guard !flipped.isEmpty else { return answer }
            let bit = Int.random(in: 0..<(flipped.count * 8), using: &random)
            flipped[bit / 8] ^= UInt8(1 << (bit % 8))
            return flipped
        }
    }
}

/// A card that answers every command with random bytes.
final class NoiseCard: SimulatedCard {
    private var random: SplitMix64
    init(seed: UInt64) { random = SplitMix64(seed: seed) }
    let atr: [UInt8] = [0x3B, 0x80, 0x80, 0x01, 0x01]
    func reset() {}
    func process(_ command: [UInt8]) -> [UInt8] {
        (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }
}

/// A small seeded generator so a failing run can be replayed (`IDGATE_CHAOS_SEED`).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The run's seed: `IDGATE_CHAOS_SEED`, else random (printed with any failure).
    static let runSeed: UInt64 = UInt64(ProcessInfo.processInfo.environment["IDGATE_CHAOS_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64.max)
}
