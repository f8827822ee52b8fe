import ChaosSupport
import Agent
import CardIO
import CardSim
import EMRTD
import Foundation
import Testing

/// How one read of a garbling card ended: acceptably (with the kind of outcome, for the figures) or wrongly.
enum GarbageOutcome: Sendable {
    case fine(String)
    case wrong(String)
}

@Suite("Chaos: cards torn away, and cards answering garbage, during a full verified read (in-process)")
struct CardChaosTests {
    /// Access modes and APDU sizes exercised: the short form reads with PACE and extended length only.
    static let variants: [(mode: CCCDCard.AccessMode, extended: Bool)] = ChaosScale.pick(
        short: [(.both, true)], full: [(.both, true), (.bacOnly, true), (.both, false)])

    @Test("A card torn at every APDU index gives a card-gone error, and the next read of the card succeeds")
    func tornAtEveryAPDU() throws {
        let chaos = try ChaosCard.shared.get()
        var tally = ChaosTally("card-torn-in-process")
        for variant in Self.variants {
            let name = "\(variant.mode)/\(variant.extended ? "extended" : "short")"
            // The untorn read gives the number of APDUs of a full read.
            let card = chaos.profile.card(mode: variant.mode, extendedLength: variant.extended)
            let clean = TearingChannel(InProcessChannel(card: card, supportsExtendedLength: variant.extended), tearAt: nil)
            let full = chaos.read(over: clean, mode: variant.mode, reset: clean.reset)
            let read = try full.result.get()
            try #require(chaos.problem(with: read) == nil, "\(chaos.problem(with: read) ?? "")")
            for k in 0..<full.apdus {
                tally.runs += 1
                let outcome = withDeadline(seconds: 30) { () -> String? in
                    let torn = TearingChannel(InProcessChannel(card: card, supportsExtendedLength: variant.extended), tearAt: k)
                    switch chaos.read(over: torn, mode: variant.mode, reset: torn.reset).result {
                    case .success(let r):
                        return "returned a read (\(r.chipStatement); files \(r.files.map(\.name)); notes \(r.notes)) instead of a card-gone error"
                    case .failure(let error) where !error.isCardGone:
                        return "error is not card-gone: \(error)"
                    case .failure:
                        break
                    }
                    // The card is put back: the next read is complete and verified.
                    let again = TearingChannel(InProcessChannel(card: card, supportsExtendedLength: variant.extended), tearAt: nil)
                    switch chaos.read(over: again, mode: variant.mode, reset: again.reset).result {
                    case .success(let r): return chaos.problem(with: r).map { "next read: \($0)" }
                    case .failure(let error): return "next read failed: \(error)"
                    }
                }
                switch outcome {
                case nil: tally.hang("\(name) torn at APDU \(k) of \(full.apdus)")
                case let why??: tally.fail("\(name) torn at APDU \(k) of \(full.apdus): \(why)")
                case .some(nil): break
                }
            }
        }
        tally.report()
    }

    @Test("A card answering garbage to any one command gives a typed error or a read that does not claim what it did not verify; never a hang")
    func garbageAnswers() throws {
        let chaos = try ChaosCard.shared.get()
        var tally = ChaosTally("card-garbage")
        var random = SplitMix64(seed: SplitMix64.runSeed)
        let rounds = ChaosScale.pick(short: 1, full: 4)
        var errors: [String: Int] = [:]
        for variant in Self.variants {
            let probe = TearingChannel(InProcessChannel(card: chaos.profile.card(mode: variant.mode, extendedLength: variant.extended)), tearAt: nil)
            let apdus = chaos.read(over: probe, mode: variant.mode, reset: probe.reset).apdus
            for _ in 0..<rounds {
                for k in 0..<apdus {
                    for garble in GarblingCard.Garble.allCases {
                        tally.runs += 1
                        let seed = random.next()
                        let outcome = withDeadline(seconds: 30) { () -> GarbageOutcome in
                            let card = GarblingCard(chaos.profile.card(mode: variant.mode, extendedLength: variant.extended),
                                                    garbleAt: k, garble: garble, seed: seed)
                            let link = TearingChannel(InProcessChannel(card: card, supportsExtendedLength: variant.extended), tearAt: nil)
                            switch chaos.read(over: link, mode: variant.mode, reset: link.reset).result {
                            case .failure(let error):
                                let text = error.description
                                return text.isEmpty ? .wrong("an error without a message") : .fine("\(error)".prefix { $0 != "(" }.description)
                            case .success(let read):
                                // A garbled answer may be refused, or noted on its file; what must never happen is a file
                                // handed over as read whose bytes differ from the card's.
                                if let wrong = chaos.alteredFile(in: read) {
                                    return .wrong("\(wrong) was handed over with bytes the card does not hold (\(read.chipStatement))")
                                }
                                return .fine(read.chipStatement == "genuine chip" ? "read ok" : "read: \(read.chipStatement)")
                            }
                        }
                        switch outcome {
                        case nil: tally.hang("\(garble) at APDU \(k), seed \(seed)")
                        case .wrong(let why)?: tally.fail("\(garble) at APDU \(k), seed \(seed): \(why)")
                        case .fine(let kind)?: errors[kind, default: 0] += 1
                        }
                    }
                }
            }
        }
        // A card that answers nothing but noise never opens.
        for _ in 0..<ChaosScale.pick(short: 20, full: 200) {
            tally.runs += 1
            let seed = random.next()
            let outcome = withDeadline(seconds: 30) { () -> String? in
                let link = TearingChannel(InProcessChannel(card: NoiseCard(seed: seed)), tearAt: nil)
                if case .success = chaos.read(over: link, mode: .both, reset: link.reset).result { return "a noise card opened" }
                return nil
            }
            switch outcome {
            case nil: tally.hang("noise card, seed \(seed)")
            case let why??: tally.fail("noise card, seed \(seed): \(why)")
            case .some(nil): break
            }
        }
        print("card-garbage outcomes:", errors.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        tally.report()
    }
}
