/// Placeholder contents of realistic sizes for the simulated CCCD until generated data groups replace them.
/// Each file is a well-formed outer TLV (tag and length right) around deterministic filler bytes.
public enum CCCDPlaceholderFiles {
    /// File ID → bytes: COM, DG1 (~100 B), DG2 (~18 KB), DG13 (~600 B), DG14, DG15, SOD (~2 KB).
    public static func make() -> [UInt16: [UInt8]] {
        // EF.COM: LDS version 0107, Unicode 040000, tag list DG1 DG2 DG3 DG13 DG14 DG15.
        let com: [UInt8] = [0x60, 0x18, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30, 0x37, 0x5F, 0x36, 0x06, 0x30, 0x34, 0x30, 0x30, 0x30, 0x30,
                            0x5C, 0x06, 0x61, 0x75, 0x63, 0x6D, 0x6E, 0x6F]
        return [
            0x011E: com,
            0x0101: wrap(0x61, 93, seed: 1),
            0x0102: wrap(0x75, 18_000, seed: 2),
            0x010D: wrap(0x6D, 600, seed: 13),
            0x010E: wrap(0x6E, 320, seed: 14),
            0x010F: wrap(0x6F, 300, seed: 15),
            0x011D: wrap(0x77, 2_000, seed: 29),
        ]
    }

    /// An outer template `tag` holding `count` filler bytes.
    public static func wrap(_ tag: UInt8, _ count: Int, seed: UInt32) -> [UInt8] {
        var length: [UInt8]
        if count < 0x80 { length = [UInt8(count)] } else if count < 0x100 { length = [0x81, UInt8(count)] } else {
            length = [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
        }
        var x = seed &* 2_654_435_761 | 1
        var body = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            x ^= x << 13
            x ^= x >> 17
            x ^= x << 5
            body[i] = UInt8(truncatingIfNeeded: x)
        }
        return [tag] + length + body
    }
}
