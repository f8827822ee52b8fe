import CardIO
import CardSim
import LDS
import Testing

/// Property: a parser of card data returns or throws on any input; it never traps.
@Suite("LDS parsers on mutated input")
struct MutationTests {
    @Test("random mutations of valid files only ever throw or return")
    func mutations() throws {
        let p = CitizenSample.samples[1]
        let mrzStrings = LDSBuilder.mrz(for: p)
        let corpus: [(String, ([UInt8]) throws -> Void)] = [
            ("COM", { _ = try EFCOM(derEncoded: $0) }),
            ("DG1", { _ = try DG1(derEncoded: $0) }),
            ("DG2", { _ = try DG2(derEncoded: $0) }),
            ("DG11", { _ = try DG11(derEncoded: $0) }),
            ("DG15", { _ = try DG15(derEncoded: $0) }),
            ("SOD", { _ = try SOD(derEncoded: $0) }),
            ("LSO", { _ = try LDSSecurityObject(derEncoded: $0) }),
        ]
        let alg = TLV(tag: 0x30, value: OID(dotted: "1.2.840.10045.2.1")!.derEncoded + OID(dotted: "1.3.36.3.3.2.8.1.1.7")!.derEncoded)
        let spki = TLV(tag: 0x30, children: [alg, TLV(tag: 0x03, value: [0x00, 0x04] + [UInt8](repeating: 9, count: 64))]).encoded
        let lso = SODTests.securityObject(OID(dotted: "2.16.840.1.101.3.4.2.1")!, hashes: [1: [UInt8](repeating: 1, count: 32)])
        let sod = TLV(tag: 0x77, value: handBuiltSignedData(lso)).encoded
        let seeds: [String: [UInt8]] = [
            "COM": LDSBuilder.com(), "DG1": LDSBuilder.dg1(mrz: mrzStrings),
            "DG2": LDSBuilder.dg2(for: p, width: 16, height: 16),
            "DG11": TLV(tag: 0x6B, children: [TLV(tag: 0x5F0E, value: [0x41]), TLV(tag: 0xA0, children: [TLV(tag: 0x5F0F, value: [0x42])])]).encoded,
            "DG15": TLV(tag: 0x6F, value: spki).encoded, "SOD": sod, "LSO": lso,
        ]
        #expect(throws: Never.self) { try SOD(derEncoded: sod) }
        var rng = SplitMix64(seed: 0x1D6A7E)
        var outcomes = [0, 0]
        for (name, parse) in corpus {
            let seed = try #require(seeds[name])
            for _ in 0..<1500 {
                let input = Self.mutate(seed, &rng)
                do {
                    try parse(input)
                    outcomes[0] += 1
                } catch {
                    outcomes[1] += 1
                }
            }
        }
        #expect(outcomes[1] > 0)
    }

    /// A minimal SignedData with one SignerInfo (issuerAndSerialNumber, signed attributes, ECDSA).
    func handBuiltSignedData(_ lso: [UInt8]) -> [UInt8] {
        let sha256 = TLV(tag: 0x30, value: OID(dotted: "2.16.840.1.101.3.4.2.1")!.derEncoded)
        let eci = TLV(tag: 0x30, value: OID(dotted: "2.23.136.1.1.1")!.derEncoded + TLV(tag: 0xA0, children: [TLV(tag: 0x04, value: lso)]).encoded)
        let name = TLV(tag: 0x30, children: [TLV(tag: 0x31, children: [TLV(tag: 0x30, value: OID(dotted: "2.5.4.3")!.derEncoded + [0x0C, 0x01, 0x41])])])
        let sid = TLV(tag: 0x30, children: [name, TLV(tag: 0x02, value: [0x01])])
        let md = TLV(tag: 0x30, value: OID(dotted: "1.2.840.113549.1.9.4")!.derEncoded
            + TLV(tag: 0x31, children: [TLV(tag: 0x04, value: [UInt8](repeating: 2, count: 32))]).encoded)
        let attrs = TLV(tag: 0xA0, children: [md])
        let sigAlg = TLV(tag: 0x30, value: OID(dotted: "1.2.840.10045.4.3.2")!.derEncoded)
        let si = TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [1]), sid, sha256, attrs, sigAlg, TLV(tag: 0x04, value: [0x30, 0x00])])
        let sd = TLV(tag: 0x30, children: [TLV(tag: 0x02, value: [3]), TLV(tag: 0x31, children: [sha256]), eci, TLV(tag: 0x31, children: [si])])
        return TLV(tag: 0x30, value: OID(dotted: "1.2.840.113549.1.7.2")!.derEncoded + TLV(tag: 0xA0, children: [sd]).encoded).encoded
    }

    static func mutate(_ seed: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = seed
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !b.isEmpty else { break }
            let i = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
            case 1: b[i] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            case 2: b.removeSubrange(i..<b.count)
            case 3: b.insert(UInt8.random(in: 0...255, using: &rng), at: i)
            case 4: b.remove(at: i)
            default: b[i] = [0x00, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF].randomElement(using: &rng) ?? 0
            }
        }
        return b
    }
}

/// A small seeded generator so failures are reproducible.
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
