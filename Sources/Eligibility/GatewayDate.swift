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
public enum TokenExpiry {
    /// The instant, or nil when the text is not an ISO 8601 time (with or without fraction or zone).
    public static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: t) ?? withFraction.date(from: t) { return d }
        // No zone: the gateway's local time (Vietnam).
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = GatewayDate.vietnam
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss"] {
            local.dateFormat = format
            if let d = local.date(from: t) { return d }
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
