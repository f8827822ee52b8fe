import Testing
@testable import CardIO

@Suite("BER-TLV")
struct BERTLVTests {
    @Test("single- and multi-byte tags with short and long lengths parse")
    func parsesTags() throws {
        // 5F1F (MRZ) with 0x5A bytes, 7F61 constructed, 04 with a long-form length.
        let mrz = [UInt8](repeating: 0x41, count: 90)
        let bytes: [UInt8] = [0x5F, 0x1F, 0x5A] + mrz
        let tlv = try BERTLV.parseSingle(bytes, expecting: 0x5F1F)
        #expect(tlv.value == mrz)
        #expect(tlv.tag.bytes == [0x5F, 0x1F])
        #expect(!tlv.tag.isConstructed)

        let value = [UInt8](repeating: 1, count: 300)
        let long = TLV(tag: 0x04, value: value).encoded
        #expect(Array(long.prefix(4)) == [0x04, 0x82, 0x01, 0x2C])
        #expect(try BERTLV.parseSingle(long).value == value)

        let threeByteTag: [UInt8] = [0x5F, 0x81, 0x02, 0x01, 0xAA]
        #expect(try BERTLV.parseSingle(threeByteTag).tag == TLVTag(rawValue: 0x5F8102))
    }

    @Test("constructed objects expose their children, and writer and reader agree")
    func nested() throws {
        let inner = [TLV(tag: 0x5F01, value: Array("0107".utf8)), TLV(tag: 0x5C, value: [0x61, 0x75, 0x6D])]
        let com = TLV(tag: 0x60, children: inner)
        #expect(com.tag.isConstructed)
        let parsed = try BERTLV.parseSingle(com.encoded, expecting: 0x60)
        #expect(try parsed.children() == inner)
        #expect(try parsed.requiredChild(0x5C).value == [0x61, 0x75, 0x6D])
        #expect(throws: TLVError.missingTag(0x77, in: 0x60)) { try parsed.requiredChild(0x77) }
    }

    @Test("lengths use the shortest definite form")
    func lengthEncoding() {
        #expect(BERTLV.encodeLength(0) == [0x00])
        #expect(BERTLV.encodeLength(127) == [0x7F])
        #expect(BERTLV.encodeLength(128) == [0x81, 0x80])
        #expect(BERTLV.encodeLength(255) == [0x81, 0xFF])
        #expect(BERTLV.encodeLength(256) == [0x82, 0x01, 0x00])
        #expect(BERTLV.encodeLength(70000) == [0x83, 0x01, 0x11, 0x70])
    }

    @Test("a file's total length is known from its first bytes")
    func totalLengthFromPrefix() throws {
        // DG2 header: 75 82 4A 38 → 4 + 0x4A38 bytes.
        #expect(try BERTLV.totalLength(fromPrefix: [0x75, 0x82, 0x4A, 0x38, 0x7F]) == 4 + 0x4A38)
        #expect(try BERTLV.totalLength(fromPrefix: [0x61, 0x5B]) == 2 + 0x5B)
        #expect(try BERTLV.totalLength(fromPrefix: [0x75, 0x82]) == nil)
        #expect(try BERTLV.totalLength(fromPrefix: [0x7F]) == nil)
        #expect(throws: TLVError.self) { try BERTLV.totalLength(fromPrefix: [0x75, 0x80, 0x00]) }
    }

    @Test("malformed input throws a typed error naming what is wrong", arguments: [
        ([UInt8](), TLVError.truncatedTag(offset: 0)),
        ([0x5F], TLVError.truncatedTag(offset: 0)),
        ([0x5F, 0x81], TLVError.truncatedTag(offset: 0)),
        ([0x5F, 0x81, 0x81, 0x81, 0x01, 0x00], TLVError.tagTooLong(offset: 0)),
        ([0x04], TLVError.truncatedLength(offset: 1)),
        ([0x04, 0x82, 0x01], TLVError.truncatedLength(offset: 1)),
        ([0x04, 0x80, 0x00, 0x00], TLVError.indefiniteLength(offset: 1)),
        ([0x04, 0x85, 1, 1, 1, 1, 1], TLVError.lengthTooLarge(offset: 1)),
        ([0x04, 0x05, 1, 2], TLVError.valueOverrun(tag: 0x04, offset: 0, declared: 5, available: 2)),
        ([0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 1], TLVError.valueOverrun(tag: 0x04, offset: 0, declared: 0xFFFF_FFFF, available: 1)),
    ])
    func malformed(bytes: [UInt8], expected: TLVError) {
        #expect(throws: expected) { try BERTLV.parseSingle(bytes) }
    }

    @Test("trailing bytes and unexpected tags are reported")
    func strictSingle() {
        #expect(throws: TLVError.trailingBytes(offset: 3, count: 1)) { try BERTLV.parseSingle([0x04, 0x01, 0xAA, 0x00]) }
        #expect(throws: TLVError.unexpectedTag(expected: 0x61, found: 0x04)) { try BERTLV.parseSingle([0x04, 0x00], expecting: 0x61) }
    }

    @Test("random bytes and mutations of valid TLV never trap")
    func randomInputNeverTraps() throws {
        var rng = SplitMix(seed: 0x1D6A7E)
        let valid = TLV(tag: 0x77, children: [TLV(tag: 0x5F1F, value: [UInt8](repeating: 0x3C, count: 200)), TLV(tag: 0x04, value: [1, 2])]).encoded
        for _ in 0..<20_000 {
            var b = valid
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let i = Int(rng.next() % UInt64(b.count))
                b[i] = UInt8(truncatingIfNeeded: rng.next())
            }
            b = Array(b.prefix(Int(rng.next() % UInt64(b.count + 1))))
            if let all = try? BERTLV.parseAll(b) {
                for t in all where t.tag.isConstructed { _ = try? t.children() }
            }
        }
    }
}

/// A small deterministic generator so a failing input can be reproduced.
struct SplitMix {
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
