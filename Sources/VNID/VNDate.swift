import LDS

/// A date as written in DG13 or the QR code: a full day, a partial date, "no expiry", or text that was kept.
public enum VNDate: Sendable, Hashable {
    case day(CalendarDate)
    /// Month and year only (`MM/yyyy`), seen for people without a known birth day.
    case monthYear(year: Int, month: Int)
    /// Year only (`yyyy`).
    case year(Int)
    /// No expiry date (`Không thời hạn`); the text as read.
    case noExpiry(String)
    /// Text that is none of the formats above, kept as read.
    case unrecognized(String)

    /// Parses `dd/MM/yyyy`, `dd-MM-yyyy`, `dd.MM.yyyy`, `ddMMyyyy`, `yyyy-MM-dd`, `yyyyMMdd`, `MM/yyyy`, `yyyy`
    /// and "no expiry" wording; anything else is `.unrecognized`.
    public init(text raw: String) {
        let text = VNText.normalized(raw)
        let folded = VNText.folded(text)
        if folded.contains("KHONG THOI HAN") || folded.contains("VO THOI HAN") || folded.contains("KHONG CO THOI HAN") {
            self = .noExpiry(text)
            return
        }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        let numbers = parts.map { p in p.count <= 8 && p.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(p) : nil }
        if !parts.isEmpty, numbers.allSatisfy({ $0 != nil }) {
            let n = numbers.compactMap { $0 }
            let len = parts.map(\.count)
            let short = { (i: Int) in (1...2).contains(len[i]) }
            if n.count == 3, short(0), short(1), len[2] == 4, let d = CalendarDate(year: n[2], month: n[1], day: n[0]) {
                self = .day(d)
                return
            }
            if n.count == 3, len[0] == 4, short(1), short(2), let d = CalendarDate(year: n[0], month: n[1], day: n[2]) {
                self = .day(d)
                return
            }
            if n.count == 2, short(0), len[1] == 4, (1...12).contains(n[0]), n[1] >= 1 {
                self = .monthYear(year: n[1], month: n[0])
                return
            }
            if n.count == 1, len[0] == 8 {
                let v = n[0]
                if let d = CalendarDate(year: v % 10000, month: v / 10000 % 100, day: v / 1_000_000) {
                    self = .day(d)
                    return
                }
                if let d = CalendarDate(year: v / 10000, month: v / 100 % 100, day: v % 100) {
                    self = .day(d)
                    return
                }
            }
            if n.count == 1, len[0] == 4, n[0] >= 1 {
                self = .year(n[0])
                return
            }
        }
        self = .unrecognized(text)
    }

    /// The full day, when known.
    public var calendarDate: CalendarDate? {
        if case .day(let d) = self { return d }
        return nil
    }

    /// The year, when known.
    public var year: Int? {
        switch self {
        case .day(let d): d.year
        case .monthYear(let y, _), .year(let y): y
        default: nil
        }
    }

    /// True for `.noExpiry`.
    public var isNoExpiry: Bool {
        if case .noExpiry = self { return true }
        return false
    }

    /// `dd/MM/yyyy`, `MM/yyyy`, `yyyy` or the text kept.
    public var text: String {
        switch self {
        case .day(let d): d.ddMMyyyy
        case .monthYear(let y, let m): (m < 10 ? "0\(m)" : "\(m)") + "/\(y)"
        case .year(let y): "\(y)"
        case .noExpiry(let t), .unrecognized(let t): t
        }
    }
}
