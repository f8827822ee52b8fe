import CardIO
import Foundation
import LDS

/// Internal DER reading for certificates and CRLs; every failure names what was being read.
struct DERReading {
    /// What is being read, for messages ("certificate", "CRL").
    let what: String

    func fail(_ field: String, _ reason: String) -> PassiveAuthError { .malformedCertificate(what, reason: "\(field): \(reason)") }

    func single(_ bytes: [UInt8], tag: TLVTag, field: String) throws(PassiveAuthError) -> TLV {
        let tlv: TLV
        do { tlv = try BERTLV.parseSingle(bytes) } catch { throw fail(field, error.description) }
        guard tlv.tag == tag else { throw fail(field, "expected tag \(tag), found \(tlv.tag)") }
        return tlv
    }

    func children(_ tlv: TLV, tag: TLVTag? = nil, field: String) throws(PassiveAuthError) -> [TLV] {
        if let tag, tlv.tag != tag { throw fail(field, "expected tag \(tag), found \(tlv.tag)") }
        do { return try tlv.children() } catch { throw fail(field, error.description) }
    }

    func element(_ items: [TLV], _ index: Int, tag: TLVTag, field: String) throws(PassiveAuthError) -> TLV {
        guard index < items.count else { throw fail(field, "missing") }
        guard items[index].tag == tag else { throw fail(field, "expected tag \(tag), found \(items[index].tag)") }
        return items[index]
    }

    func oid(_ tlv: TLV, field: String) throws(PassiveAuthError) -> OID {
        guard tlv.tag == 0x06, let oid = OID(contentBytes: tlv.value) else { throw fail(field, "not an OBJECT IDENTIFIER") }
        return oid
    }

    func algorithm(_ tlv: TLV, field: String) throws(PassiveAuthError) -> AlgorithmIdentifier {
        let items = try children(tlv, tag: 0x30, field: field)
        guard let first = items.first else { throw fail(field, "empty") }
        let params = items.count > 1 && items[1].tag != 0x05 ? items[1].encoded : nil
        return AlgorithmIdentifier(oid: try oid(first, field: field), parametersDER: params)
    }

    /// A BIT STRING's content without the unused-bits byte; `aligned` requires zero unused bits.
    func bitString(_ tlv: TLV, field: String, aligned: Bool = true) throws(PassiveAuthError) -> [UInt8] {
        guard tlv.tag == 0x03, let unused = tlv.value.first, unused < 8 else { throw fail(field, "not a BIT STRING") }
        if aligned && unused != 0 { throw fail(field, "BIT STRING is not byte-aligned") }
        return Array(tlv.value.dropFirst())
    }

    /// A UTCTime (`17`) or GeneralizedTime (`18`) in UTC (`Z`), seconds required.
    func time(_ tlv: TLV, field: String) throws(PassiveAuthError) -> Date {
        guard let text = String(validating: tlv.value, as: UTF8.self), text.hasSuffix("Z") else {
            throw fail(field, "time is not text ending in Z")
        }
        let digits = Array(text.dropLast())
        let yearDigits: Int
        switch (tlv.tag.rawValue, digits.count) {
        case (0x17, 12): yearDigits = 2
        case (0x18, 14): yearDigits = 4
        default: throw fail(field, "unsupported time format \(text)")
        }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { throw fail(field, "time \(text) is not numeric") }
        func number(_ from: Int, _ count: Int) -> Int { Int(String(digits[from..<(from + count)])) ?? -1 }
        var year = number(0, yearDigits)
        if yearDigits == 2 { year += year >= 50 ? 1900 : 2000 }
        let o = yearDigits
        let (month, day, hour, minute, second) = (number(o, 2), number(o + 2, 2), number(o + 4, 2), number(o + 6, 2), number(o + 8, 2))
        guard let date = CalendarDate(year: year, month: month, day: day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { throw fail(field, "time \(text) is out of range") }
        let seconds = Self.daysSinceEpoch(date) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days from 1970-01-01 to `d` (Howard Hinnant's days-from-civil).
    static func daysSinceEpoch(_ d: CalendarDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
