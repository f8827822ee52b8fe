import CardIO
import VNID

extension LDSBuilder {
    /// DG2 with one face: `7F61 { 02 count, 7F60 { A1 header, 5F2E ISO 19794-5 record } }` around `faceJPEG`.
    public static func dg2(for p: CitizenSample, image: [UInt8]? = nil, width: Int = 96, height: Int = 128) -> [UInt8] {
        let jpeg = image ?? faceJPEG(width: width / 8, height: height / 8, seed: p.idNumber.utf8.reduce(0) { $0 + Int($1) })
        let header = TLV(tag: 0xA1, children: [
            TLV(tag: 0x80, value: [0x01, 0x01]), TLV(tag: 0x81, value: [0x02]),
            TLV(tag: 0x87, value: [0x01, 0x01]), TLV(tag: 0x88, value: [0x00, 0x08]),
        ])
        let record = facialRecord(jpeg, width: width, height: height, female: p.sex == .female)
        let bit = TLV(tag: 0x7F60, children: [header, TLV(tag: 0x5F2E, value: record)])
        let group = TLV(tag: 0x7F61, children: [TLV(tag: 0x02, value: [0x01]), bit])
        return TLV(tag: 0x75, children: [group]).encoded
    }

    /// An ISO/IEC 19794-5:2005 facial record: general header, one facial record header, image information, image.
    public static func facialRecord(_ image: [UInt8], width: Int, height: Int, female: Bool, jpeg2000: Bool = false) -> [UInt8] {
        let block = 20 + 12 + image.count
        let total = 14 + block
        var out: [UInt8] = Array("FAC".utf8) + [0] + Array("010".utf8) + [0] + be(total, 4) + be(1, 2)
        out += be(block, 4) + be(0, 2) + [female ? 2 : 1, 0, 0] + [0, 0, 0] + be(0, 2) + [0, 0, 0] + [0, 0, 0]
        out += [1, jpeg2000 ? 1 : 0] + be(width, 2) + be(height, 2) + [3, 2] + be(0, 2) + be(0, 2)
        return out + image
    }

    private static func be(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * (n - 1 - $0))) } }
}
