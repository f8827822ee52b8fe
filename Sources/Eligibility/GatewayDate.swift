import Foundation

/// A calendar date as the gateway writes it (`dd/MM/yyyy`), without time zone games.
public struct GatewayDate: Sendable, Codable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A checked date; throws when the day does not exist.
    public init(year: Int, month: Int, day: Int) throws(EligibilityError) {
        guard (1900...2199).contains(year), (1...12).contains(month),
              (1...GatewayDate.days(inMonth: month, year: year)).contains(day)
        else { throw .invalidInput(field: "date", reason: "\(day)/\(month)/\(year) is not a calendar date") }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `dd/MM/yyyy`; an 8-digit `ddMMyyyy` is rejected as the gateway does.
    public init(parsing text: String, field: String = "date") throws(EligibilityError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 8, t.allSatisfy(\.isASCIIDigit) {
            throw .invalidInput(field: field, reason: "'ddMMyyyy' without separators is rejected by the gateway; write dd/MM/yyyy")
        }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2])
        else { throw .invalidInput(field: field, reason: "expected dd/MM/yyyy, got \(t.count) characters") }
        do { try self.init(year: y, month: m, day: d) } catch { throw .invalidInput(field: field, reason: "not a calendar date") }
    }

    /// The calendar date of `date` in Vietnam (UTC+7, no daylight saving).
    public init(_ date: Date) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = GatewayDate.vietnam
        let c = cal.dateComponents([.year, .month, .day], from: date)
        year = c.year ?? 1970
        month = c.month ?? 1
        day = c.day ?? 1
    }

    /// `dd/MM/yyyy`.
    public var text: String { String(format: "%02d/%02d/%04d", day, month, year) }
    public var description: String { text }

    /// This date plus `months` months (day clamped to the month's length).
    public func adding(months: Int) -> GatewayDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12
        let m = total % 12 + 1
        let d = min(day, GatewayDate.days(inMonth: m, year: y))
        return (try? GatewayDate(year: y, month: m, day: d)) ?? self
    }

    public static func < (a: GatewayDate, b: GatewayDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Vietnam's time zone (UTC+7).
    public static let vietnam = TimeZone(secondsFromGMT: 7 * 3600) ?? .gmt

    static func days(inMonth m: Int, year y: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// The `ngaySinh` of a look-up: a full date or, for people whose card shows only a year, the year.
public enum BirthDate: Sendable, Codable, Equatable, Hashable {
    case date(GatewayDate)
    case yearOnly(Int)

    /// Parses `dd/MM/yyyy` or `yyyy`; rejects `ddMMyyyy`.
    public init(parsing text: String) throws(EligibilityError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 4, t.allSatisfy(\.isASCIIDigit), let y = Int(t), (1900...2199).contains(y) {
            self = .yearOnly(y)
        } else {
            self = .date(try GatewayDate(parsing: t, field: "birthDate"))
        }
    }

    /// The wire form: `dd/MM/yyyy` or `yyyy`.
    public var text: String {
        switch self {
        case .date(let d): d.text
        case .yearOnly(let y): String(format: "%04d", y)
        }
    }
}

/// Parses the token answer's `expires_in`, an absolute time such as `2017-06-14T10:44:01Z`.
///
/// Read by hand, not with (ISO8601)DateFormatter: swift-corelibs-foundation's DateFormatter leaks a character set
/// on some malformed texts (found by FuzzGatewayJSON), and three formatters per token answer were the costly part.
public enum TokenExpiry {
    /// The instant of `yyyy-MM-dd'T'HH:mm:ss` (or a space for the `T`), an optional fraction of a second, then `Z`,
    /// `±HH:mm`, `±HHmm`, or nothing: the gateway's local time (Vietnam, UTC+7). Nil for any other text or for a
    /// date or time that does not exist.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at >= 0, at + count <= b.count else { return nil }
            var value = 0
            for c in b[at..<at + count] {
                guard (0x30...0x39).contains(c) else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value
        }
        func byte(_ at: Int) -> UInt8? { at < b.count ? b[at] : nil }
        guard let year = digits(0, 4), byte(4) == 0x2D, let month = digits(5, 2), byte(7) == 0x2D, let day = digits(8, 2),
              byte(10) == 0x54 || byte(10) == 0x20, let hour = digits(11, 2), byte(13) == 0x3A, let minute = digits(14, 2),
              byte(16) == 0x3A, let second = digits(17, 2),
              (1...12).contains(month), (1...GatewayDate.days(inMonth: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var fraction = 0.0
        if byte(i) == 0x2E {  // '.'
            var scale = 0.1
            i += 1
            let first = i
            while let c = byte(i), (0x30...0x39).contains(c) {
                fraction += Double(c - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > first else { return nil }
        }
        let offset: Int
        switch byte(i) {
        case nil:
            offset = GatewayDate.vietnam.secondsFromGMT()
        case 0x5A:  // 'Z'
            offset = 0
            i += 1
        case 0x2B, 0x2D:  // '+', '-'
            let sign = b[i] == 0x2B ? 1 : -1
            let colon = byte(i + 3) == 0x3A ? 1 : 0
            guard let hours = digits(i + 1, 2), let minutes = digits(i + 3 + colon, 2), hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3_600 + minutes * 60)
            i += 5 + colon
        default:
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
