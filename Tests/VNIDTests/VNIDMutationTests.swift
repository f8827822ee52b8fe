import CardSim
import LDS
import Testing
import VNID

/// Property: DG13 and QR parsing return or throw on any input; they never trap.
@Suite("VNID parsers on mutated input")
struct VNIDMutationTests {
    @Test("random mutations of DG13 files and QR texts only ever throw or return")
    func mutations() {
        var rng = SplitMix64(seed: 0xD613)
        var thrown = 0
        for p in CitizenSample.samples {
            let file = LDSBuilder.dg13(for: p)
            for _ in 0..<1500 {
                var b = file
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !b.isEmpty {
                    let i = Int.random(in: 0..<b.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
                    case 1: b.removeSubrange(i..<b.count)
                    case 2: b.insert([0x80, 0x81, 0xFF, 0x30, 0x02].randomElement(using: &rng) ?? 0, at: i)
                    default: b.remove(at: i)
                    }
                }
                do {
                    let dg = try DG13(derEncoded: b)
                    _ = Citizen(dg13: dg, mrz: nil)
                } catch { thrown += 1 }
            }
            var qr = Array(p.qrText.unicodeScalars)
            for _ in 0..<500 {
                if !qr.isEmpty {
                    let i = Int.random(in: 0..<qr.count, using: &rng)
                    qr[i] = ["|", "0", "/", " ", "a", "ữ"].randomElement(using: &rng).flatMap { $0.unicodeScalars.first } ?? "x"
                }
                var s = String.UnicodeScalarView()
                s.append(contentsOf: qr)
                _ = try? CCCDQRCode(text: String(s))
            }
        }
        #expect(thrown > 0)
    }
}

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
