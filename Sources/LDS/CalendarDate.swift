/// A day in the proleptic Gregorian calendar, without time or time zone.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A valid date, or nil (month 1–12, day within the month, year 1–9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// True for Gregorian leap years.
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CalendarDate? {
        let y = year + years
        return CalendarDate(year: y, month: month, day: min(day, Self.daysIn(month: month, year: y)))
    }

    /// Whole years from `self` to `other` (an age on `other`); negative when `other` is earlier.
    public func years(until other: CalendarDate) -> Int {
        var n = other.year - year
        if (other.month, other.day) < (month, day) { n -= 1 }
        return n
    }

    /// `YYMMDD` as in the MRZ.
    public var yymmdd: String { pad(year % 100) + pad(month) + pad(day) }

    /// `dd/MM/yyyy` as printed on Vietnamese documents.
    public var ddMMyyyy: String { pad(day) + "/" + pad(month) + "/" + String(year) }

    /// ISO 8601 `yyyy-MM-dd`.
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + pad(month) + "-" + pad(day)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let d = CalendarDate(year: parts[0], month: parts[1], day: parts[2]) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not yyyy-MM-dd: \(text)"))
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    private func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
