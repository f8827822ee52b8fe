extension LDSBuilder {
    /// A valid baseline greyscale JPEG (JFIF) of a blocky face, encoded in code: each 8×8 block is one
    /// flat grey level, so only DC coefficients are coded (ITU-T T.81, Annex K.3 luminance DC table).
    /// `seed` varies the background and skin shades.
    public static func faceJPEG(width blocksX: Int = 12, height blocksY: Int = 16, seed: Int = 0) -> [UInt8] {
        let levels = faceLevels(blocksX: blocksX, blocksY: blocksY, seed: seed)
        var out: [UInt8] = [0xFF, 0xD8]
        out += segment(0xE0, [0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])
        out += segment(0xDB, [0x00] + [UInt8](repeating: 8, count: 64))
        let w = blocksX * 8, h = blocksY * 8
        out += segment(0xC0, [0x08, UInt8(h >> 8), UInt8(h & 0xFF), UInt8(w >> 8), UInt8(w & 0xFF), 0x01, 0x01, 0x11, 0x00])
        out += segment(0xC4, [0x00] + dcCounts + Array(0...11))
        out += segment(0xC4, [0x10, 0x01] + [UInt8](repeating: 0, count: 15) + [0x00])  // AC: only EOB, code "0"
        out += segment(0xDA, [0x01, 0x01, 0x00, 0x00, 0x3F, 0x00])
        var bits = BitWriter()
        let codes = canonicalCodes(dcCounts)
        var previous = 0
        for level in levels {
            let dc = level - 128  // DCT DC of a flat block is 8 × (level − 128); quantised by 8
            let diff = dc - previous
            previous = dc
            let category = diff == 0 ? 0 : (Int.bitWidth - abs(diff).leadingZeroBitCount)
            bits.write(codes[category].code, count: codes[category].length)
            if category > 0 { bits.write(diff > 0 ? diff : diff + (1 << category) - 1, count: category) }
            bits.write(0, count: 1)  // EOB
        }
        out += bits.finish()
        return out + [0xFF, 0xD9]
    }

    private static let dcCounts: [UInt8] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]

    /// Grey levels per block, row by row: hair, face oval, eyes, mouth, shoulders on a plain background.
    static func faceLevels(blocksX: Int, blocksY: Int, seed: Int) -> [Int] {
        let background = 210 - (seed % 4) * 10, skin = 175 - (seed % 3) * 15
        let cx = Double(blocksX - 1) / 2, cy = Double(blocksY) * 0.42
        let rx = Double(blocksX) * 0.32, ry = Double(blocksY) * 0.33
        var levels: [Int] = []
        for by in 0..<blocksY {
            for bx in 0..<blocksX {
                let dx = (Double(bx) - cx) / rx, dy = (Double(by) - cy) / ry
                var v = background
                if by >= blocksY * 7 / 8 { v = 70 }
                if dx * dx + dy * dy <= 1 {
                    v = dy < -0.55 ? 40 : skin
                    let eyeRow = Int(cy - ry * 0.2)
                    if by == eyeRow && (abs(Double(bx) - (cx - rx * 0.45)) < 0.6 || abs(Double(bx) - (cx + rx * 0.45)) < 0.6) { v = 50 }
                    if by == Int(cy + ry * 0.5) && abs(Double(bx) - cx) < 1 { v = 110 }
                }
                levels.append(v)
            }
        }
        return levels
    }

    private static func canonicalCodes(_ counts: [UInt8]) -> [(code: Int, length: Int)] {
        var out: [(code: Int, length: Int)] = []
        var code = 0
        for (i, n) in counts.enumerated() {
            for _ in 0..<Int(n) {
                out.append((code, i + 1))
                code += 1
            }
            code <<= 1
        }
        return out
    }

    private static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] {
        let n = body.count + 2
        return [0xFF, marker, UInt8(n >> 8), UInt8(n & 0xFF)] + body
    }
}

/// MSB-first bit packing with JPEG byte stuffing (`FF` → `FF 00`) and 1-bit padding.
struct BitWriter {
    private var bytes: [UInt8] = []
    private var accumulator = 0
    private var count = 0

    mutating func write(_ value: Int, count n: Int) {
        for i in stride(from: n - 1, through: 0, by: -1) {
            accumulator = accumulator << 1 | (value >> i & 1)
            count += 1
            if count == 8 { flush() }
        }
    }

    mutating func finish() -> [UInt8] {
        while count != 0 { write(1, count: 1) }
        return bytes
    }

    private mutating func flush() {
        let b = UInt8(accumulator & 0xFF)
        bytes.append(b)
        if b == 0xFF { bytes.append(0x00) }
        accumulator = 0
        count = 0
    }
}
